#!/usr/bin/env bash
# `tflc run` reproduces golden cases byte for byte: feeds input_K.bin, compares output_K.bin.
# usage: run_golden.sh TFLC SHARED GOLDEN_NAME...
set -u
tflc=$1 shared=$2; shift 2
passed=0 failed=0
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
for name in "$@"; do
  for case_dir in "$shared/golden/$name"/*/; do
    model=$(sed -n 's/.*"model": "shared\/\([^"]*\)".*/\1/p' "$case_dir/meta.json")
    inputs=()
    for f in "$case_dir"input_*.bin; do k=${f##*input_}; inputs+=(--input "${k%.bin}=$f"); done
    rm -f "$out"/*
    if ! "$tflc" run "$shared/$model" "${inputs[@]}" --output-dir "$out"; then
      failed=$((failed + 1)); echo "FAIL $case_dir: tflc run failed"; continue
    fi
    ok=1
    for g in "$case_dir"output_*.bin; do cmp -s "$g" "$out/$(basename "$g")" || { ok=0; echo "FAIL $case_dir: $(basename "$g") differs"; }; done
    if ((ok)); then passed=$((passed + 1)); else failed=$((failed + 1)); fi
  done
done
echo "$passed passed, $failed failed"
[[ $failed -eq 0 && $passed -gt 0 ]]
