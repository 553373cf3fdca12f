#!/usr/bin/env bash
# Installs every Debian 12 package the build, the tests and the fuzzers need. Used by the README
# and by .ci/run; safe to run again. Needs root (or sudo).
set -euo pipefail
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive
packages=(
  build-essential cmake ninja-build pkg-config ccache git
  libzstd-dev libxxhash-dev libepoxy-dev libegl-dev libgbm-dev libpng-dev
  libcli11-dev nlohmann-json3-dev libgtest-dev libgmock-dev libbenchmark-dev
  clang-14 libclang-rt-14-dev libfuzzer-14-dev llvm-14
  libgl1-mesa-dri libegl-mesa0 mesa-utils virgl-server libvirglrenderer-dev
  piglit xvfb xauth apitrace
)
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${packages[@]}"
