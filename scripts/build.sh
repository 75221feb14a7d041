#!/usr/bin/env bash
# Builds tflc (Release) into build/: build/tflc, build/libtflc.so, build/libtensorflowlite_c.so.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DTFLC_WERROR=ON >/dev/null
cmake --build build -j"$(nproc)"
