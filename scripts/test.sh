#!/usr/bin/env bash
# Builds tflc and runs every test twice: in the Release build, then in a build with
# AddressSanitizer and UndefinedBehaviorSanitizer. Shared data comes from TFLC_SHARED
# (default ../shared beside the repository).
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${TFLC_SHARED:-$(cd .. && pwd)/shared}
[[ -d "$shared/golden" ]] || { echo "test data not found at $shared (set TFLC_SHARED)" >&2; exit 1; }
scripts/deps.sh
jobs=$(nproc)
echo "== Release build"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DTFLC_WERROR=ON -DTFLC_SHARED_DIR="$shared" >/dev/null
cmake --build build -j"$jobs"
(cd build && ctest --output-on-failure -j"$jobs")
echo "== AddressSanitizer + UndefinedBehaviorSanitizer build"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTFLC_WERROR=ON -DTFLC_SANITIZE=ON \
  -DTFLC_SHARED_DIR="$shared" >/dev/null
cmake --build build-asan -j"$jobs"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j"$jobs")
