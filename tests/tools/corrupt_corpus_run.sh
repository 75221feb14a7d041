#!/usr/bin/env bash
# Issue 9: thousands of corrupted models through `tflc run`, none may crash, hang or trip a
# sanitizer.
#
#   corrupt_corpus_run.sh TFLC CORRUPT_GEN SHARED WORKDIR
#
# Seeds: every model in SHARED/models/hosted and those under 5 MB in variants/ and testdata/.
# corrupt_gen (tests/tools/corrupt_gen.c) makes PER_MODEL corrupted copies of each seed per
# generator seed (truncations, bit flips, byte overwrites, and structure-aware rewrites of
# shapes, types, indices, options, quantization, vector lengths and offsets); each goes through
# `tflc run MODEL --output-dir D` with zeroed inputs under `timeout`. A copy passes when tflc
# exits 1 with a "tflc: " message on stderr (refused), or 0 when the mutation left a valid
# model (ran); anything else -- another status, a signal, a timeout, a sanitizer report, an
# exit 1 without a message -- fails the test, and the model and its stderr are kept in
# WORKDIR/failures/.
#
# Each seed model runs first, unmutated: it must pass as well, and its copies get
# TFLC_CORPUS_TIMEOUT + 4 x its own run time. In the quick mode (the ctest) a seed whose own run
# takes over TFLC_CORPUS_SLOW_SEED_S (default 5 s; 0 = none) is skipped, with a line saying so
# (under ASan: conv_huge_im2col.bin, ~30 s, and style_transfer_quantized_dynamic, ~15 s), and
# seeds over 1 MB or over 1 s get TFLC_CORPUS_PER_LARGE_MODEL copies.
# Environment: TFLC_CORPUS_PER_MODEL copies per seed model and generator seed (default 24),
# TFLC_CORPUS_PER_LARGE_MODEL (default a quarter of it), TFLC_CORPUS_SEEDS (generator seeds, default "9"),
# TFLC_CORPUS_JOBS (parallel runs, default 2), TFLC_CORPUS_TIMEOUT (seconds, default 120).
# TFLC_CORPUS_LONG=1 is the long mode: 20 copies of every seed model, none skipped, for each of the
# generator seeds 101 102 103 (5,040 models).
# TFLC_CORPUS_REPLAY=DIR runs the .tflite files of DIR as they are instead (kept failures).
# Results: WORKDIR/results.tsv (verdict, file, message or failure, milliseconds) and
# WORKDIR/manifest.tsv (file, what was done to it).
set -u
tflc=$1 gen=$2 shared=$3 work=$4
per_model=${TFLC_CORPUS_PER_MODEL:-24} seeds=${TFLC_CORPUS_SEEDS:-9}
per_large=${TFLC_CORPUS_PER_LARGE_MODEL:-$((per_model / 4))}
if [[ ${TFLC_CORPUS_LONG:-0} == 1 ]]; then
  per_model=${TFLC_CORPUS_PER_MODEL:-20} per_large=${TFLC_CORPUS_PER_LARGE_MODEL:-20} seeds=${TFLC_CORPUS_SEEDS:-101 102 103}
fi
jobs=${TFLC_CORPUS_JOBS:-2} base_limit=${TFLC_CORPUS_TIMEOUT:-120} slow_s=${TFLC_CORPUS_SLOW_SEED_S:-5}
[[ ${TFLC_CORPUS_LONG:-0} == 1 ]] && slow_s=${TFLC_CORPUS_SLOW_SEED_S:-0}
limit=$base_limit
[[ -x $tflc && -x $gen && -d $shared/models/hosted ]] || { echo "usage: $0 TFLC CORRUPT_GEN SHARED WORKDIR" >&2; exit 2; }
rm -rf "$work" && mkdir -p "$work/failures" || exit 2
results=$work/results.tsv
: >"$results"

# A sanitizer report exits 86/87, never 1, so it cannot pass for a refusal.
export ASAN_OPTIONS=exitcode=86:detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=exitcode=87:halt_on_error=1:print_stacktrace=1

# Runs one model; appends "verdict<TAB>model<TAB>detail" to the results (one short write).
run_one() {
  local model=$1 dir verdict detail rc
  dir=$(mktemp -d "$work/run.XXXXXX") || return
  local began=$EPOCHREALTIME
  timeout -k 5 "$limit" "$tflc" run "$model" --output-dir "$dir/out" >/dev/null 2>"$dir/err"
  rc=$?
  local ms=$(( (${EPOCHREALTIME/./} - ${began/./}) / 1000 ))
  local message
  message=$(grep -a -m1 '^tflc: ' "$dir/err" | cut -c7-300)
  message=${message//$model/MODEL}
  if grep -aqE 'Sanitizer|runtime error:|^SUMMARY:' "$dir/err"; then verdict=FAIL detail="sanitizer report (exit $rc)"
  elif [[ $rc -eq 0 ]]; then verdict=ran detail=-
  elif [[ $rc -eq 1 && -n $message ]]; then verdict=refused detail=$message
  elif [[ $rc -eq 124 || $rc -eq 137 ]]; then verdict=FAIL detail="timeout after ${limit}s"
  elif [[ $rc -gt 128 ]]; then verdict=FAIL detail="signal $((rc - 128))"
  else verdict=FAIL detail="exit $rc, message '${message}'"
  fi
  if [[ $verdict == FAIL ]]; then
    local keep=$work/failures/$(basename "$model")
    cp "$model" "$keep" && cp "$dir/err" "$keep.stderr"
  fi
  [[ $verdict != FAIL ]] && verdict=${tag:-}$verdict # tag=seed- marks the unmutated models
  printf '%s\t%s\t%s\t%s\n' "$verdict" "$(basename "$model")" "${detail//$'\t'/ }" "$ms" >>"$results"
  rm -rf "$dir"
}
export -f run_one
export tflc work limit results

mapfile -d '' models < <({ find "$shared/models/hosted" -type f \( -name '*.tflite' -o -name '*.bin' \) -print0
  find "$shared/models/variants" "$shared/models/testdata" -type f -size -5M \( -name '*.tflite' -o -name '*.bin' \) -print0; } | sort -z)
start=$SECONDS
if [[ -n ${TFLC_CORPUS_REPLAY:-} ]]; then
  # Replay mode: the files of a directory as they are (kept failures).
  models=() seeds=replay per_model=1
  find "$TFLC_CORPUS_REPLAY" -type f -name '*.tflite' -print0 | xargs -0 -r -n1 -P"$jobs" bash -c 'run_one "$0"'
fi
for seed in $seeds; do
  [[ $seed == replay ]] && break
  for model in "${models[@]}"; do
    name=$(basename "$model"); name=${name%.*}; name=${name//[^A-Za-z0-9_.-]/_}
    count=$per_model
    # Models over 1 MB, or whose own run takes over a second, get fewer copies in the quick mode.
    [[ $(stat -c %s "$model") -gt 1048576 ]] && count=$per_large
    # The model itself first: it must pass too, and its run time sets its copies' time limit (a copy
    # may legitimately do all of its work: conv_huge_im2col.bin takes 15-40 s under ASan, more when loaded).
    tag=seed- limit=$((base_limit * 5)) run_one "$model"
    seed_ms=$(tail -n1 "$results" | cut -f4)
    if [[ $slow_s -gt 0 && $seed_ms -gt $((slow_s * 1000)) ]]; then
      echo "skipped $name: its own run takes $((seed_ms / 1000)) s (over TFLC_CORPUS_SLOW_SEED_S=$slow_s)"
      continue
    fi
    [[ $seed_ms -gt 1000 ]] && count=$per_large
    export limit=$((base_limit + 4 * seed_ms / 1000))
    batch=$work/gen
    rm -rf "$batch" && mkdir -p "$batch"
    "$gen" "$model" "$batch" "$count" "$seed" "s${seed}_$name" >/dev/null ||
      { echo "FAIL corrupt_gen $model"; printf 'FAIL\t%s\tgenerator failed\t0\n' "$name" >>"$results"; continue; }
    cat "$batch"/*.manifest >>"$work/manifest.tsv"
    find "$batch" -name '*.tflite' -print0 | xargs -0 -r -n1 -P"$jobs" bash -c 'run_one "$0"'
  done
done
rm -rf "$work/gen"

refused=$(grep -ac '^refused' "$results") ran=$(grep -ac '^ran' "$results") failed=$(grep -ac '^FAIL' "$results")
total=$((refused + ran + failed))
if [[ $seeds == replay ]]; then
  echo "$total models from $TFLC_CORPUS_REPLAY in $((SECONDS - start)) s:"
else
  echo "seed models: $(grep -ac '^seed-ran' "$results") ran, $(grep -ac '^seed-refused' "$results") refused with a message"
  echo "$total corrupted models from ${#models[@]} seed models (generator seeds: $seeds; $per_model copies each," \
    "$per_large of those over 1 MB or 1 s) in $((SECONDS - start)) s:"
fi
echo "  $refused refused with a message (exit 1), $ran still valid and ran (exit 0), $failed failed"
echo "refusals by message class (numbers and names folded):"
grep -a '^refused' "$results" | cut -f3 | sed -E 's/^MODEL: //; s/\([^)]*[/:;][^)]*\)/(X)/g; s/\([^)]{25,}\)/(X)/g' |
  sed -E "s/'[^']*'/'X'/g; s/\"[^\"]*\"/\"X\"/g; s/-?[0-9]+(\.[0-9]+)?(e[-+]?[0-9]+)?/N/g" | cut -c1-80 | sort | uniq -c | sort -rn | head -40
if [[ $failed -gt 0 ]]; then
  echo "FAILURES (models and stderr kept in $work/failures):"
  grep -a '^FAIL' "$results" | head -50
  for f in $(grep -a '^FAIL' "$results" | cut -f2 | head -20); do
    grep -ah "^$f" "$work/manifest.tsv" | cut -c1-300
  done
fi
[[ $failed -eq 0 && $total -gt 0 ]]
