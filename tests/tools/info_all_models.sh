#!/usr/bin/env bash
# tflc info prints the facts of every model in shared/models: a model that loads gets its
# inputs, outputs and ops listed (unsupported ops named); a malformed one gets an error
# message and exit status 1, never a crash.
set -u
tflc=$1 shared=$2
passed=0 failed=0
while IFS= read -r -d '' model; do
  out=$("$tflc" info "$model" 2>&1); rc=$?
  if [[ $rc -eq 0 ]] && grep -q '^inputs:' <<<"$out" && grep -q '^ops (' <<<"$out" && grep -q '^parameters:' <<<"$out" &&
     grep -q '^arena: ' <<<"$out" && grep -q '^MACs: ' <<<"$out"; then
    passed=$((passed + 1))
  elif [[ $rc -eq 1 ]] && grep -q '^tflc: ' <<<"$out"; then
    passed=$((passed + 1))   # refused with a message
  else
    failed=$((failed + 1)); echo "FAIL $model (exit $rc)"; echo "$out" | tail -3
  fi
done < <(find "$shared/models" \( -name '*.tflite' -o -name '*.bin' \) -print0)
echo "$passed passed, $failed failed"
[[ $failed -eq 0 && $passed -gt 0 ]]
