#!/usr/bin/env bash
# `tflc run --reference` (reference kernels) and `tflc run --threads 2` (optimized kernels on two
# threads) write the same bytes as plain `tflc run`; `tflc bench --json` prints one JSON object
# with the documented keys, and benchmark_model's flag names are accepted.
# usage: run_reference.sh TFLC SHARED GOLDEN_NAME...
set -u
tflc=$1 shared=$2; shift 2
passed=0 failed=0
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
check() { if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $*"; fi; }
for name in "$@"; do
  case_dir=$(ls -d "$shared/golden/$name"/*/ | head -n 1)
  model=$(sed -n 's/.*"model": "shared\/\([^"]*\)".*/\1/p' "$case_dir/meta.json")
  inputs=()
  for f in "$case_dir"input_*.bin; do k=${f##*input_}; inputs+=(--input "${k%.bin}=$f"); done
  mkdir -p "$out/fast" "$out/ref" "$out/two"
  check "$tflc" run "$shared/$model" "${inputs[@]}" --output-dir "$out/fast"
  check "$tflc" run "$shared/$model" "${inputs[@]}" --output-dir "$out/ref" --reference
  check "$tflc" run "$shared/$model" "${inputs[@]}" --output-dir "$out/two" --threads 2
  check diff -r "$out/fast" "$out/ref"
  check diff -r "$out/fast" "$out/two"
  json=$("$tflc" bench "$shared/$model" --runs 3 --warmup 1 --json)
  for key in init_ms first_ms median_ms min_ms mean_ms peak_rss_kb; do check grep -q "\"$key\": [0-9]" <<<"$json"; done
  check test "$(wc -l <<<"$json")" -eq 1
  check "$tflc" bench --graph="$shared/$model" --num_threads=2 --num_runs=2 --warmup_runs=0 --json
  rm -rf "$out"/*
done
echo "$passed passed, $failed failed"
[[ $failed -eq 0 && $passed -gt 0 ]]
