#!/usr/bin/env bash
# Builds tflc and runs every test twice: in the Release build, then in a build with
# AddressSanitizer and UndefinedBehaviorSanitizer; then the shared-model thread test under
# ThreadSanitizer, and each libFuzzer target for TFLC_FUZZ_SECONDS (default 20; 0 skips).
# Shared data comes from TFLC_SHARED (default ../shared beside the repository).
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
echo "== ThreadSanitizer: one model shared by interpreters on several threads"
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_FLAGS=-fsanitize=thread \
  -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread -DCMAKE_SHARED_LINKER_FLAGS=-fsanitize=thread \
  -DTFLC_SHARED_DIR="$shared" >/dev/null
cmake --build build-tsan -j"$jobs" --target concurrency_test
TSAN_OPTIONS=halt_on_error=1:exitcode=66 TFLC_SHARED="$shared" build-tsan/tests/concurrency_test
# libFuzzer (clang; scripts/deps.sh installs it with TFLC_WITH_CLANG=1, as .ci/run does):
# each target ${TFLC_FUZZ_SECONDS:-20} s from the shared seeds, failing on any finding.
if command -v clang >/dev/null && [[ "${TFLC_FUZZ_SECONDS:-20}" != 0 ]]; then
  echo "== libFuzzer: load, invoke, image, ${TFLC_FUZZ_SECONDS:-20} s each"
  for target in load invoke image; do TFLC_SHARED="$shared" fuzz/run.sh "$target" "${TFLC_FUZZ_SECONDS:-20}"; done
else
  echo "== libFuzzer: skipped (no clang; run TFLC_WITH_CLANG=1 scripts/deps.sh)"
fi
