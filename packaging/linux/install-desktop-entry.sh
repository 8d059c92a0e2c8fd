#!/usr/bin/env sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Adds this unpacked folder's application to the current user's desktop menu (no root needed).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
apps=${XDG_DATA_HOME:-$HOME/.local/share}/applications
icons=${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps
mkdir -p "$apps" "$icons"
cp "$here/ltc-assess.png" "$icons/ltc-assess.png"
sed -e "s|^Exec=ltc-assess-gui|Exec=\"$here/ltc-assess/ltc-assess-gui\"|" "$here/ltc-assess.desktop" > "$apps/ltc-assess.desktop"
echo "menu entry installed: $apps/ltc-assess.desktop"
