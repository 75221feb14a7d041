#!/usr/bin/env bash
# `tflc run --reference` (reference kernels) and `tflc run --threads 2` (optimized kernels on two
# threads) write the same bytes as plain `tflc run` (float32 outputs of the reference kernels:
# within 1e-4 of their largest magnitude, as the float kernels sum in another order); `tflc bench
# --json` prints one JSON object with the documented keys, and benchmark_model's flag names are
# accepted.
# usage: run_reference.sh TFLC SHARED GOLDEN_NAME...
set -u
tflc=$1 shared=$2; shift 2
passed=0 failed=0
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
check() { if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $*"; fi; }
# close_outputs META DIR_GOT DIR_WANT: float32 outputs (per meta.json) within 1e-4 of the wanted
# output's largest magnitude, the others identical.
close_outputs() {
  python3 - "$@" <<'PY'
import array, json, sys
meta, got_dir, want_dir = sys.argv[1:4]
ok = True
for o in json.load(open(meta))["outputs"]:
    name = "output_%d.bin" % o["index"]
    got, want = open("%s/%s" % (got_dir, name), "rb").read(), open("%s/%s" % (want_dir, name), "rb").read()
    if o["dtype"] != "float32" or len(got) != len(want):
        ok = ok and got == want
        continue
    g, w = array.array("f", got), array.array("f", want)
    tol = 1e-4 * max([abs(v) for v in w] or [0.0])
    bad = [i for i in range(len(w)) if not (abs(g[i] - w[i]) <= tol or g[i] == w[i])]
    if bad:
        print("%s element %d: %r, reference kernels %r" % (name, bad[0], g[bad[0]], w[bad[0]]))
        ok = False
sys.exit(0 if ok else 1)
PY
}
for name in "$@"; do
  case_dir=$(ls -d "$shared/golden/$name"/*/ | head -n 1)
  model=$(sed -n 's/.*"model": "shared\/\([^"]*\)".*/\1/p' "$case_dir/meta.json")
  inputs=()
  for f in "$case_dir"input_*.bin; do k=${f##*input_}; inputs+=(--input "${k%.bin}=$f"); done
  mkdir -p "$out/fast" "$out/ref" "$out/two"
  check "$tflc" run "$shared/$model" "${inputs[@]}" --output-dir "$out/fast"
  check "$tflc" run "$shared/$model" "${inputs[@]}" --output-dir "$out/ref" --reference
  check "$tflc" run "$shared/$model" "${inputs[@]}" --output-dir "$out/two" --threads 2
  check close_outputs "$case_dir/meta.json" "$out/fast" "$out/ref"
  check diff -r "$out/fast" "$out/two"
  json=$("$tflc" bench "$shared/$model" --runs 3 --warmup 1 --json)
  for key in init_ms first_ms median_ms min_ms mean_ms peak_rss_kb; do check grep -q "\"$key\": [0-9]" <<<"$json"; done
  check test "$(wc -l <<<"$json")" -eq 1
  check "$tflc" bench --graph="$shared/$model" --num_threads=2 --num_runs=2 --warmup_runs=0 --json
  rm -rf "$out"/*
done
echo "$passed passed, $failed failed"
[[ $failed -eq 0 && $passed -gt 0 ]]
