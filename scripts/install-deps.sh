#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need (Debian 12 / Raspberry Pi OS). Runs apt only when a
# package is missing; uses sudo when not root. Usage: scripts/install-deps.sh [build|test]
set -euo pipefail
profile=${1:-test}

build_packages=(cmake ninja-build g++ nlohmann-json3-dev libcli11-dev libmosquitto-dev pkg-config libcivetweb-dev
                libsodium-dev)
test_packages=(googletest libgtest-dev libgmock-dev libbenchmark-dev clang libclang-rt-14-dev clang-format clang-tidy
               python3 python3-pytest python3-can python3-serial socat git mosquitto mosquitto-clients openssl
               python3-requests python3-websocket chromium wrk libssl-dev tzdata valgrind)
packages=("${build_packages[@]}")
[[ "$profile" == test ]] && packages+=("${test_packages[@]}")
# The dashboard is built with Node.js and npm: Debian's (Node 18, npm 9) unless the machine already has them (e.g.
# from NodeSource, whose nodejs bundles npm and conflicts with Debian's npm package).
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
    exit 0
fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
