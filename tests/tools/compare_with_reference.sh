#!/usr/bin/env bash
# compare_with_reference.sh — runs models through real TensorFlow Lite 2.9 (SHARED/reference/ref-run,
# seeded random inputs) and through `tflc run` on the same inputs; every output must agree:
# integer and string outputs byte for byte, float outputs within 1e-4 of the largest magnitude.
# For models no golden case covers (testdata models with unusual structure).
# usage: [SEEDS="7 8"] compare_with_reference.sh TFLC SHARED MODEL...   (MODEL relative to SHARED/models;
#        one run per model and seed, default seed 7)
set -u
tflc=$1 shared=$2; shift 2
ref="$shared/reference/ref-run"
[[ -x "$ref" ]] || { echo "FAIL: $ref not found (run $shared/reference/setup.sh)"; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
passed=0 failed=0
for case in $(for m in "$@"; do for s in ${SEEDS:-7}; do echo "$m@$s"; done; done); do
  rel=${case%@*} seed=${case##*@}
  model="$shared/models/$rel"
  rm -rf "$work"/*; mkdir -p "$work/ref" "$work/tflc"
  if ! "$ref" "$model" --random-inputs "$seed" --out "$work/ref" >"$work/ref.log" 2>&1; then
    echo "FAIL $rel: ref-run failed: $(tail -1 "$work/ref.log")"; failed=$((failed + 1)); continue
  fi
  inputs=()
  shopt -s nullglob
  for f in "$work"/ref/input_*.bin; do k=${f##*input_}; inputs+=(--input "${k%.bin}=$f"); done
  if ! "$tflc" run "$model" "${inputs[@]}" --output-dir "$work/tflc" >"$work/tflc.log" 2>&1; then
    echo "FAIL $rel: tflc run failed: $(tail -1 "$work/tflc.log")"; failed=$((failed + 1)); continue
  fi
  if /usr/bin/python3 - "$work/ref" "$work/tflc" "$rel (seed $seed)" <<'PY'; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
import json, sys
import numpy as np
ref, got, name = sys.argv[1:4]
meta = json.load(open(ref + "/meta.json"))
ok = True
for o in meta["outputs"]:
    f = "/output_%d.bin" % o["index"]
    a, b = open(ref + f, "rb").read(), open(got + f, "rb").read()
    if o["dtype"] in ("float32", "float16", "float64"):
        dt = {"float32": np.float32, "float16": np.float16, "float64": np.float64}[o["dtype"]]
        x, y = np.frombuffer(a, dt).astype(np.float64), np.frombuffer(b, dt).astype(np.float64)
        diff = float(np.abs(x - y).max()) if x.size and x.size == y.size else (0.0 if x.size == y.size else float("inf"))
        tol = 1e-4 * max(float(np.abs(x).max()) if x.size else 0.0, 1e-30)
        good = x.size == y.size and diff <= tol
        print("%s output %d: %d floats, max |diff| %.3g (limit %.3g)%s" % (name, o["index"], x.size, diff, tol, "" if good else "  FAIL"))
    else:
        good = a == b
        print("%s output %d: %s %d bytes %s" % (name, o["index"], o["dtype"], len(a), "identical" if good else "DIFFER  FAIL"))
    ok = ok and good
sys.exit(0 if ok else 1)
PY
done
echo "$passed passed, $failed failed"
[[ $failed -eq 0 && $passed -gt 0 ]]
