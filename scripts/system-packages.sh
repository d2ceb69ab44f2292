#!/usr/bin/env bash
# The Debian packages the app and its tests use beyond Python's own, installed when missing.
# As root (CI, a fresh machine) they are installed with apt-get; otherwise the command to run
# is printed and set-up goes on (the app still works, only slower or with a warning).
#   libpango-1.0-0, libpangoft2-1.0-0: WeasyPrint lays out text with Pango.
#   libharfbuzz-subset0: WeasyPrint embeds only the glyphs a PDF uses (fontTools is the slow
#     fallback, and future WeasyPrint versions require it).
#   libegl1, libxkbcommon0, libfontconfig1: Qt's platform plugins, offscreen included.
#   postgresql: the throw-away server of scripts/with-postgres.sh.
#   chromium: the real browser the privacy-policy HTML is tested in (375 px and 1280 px).
set -euo pipefail
PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libegl1 libxkbcommon0
          libfontconfig1 postgresql chromium)
command -v dpkg-query >/dev/null 2>&1 || exit 0
missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "system-packages: installing ${missing[*]}" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "system-packages: missing ${missing[*]}; install them with: sudo apt-get install ${missing[*]}" >&2
fi
