#!/bin/sh
# Installs what Spor needs to build (and, with 'test', to test) on Debian 12
# (bookworm), and nothing else. Safe to run again: it installs only what is missing.
# Uses sudo when not run as root. Every package comes from Debian.
set -eu

# What building and running the app needs.
APP_PACKAGES="
  build-essential cmake pkg-config git
  libsqlite3-dev sqlite3
  libsodium-dev
  libtss2-dev
  libcereal-dev rapidjson-dev
  doctest-dev
  libimgui-dev libsdl2-dev libstb-dev
  libespeak-ng-dev espeak-ng-data
  libboost-math-dev
  libreadstat-dev
  fonts-dejavu-core
"

# What the full test suite needs on top: clang and its sanitizer runtime for
# the fuzzers, age and minisign for the sync benchmark's comparison, Chromium
# to load and print the HTML report, poppler-utils to read the printed PDF,
# PSPP to read the exported .sav, lintian to check the .deb, mmdebstrap to
# install it into a fresh Debian 12 root, swtpm for the software TPM the TPM
# tests start (tests/tpm; the arm64 suite under qemu starts the same amd64
# swtpm).
TEST_PACKAGES="
  clang libclang-rt-14-dev age minisign
  chromium pspp poppler-utils lintian mmdebstrap
  swtpm
"

# What the cross builds need (toolchains/*.cmake; the cross.* tests and the
# arm64 and windows-core presets): the compilers, qemu and the arm64 C and
# C++ runtime to run the arm64 tests, and the arm64 builds of the libraries
# (multiarch: they install beside the amd64 ones, and apt keeps both at the
# same version). Not here:
# the header-only rapidjson-dev and doctest-dev (Architecture: all) and
# libcereal-dev (not Multi-Arch, so it cannot be installed for both; the
# arm64 toolchain uses the build machine's copy), and fonts-dejavu-core.
CROSS_PACKAGES="
  g++-aarch64-linux-gnu qemu-user-static libc6:arm64 libstdc++6:arm64
  libsqlite3-dev:arm64 libsodium-dev:arm64 libtss2-dev:arm64
  libimgui-dev:arm64 libsdl2-dev:arm64 libstb-dev:arm64
  libespeak-ng-dev:arm64 espeak-ng-data:arm64
  libboost-math-dev:arm64 libreadstat-dev:arm64
  g++-mingw-w64-x86-64-posix
"

case "${1:-app}" in
  app) PACKAGES="$APP_PACKAGES" ;;
  test) PACKAGES="$APP_PACKAGES $TEST_PACKAGES $CROSS_PACKAGES" ;;
  cross) PACKAGES="$APP_PACKAGES $CROSS_PACKAGES" ;;
  *)
    echo "usage: sh toolchains/setup-debian.sh [app|test|cross]" >&2
    echo "  app    what building and running Spor needs (default)" >&2
    echo "  test   that, plus what the full test suite needs (the cross builds too)" >&2
    echo "  cross  app, plus the cross compilers, qemu and the arm64 libraries" >&2
    exit 2
    ;;
esac

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

if [ -z "$missing" ]; then
  echo "setup-debian: all packages present"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "setup-debian: these packages are missing and you are not root (and sudo is not installed):$missing" >&2
  echo "setup-debian: install them as root with: apt-get install$missing" >&2
  exit 1
fi

# The :arm64 packages need arm64 as a foreign architecture (once per machine).
case "$missing" in
  *:arm64*)
    if ! dpkg --print-foreign-architectures | grep -qx arm64; then
      echo "setup-debian: adding arm64 as a foreign architecture (dpkg --add-architecture arm64)"
      $SUDO dpkg --add-architecture arm64
    fi
    ;;
esac

echo "setup-debian: installing$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
