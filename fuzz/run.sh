#!/usr/bin/env bash
# Fuzzes one tflc target with libFuzzer for a given time, and fails on any finding.
#
#   fuzz/run.sh TARGET SECONDS [BUILD_DIR]      TARGET: load | invoke | image
#
# Builds the targets with clang (-DTFLC_FUZZ=ON) in BUILD_DIR (default build-fuzz), seeds
# the corpus from the small models in $TFLC_SHARED/models (images in $TFLC_SHARED/images
# and tests/image/data for the image target) plus tests/regressions/TARGET, replays the
# regression inputs, then fuzzes with one job at nice 19. The corpus grows in
# BUILD_DIR/corpus/TARGET (kept between runs: a long local run resumes it); findings go to
# BUILD_DIR/findings/TARGET/ and make the script exit 1. Extra libFuzzer flags may be
# passed in FUZZ_FLAGS (e.g. FUZZ_FLAGS=-jobs=1 for hours-long runs: fuzz/run.sh invoke 3600).
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: fuzz/run.sh load|invoke|image SECONDS [BUILD_DIR]}
seconds=${2:?usage: fuzz/run.sh load|invoke|image SECONDS [BUILD_DIR]}
build=${3:-build-fuzz}
shared=${TFLC_SHARED:-$(cd .. && pwd)/shared}
case "$target" in load|invoke|image) ;; *) echo "unknown target $target (load, invoke, image)" >&2; exit 2;; esac
[[ -d "$shared/models" ]] || { echo "shared data not found at $shared (set TFLC_SHARED)" >&2; exit 2; }

if [[ ! -f "$build/CMakeCache.txt" ]]; then
  CC=clang cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTFLC_FUZZ=ON \
    -DTFLC_SHARED_DIR="$shared" >/dev/null
fi
nice -n 19 cmake --build "$build" -j"$(nproc)" --target "fuzz_$target" >"$build/build-$target.log" 2>&1 ||
  { tail -30 "$build/build-$target.log" >&2; echo "fuzz_$target: build failed" >&2; exit 2; }

corpus="$build/corpus/$target" seeds="$build/seeds/$target" findings="$build/findings/$target"
mkdir -p "$corpus" "$seeds" "$findings"
rm -f "$seeds"/*
# Seeds: small files only, so each run stays fast (the large hosted models add little).
if [[ $target == image ]]; then
  find "$shared/images" tests/image/data -type f -size -64k \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' -o -iname '*.bmp' \) \
    -exec cp {} "$seeds/" \;
else
  find "$shared/models" -type f -size -16k \( -name '*.tflite' -o -name '*.bin' \) \
    -exec sh -c 'for f; do cp "$f" "$0/$(echo "$f" | tr / _)"; done' "$seeds" {} +
fi
regressions=tests/regressions/$target
if [[ -d $regressions ]] && compgen -G "$regressions/*" >/dev/null; then
  # Replay every input that once crashed: each must now run clean.
  "$build/fuzz/fuzz_$target" -runs=0 "$regressions"/* >/dev/null 2>"$findings/replay.log" ||
    { echo "fuzz_$target: a regression input fails again (see $findings/replay.log)" >&2; exit 1; }
fi
max_len=$([[ $target == image ]] && echo 65536 || echo 16384)
set +e
ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1 \
  nice -n 19 "$build/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -max_len="$max_len" -print_final_stats=1 -artifact_prefix="$findings/" ${FUZZ_FLAGS:-} \
  "$corpus" "$seeds" $([[ -d $regressions ]] && echo "$regressions") >"$findings/fuzz.log" 2>&1
rc=$?
set -e
grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb|^#[0-9]+.*DONE' "$findings/fuzz.log" | sed "s/^/fuzz_$target: /" || true
artifacts=$(find "$findings" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | head)
if [[ $rc -ne 0 || -n $artifacts ]]; then
  echo "fuzz_$target: FINDING (exit $rc): $artifacts" >&2
  grep -m1 -A30 -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error|deadly signal' "$findings/fuzz.log" >&2 || tail -30 "$findings/fuzz.log" >&2
  exit 1
fi
echo "fuzz_$target: no finding in ${seconds}s"
