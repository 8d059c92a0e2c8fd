#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the Linux packages from the source tree (run by `make package`):
#   dist/ltc-assess/                                   PyInstaller one-folder build, both executables
#   dist/ltc-assess-<version>-linux-x86_64.tar.gz      that folder + .desktop entry + icon
#   dist/ltc-assess_<version>_amd64.deb                /opt/ltc-assess, menu entry, icon, /usr/bin links
#   dist/ltc-assess-<version>-source.tar.gz            the corresponding source (GPL-3.0 §6), see below
# With --folder only the PyInstaller folder is built (what the packaged self-test needs).
#
# Licences: the folder carries LICENSE (GPL-3.0-or-later) and SOURCES.md (where the source of
# every part is) next to the executables, and every bundled component's licence texts under
# _internal/resources/licenses/, including those of the system libraries PyInstaller copied from
# this machine (packaging/linux/collect_system_licences.py). The source archive is `git archive`
# of the commit built (with uncommitted changes to tracked files, if any) plus
# requirements-frozen.txt, the exact versions of every Python package in the build venv.
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
    find assessment_app forms scoring resources packaging pyproject.toml LICENSE -type f \
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
  $PY packaging/linux/collect_system_licences.py "$BUILD/pyinstaller/$NAME/COLLECT-00.toc" "$APP_DIR"
  cp LICENSE resources/licenses/SOURCES.md "$APP_DIR/"
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
  cp LICENSE resources/licenses/SOURCES.md "$stage/"
  local out=$DIST/$NAME-$VERSION-$ARCH_TAG.tar.gz started=$SECONDS
  tar -C "$BUILD/tar" --owner=0 --group=0 --numeric-owner -cf - "$NAME-$VERSION-$ARCH_TAG" | gzip -6 > "$out"
  log "$out: $(du -h "$out" | cut -f1) in $((SECONDS - started)) s"
}

build_deb() {
  local root=$BUILD/deb/${NAME}_${VERSION}_amd64
  rm -rf "$BUILD/deb" && mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
    "$root/usr/share/doc/$NAME" \
    "$root/usr/share/icons/hicolor/256x256/apps" "$root/usr/share/icons/hicolor/48x48/apps"
  cp -a "$APP_DIR" "$root/opt/$NAME"
  ln -s "/opt/$NAME/$NAME" "$root/usr/bin/$NAME"
  ln -s "/opt/$NAME/$NAME-gui" "$root/usr/bin/$NAME-gui"
  desktop_entry "/opt/$NAME/$NAME-gui" "ltc-assess" > "$root/usr/share/applications/$NAME.desktop"
  cp resources/icons/ltc-assess-256.png "$root/usr/share/icons/hicolor/256x256/apps/ltc-assess.png"
  cp resources/icons/ltc-assess-48.png "$root/usr/share/icons/hicolor/48x48/apps/ltc-assess.png"
  $PY packaging/linux/write_deb_copyright.py "$APP_DIR/_internal/resources/licenses/index.json" "/opt/$NAME" \
    > "$root/usr/share/doc/$NAME/copyright"
  sed -e "s|@VERSION@|$VERSION|" -e "s|@SIZE@|$(du -sk "$root" | cut -f1)|" packaging/linux/deb-control.in \
    > "$root/DEBIAN/control"
  local out=$DIST/${NAME}_${VERSION}_amd64.deb started=$SECONDS
  dpkg-deb --root-owner-group -Zgzip -z6 --build "$root" "$out" >/dev/null
  log "$out: $(du -h "$out" | cut -f1) in $((SECONDS - started)) s"
}

build_source() {
  # The source of exactly what was built: tracked files as they are now (`git stash create` makes a
  # commit of uncommitted changes without touching the work tree); an untracked input file would
  # be built but missing here, so it stops the build.
  local prefix=$NAME-$VERSION-source out=$DIST/$NAME-$VERSION-source.tar.gz
  rm -rf "$BUILD/source" && mkdir -p "$BUILD/source/$prefix"
  if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    # Built from an unpacked source archive: that tree (without what builds and runs make) is the source.
    tar -C . --exclude=./.venv --exclude=./build --exclude=./dist --exclude='*.egg-info' --exclude='__pycache__' \
      --exclude='*.qm' -cf - . | tar -x -C "$BUILD/source/$prefix"
  else
    source_from_git "$BUILD/source/$prefix"
  fi
  $PY -m pip freeze --all --exclude-editable > "$BUILD/source/$prefix/requirements-frozen.txt"
  tar -C "$BUILD/source" --owner=0 --group=0 --numeric-owner --sort=name -cf - "$prefix" | gzip -9 > "$out"
  log "$out: $(du -h "$out" | cut -f1)"
}

source_from_git() {  # $1 = the folder to fill
  local untracked commit
  untracked=$(git status --porcelain --untracked-files=all -- assessment_app forms scoring resources packaging \
    pyproject.toml LICENSE Makefile | grep '^??' || true)
  if [ -n "$untracked" ]; then log "untracked files would be built but not be in the source archive:"; echo "$untracked" >&2; exit 1; fi
  commit=$(git stash create)
  commit=${commit:-HEAD}
  git archive --format=tar "$commit" | tar -x -C "$1"
  git rev-parse "$commit" > "$1/COMMIT"
}

# Two test runs at once (or a test run and `make package`) must not build into the same folders.
mkdir -p "$BUILD"
exec 9>"$BUILD/package.lock"
flock 9

build_folder
[ "$MODE" = "--folder" ] && exit 0
build_source
build_tarball
if command -v dpkg-deb >/dev/null 2>&1; then build_deb; else log "dpkg-deb not found: no .deb"; fi
