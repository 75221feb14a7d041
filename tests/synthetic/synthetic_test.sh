#!/usr/bin/env bash
# synthetic_test.sh TFLC_SYNTH TFLC WORKDIR [ARCH...]
#
# Issue 4: for each synthetic architecture (all of `tflc_synth --list`, or the ARCHs named) in
# float32 and uint8: generate the model, check that `tflc info` shows exactly the op set of the
# original, run it in real TensorFlow Lite 2.9 (ref-run, builtin kernels) on seeded random
# inputs and in tflc on the same inputs, and compare: integers exact, floats within 1e-4 of the
# largest reference magnitude (compare_outputs.py). One line per case; exit 1 when any fails.
# It fails, not skips, when ref-run is missing: the comparison is the point of the test.
set -u
[[ $# -ge 3 ]] || { echo "usage: $0 TFLC_SYNTH TFLC WORKDIR [ARCH...]" >&2; exit 2; }
synth=$1 tflc=$2 work=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
shared=${TFLC_SHARED:-$here/../../../shared}
ref_run=$shared/reference/ref-run
python=/usr/bin/python3

WEIGHT_SEED=1   # tflc_synth --seed: weights, and the uint8 calibration input
INPUT_SEED=7    # ref-run --random-inputs: the input both runtimes get

if [[ ! -x $ref_run ]]; then
  echo "FAIL: $ref_run not found: real TensorFlow Lite is needed (../shared/reference/setup.sh installs it)"
  exit 1
fi
if ! $python -c 'import numpy' 2>/dev/null; then
  echo "FAIL: $python with numpy is needed to compare outputs (apt-get install python3-numpy)"
  exit 1
fi

# The op names `tflc info MODEL` lists, sorted and comma separated.
ops_of() {
  "$tflc" info "$1" | awk '/^ops \(/ {on = 1; next} on && /^  [A-Z]/ {print $1; next} on {exit}' | sort | paste -sd, -
}

# One case: prints "ARCH DTYPE ok|FAIL ..." and returns 1 on a failure.
run_case() {
  local arch=$1 dtype=$2 want_ops=$3
  local dir=$work/$arch.$dtype model=$work/$arch.$dtype/model.tflite
  rm -rf "$dir" && mkdir -p "$dir"
  if ! "$synth" "$arch" "$dtype" "$model" --seed $WEIGHT_SEED 2>"$dir/synth.err"; then
    echo "$arch $dtype FAIL: tflc_synth: $(cat "$dir/synth.err")"
    return 1
  fi
  local got_ops
  got_ops=$(ops_of "$model")
  if [[ $got_ops != "$want_ops" ]]; then
    echo "$arch $dtype FAIL: tflc info shows ops $got_ops, the original has $want_ops"
    return 1
  fi
  if ! "$ref_run" "$model" --random-inputs $INPUT_SEED --out "$dir/ref" >"$dir/ref.log" 2>&1; then
    echo "$arch $dtype FAIL: ref-run: $(tail -3 "$dir/ref.log")"
    return 1
  fi
  if ! "$tflc" run "$model" --input 0="$dir/ref/input_0.bin" --output-dir "$dir/tflc" >"$dir/tflc.log" 2>&1; then
    echo "$arch $dtype FAIL: tflc run: $(tail -3 "$dir/tflc.log")"
    return 1
  fi
  local report status=0
  report=$($python "$here/compare_outputs.py" "$dir/ref" "$dir/tflc") || status=1
  echo "$arch $dtype $([[ $status == 0 ]] && echo ok || echo FAIL): ops $got_ops"
  sed 's/^/    /' <<<"$report"
  [[ $status == 0 ]] && rm -rf "$dir"  # keep a failing case's model and outputs to look at
  return $status
}

# The same architecture, dtype and seed must give the same file, byte for byte.
check_reproducible() {
  local arch=$1 dtype=$2 dir=$work/reproducible
  rm -rf "$dir" && mkdir -p "$dir"
  "$synth" "$arch" "$dtype" "$dir/a.tflite" --seed $WEIGHT_SEED &&
    "$synth" "$arch" "$dtype" "$dir/b.tflite" --seed $WEIGHT_SEED && cmp -s "$dir/a.tflite" "$dir/b.tflite" &&
    "$synth" "$arch" "$dtype" "$dir/c.tflite" --seed $((WEIGHT_SEED + 1)) && ! cmp -s "$dir/a.tflite" "$dir/c.tflite"
  local status=$?
  echo "$arch $dtype $([[ $status == 0 ]] && echo ok || echo FAIL): same seed, same bytes; another seed, other bytes"
  rm -rf "$dir"
  return $status
}

mkdir -p "$work" || exit 1
list=$("$synth" --list) || { echo "FAIL: $synth --list"; exit 1; }
[[ $# -gt 0 ]] || set -- $(awk '{print $1}' <<<"$list")
failed=0 cases=0
for arch in "$@"; do
  want_ops=$(awk -v a="$arch" '$1 == a {print $2}' <<<"$list")
  if [[ -z $want_ops ]]; then
    echo "$arch FAIL: not an architecture of tflc_synth --list"
    failed=$((failed + 1))
    continue
  fi
  for dtype in float uint8; do
    cases=$((cases + 1))
    run_case "$arch" "$dtype" "$want_ops" || failed=$((failed + 1))
  done
done
cases=$((cases + 1))
check_reproducible "$1" uint8 || failed=$((failed + 1))
echo "$((cases - failed)) passed, $failed failed"
[[ $failed == 0 ]]
