#!/usr/bin/env bash
# Installs the Debian packages ddbaudit builds against, when they are missing.
# Safe to run repeatedly: it does nothing when everything is present.
set -euo pipefail

# unzip: the tests open the XLSX reports they write.
packages=(pkg-config libsqlite3-dev zlib1g-dev libxlsxwriter-dev unzip)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ! command -v swift >/dev/null 2>&1; then
  echo "install-deps: the Swift toolchain (swift 6) is not on PATH; install it first" >&2
  exit 1
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-deps: need root or sudo to install ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
