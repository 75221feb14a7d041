#!/usr/bin/env bash
# Installs the Debian packages tflc needs to build and test, when any is missing.
# Sourced or run by build.sh and test.sh; safe to run twice.
set -euo pipefail
packages=(build-essential cmake pkg-config libjpeg-dev libpng-dev zlib1g-dev libcurl4-openssl-dev libstb-dev python3-numpy python3-pip)
[[ "${TFLC_WITH_CLANG:-0}" == 1 ]] && packages+=(clang libclang-rt-14-dev)
# The C API client tests (tests/capi/clients): Go, and Node.js with headers and npm's node-gyp. A
# Node.js installed otherwise (NodeSource's nodejs bundles npm) is kept: Debian's npm conflicts with it.
packages+=(golang-go)
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then packages+=(nodejs npm); fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
((${#missing[@]} == 0)) && exit 0
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null; then sudo=sudo; else
    echo "tflc needs these Debian packages: ${missing[*]}" >&2
    echo "install them as root: apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
echo "installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
