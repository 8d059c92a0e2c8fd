#!/usr/bin/env bash
# Builds the Linux packages from the source tree (run by `make package`):
#   dist/ltc-assess/                                   PyInstaller one-folder build, both executables
#   dist/ltc-assess-<version>-linux-x86_64.tar.gz      that folder + .desktop entry + icon
#   dist/ltc-assess_<version>_amd64.deb                /opt/ltc-assess, menu entry, icon, /usr/bin links
# With --folder only the PyInstaller folder is built (what the packaged self-test needs).
#
# The PyInstaller step (about two minutes on two cores) is skipped when nothing it reads has
# changed: a SHA-256 over the sources, resources, spec and the installed packages is kept in
# build/pyinstaller.inputs; the folder is rebuilt only when it differs.
set -euo pipefail
cd "$(dirname "$0")/../.."

PY=${PY:-.venv/bin/python}
MODE=${1:-all}
NAME=ltc-assess
DIST=dist
BUILD=build
APP_DIR=$DIST/$NAME
STAMP_FILE=$BUILD/pyinstaller.inputs

VERSION=$($PY -c 'from assessment_app import APP_VERSION; print(APP_VERSION)')
ARCH_TAG=linux-x86_64

log() { echo "package: $*" >&2; }

inputs_hash() {
  {
    find assessment_app forms scoring resources packaging pyproject.toml -type f \
      ! -path '*/__pycache__/*' ! -name '*.pyc' ! -name '*.qm' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
    $PY -m pip freeze --all 2>/dev/null | grep -v '^-e'
    $PY --version
  } | sha256sum | cut -d' ' -f1
}

build_folder() {
  $PY -c 'import PyInstaller' 2>/dev/null || { log "installing the package extra"; $PY -m pip install --quiet -e '.[package]'; }
  for ts in resources/translations/*.ts; do
    [ "${ts%.ts}.qm" -nt "$ts" ] || .venv/bin/pyside6-lrelease -silent "$ts" -qm "${ts%.ts}.qm"
  done
  local hash
  hash=$(inputs_hash)
  if [ -x "$APP_DIR/$NAME" ] && [ -x "$APP_DIR/$NAME-gui" ] && [ "$(cat "$STAMP_FILE" 2>/dev/null)" = "$hash" ]; then
    log "PyInstaller folder is up to date ($APP_DIR, inputs ${hash:0:12})"
    return
  fi
  rm -f "$STAMP_FILE"
  local started=$SECONDS
  $PY -m PyInstaller --noconfirm --clean --log-level WARN --distpath "$DIST" --workpath "$BUILD/pyinstaller" \
    packaging/ltc-assess.spec
  mkdir -p "$BUILD"
  echo "$hash" > "$STAMP_FILE"
  log "PyInstaller folder built in $((SECONDS - started)) s: $(du -sh "$APP_DIR" | cut -f1)"
}

desktop_entry() {  # $1 = Exec, $2 = Icon
  sed -e "s|@EXEC@|$1|" -e "s|@ICON@|$2|" packaging/linux/ltc-assess.desktop.in
}

build_tarball() {
  local stage=$BUILD/tar/$NAME-$VERSION-$ARCH_TAG
  rm -rf "$BUILD/tar" && mkdir -p "$stage"
  cp -a "$APP_DIR" "$stage/$NAME"
  cp resources/icons/ltc-assess-256.png "$stage/ltc-assess.png"
  desktop_entry "ltc-assess-gui" "ltc-assess" > "$stage/ltc-assess.desktop"
  install -m 0755 packaging/linux/install-desktop-entry.sh "$stage/install-desktop-entry.sh"
  local out=$DIST/$NAME-$VERSION-$ARCH_TAG.tar.gz started=$SECONDS
  tar -C "$BUILD/tar" --owner=0 --group=0 --numeric-owner -cf - "$NAME-$VERSION-$ARCH_TAG" | gzip -6 > "$out"
  log "$out: $(du -h "$out" | cut -f1) in $((SECONDS - started)) s"
}

build_deb() {
  local root=$BUILD/deb/${NAME}_${VERSION}_amd64
  rm -rf "$BUILD/deb" && mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
    "$root/usr/share/icons/hicolor/256x256/apps" "$root/usr/share/icons/hicolor/48x48/apps"
  cp -a "$APP_DIR" "$root/opt/$NAME"
  ln -s "/opt/$NAME/$NAME" "$root/usr/bin/$NAME"
  ln -s "/opt/$NAME/$NAME-gui" "$root/usr/bin/$NAME-gui"
  desktop_entry "/opt/$NAME/$NAME-gui" "ltc-assess" > "$root/usr/share/applications/$NAME.desktop"
  cp resources/icons/ltc-assess-256.png "$root/usr/share/icons/hicolor/256x256/apps/ltc-assess.png"
  cp resources/icons/ltc-assess-48.png "$root/usr/share/icons/hicolor/48x48/apps/ltc-assess.png"
  sed -e "s|@VERSION@|$VERSION|" -e "s|@SIZE@|$(du -sk "$root" | cut -f1)|" packaging/linux/deb-control.in \
    > "$root/DEBIAN/control"
  local out=$DIST/${NAME}_${VERSION}_amd64.deb started=$SECONDS
  dpkg-deb --root-owner-group -Zgzip -z6 --build "$root" "$out" >/dev/null
  log "$out: $(du -h "$out" | cut -f1) in $((SECONDS - started)) s"
}

# Two test runs at once (or a test run and `make package`) must not build into the same folders.
mkdir -p "$BUILD"
exec 9>"$BUILD/package.lock"
flock 9

build_folder
[ "$MODE" = "--folder" ] && exit 0
build_tarball
if command -v dpkg-deb >/dev/null 2>&1; then build_deb; else log "dpkg-deb not found: no .deb"; fi
