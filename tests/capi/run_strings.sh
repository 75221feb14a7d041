#!/bin/sh
# run_strings.sh — `tflc run` with STRING tensors on string_input_model.bin (RESHAPE of 3 strings):
# a TensorFlow Lite string buffer in gives the same buffer out, and @TEXT (one string) is refused
# for this three-string input with a message.
# Usage: run_strings.sh TFLC SHARED_DIR
set -eu
tflc=$1
model="$2/models/testdata/string_input_model.bin"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# count 3, offsets 20 25 25 37, then "hello" "" "tflc strings"
printf '\003\000\000\000\024\000\000\000\031\000\000\000\031\000\000\000\045\000\000\000hellotflc strings' >"$work/in.bin"
"$tflc" run "$model" --input 0="$work/in.bin" --output-dir "$work/out"
cmp "$work/in.bin" "$work/out/output_0.bin"
printf 'some text' >"$work/text.txt"
if "$tflc" run "$model" --input 0=@"$work/text.txt" --output-dir "$work/out" 2>"$work/err"; then
  echo "@TEXT on a three-string input was accepted" >&2
  exit 1
fi
grep -q 'one element' "$work/err"
echo "2 passed, 0 failed"
