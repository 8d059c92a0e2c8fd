#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian/Ubuntu system libraries that Qt (PySide6 wheels, xcb and offscreen
# platforms, QtMultimedia) and OpenCV load at run time, when they are missing.
# As root it runs apt-get; otherwise it prints the command to run. Elsewhere it does nothing.
# With --test-tools it also installs the independent tools the tests check our files with;
# with --agency only PostgreSQL's server binaries (`make agency`'s throwaway cluster).
set -euo pipefail

# "a|b" = either package satisfies the need (Debian 13 renamed some libraries with a t64 suffix).
NEEDED=(
  libgl1 libegl1 "libglib2.0-0t64|libglib2.0-0" libfontconfig1 libfreetype6 libdbus-1-3
  libxkbcommon0 libxkbcommon-x11-0 libx11-6 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4
  libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xfixes0
  libxcb-xinerama0 libxcb-xkb1 libxrender1 libxext6 libsm6 libice6 libpulse0
)

if [ "${1:-}" = "--test-tools" ]; then
  # age decrypts our bundles, ffprobe (ffmpeg) decodes our video, pdfsig/pdffonts/pdftoppm
  # (poppler-utils) check our PDFs: independent tools, so the tests do not only trust our own code.
  # postgresql: the agency server's tests start throwaway clusters from its server binaries
  # (assessment_app/agency/local_cluster.py; the package also creates the `postgres` user they run as);
  # curl: bench/agency.py's upload baseline.
  NEEDED+=(age ffmpeg poppler-utils postgresql curl)
fi
if [ "${1:-}" = "--agency" ]; then
  NEEDED+=(postgresql)
fi

command -v dpkg-query >/dev/null 2>&1 || { echo "ensure-system-libs: not a Debian-like system; skipping." >&2; exit 0; }

installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }

missing=()
for need in "${NEEDED[@]}"; do
  IFS='|' read -r -a choices <<<"$need"
  ok=no
  for candidate in "${choices[@]}"; do installed "$candidate" && { ok=yes; break; }; done
  [ "$ok" = yes ] || missing+=("$need")
done
if ! "${PYTHON:-python3}" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  missing+=("python3-venv")
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-system-libs: missing system packages: ${missing[*]//|/ or }" >&2
  echo "  install them with: sudo apt-get install ${missing[*]%%|*}" >&2
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
to_install=()
for need in "${missing[@]}"; do
  IFS='|' read -r -a choices <<<"$need"
  for candidate in "${choices[@]}"; do
    if [ -n "$(apt-cache policy "$candidate" 2>/dev/null | awk '/Candidate:/ && $2 != "(none)" {print $2}')" ]; then
      to_install+=("$candidate"); break
    fi
  done
done
echo "ensure-system-libs: installing ${to_install[*]}" >&2
apt-get install -y -qq --no-install-recommends "${to_install[@]}" >/dev/null
