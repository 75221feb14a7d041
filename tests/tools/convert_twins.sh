#!/usr/bin/env bash
# `tflc convert --dequantize` on the hosted quantized models (and Coral's TF2 PTQ MobileNet v2
# when present): real TensorFlow Lite 2.9 loads every twin (`ref-run --info`), and the twin's
# outputs through `tflc run` match TFLite 2.9's on the same float input (the golden case's
# uint8 input, dequantized with the original input quantization): float outputs within 1e-4
# of the largest magnitude; SSD post-process boxes and scores within 1e-4, classes and count
# exact. Fails (never skips) when ref-run or python3 with numpy is missing.
# usage: convert_twins.sh TFLC SHARED
set -u
tflc=$1 shared=$2
ref_run="$shared/reference/ref-run"
python=/usr/bin/python3
[[ -x $ref_run ]] || { echo "FAIL: $ref_run is missing (real TensorFlow Lite 2.9 is needed for this test)"; exit 1; }
"$python" -c 'import numpy' || { echo "FAIL: $python with numpy is needed (apt-get install python3-numpy)"; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
passed=0 failed=0
check() { if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $*"; fi; }

# dequantize_input META.json IN.bin OUT.bin: uint8/int8 input -> float32 (q - zero_point) * scale.
dequantize_input() {
  "$python" - "$@" <<'EOF'
import json, sys, numpy as np
meta, src, dst = sys.argv[1:4]
info = json.load(open(meta))["inputs"][0]
q = info["quantization"]
data = np.fromfile(src, dtype=np.dtype(info["dtype"])).astype(np.float64)
((data - q["zero_point"]) * q["scale"]).astype(np.float32).tofile(dst)
EOF
}

# compare REF_DIR TFLC_DIR NAME: each output of ref-run's meta.json against tflc's file.
compare_outputs() {
  "$python" - "$@" <<'EOF'
import json, sys, numpy as np
ref_dir, got_dir, name = sys.argv[1:4]
outputs = json.load(open(f"{ref_dir}/meta.json"))["outputs"]
ok = True
detection = len(outputs) == 4 and all("TFLite_Detection_PostProcess" in o["name"] for o in outputs)
for k, o in enumerate(outputs):
    ref = np.fromfile(f"{ref_dir}/output_{k}.bin", dtype=np.dtype(o["dtype"]))
    got = np.fromfile(f"{got_dir}/output_{k}.bin", dtype=np.dtype(o["dtype"]))
    if ref.shape != got.shape:
        print(f"{name} output {k}: {got.size} values, TFLite has {ref.size}"); ok = False; continue
    diff = float(np.max(np.abs(ref.astype(np.float64) - got))) if ref.size else 0.0
    if detection and k in (1, 3):      # classes, count: exact
        good = diff == 0; bound = 0.0
    elif detection:                    # boxes, scores: normalized to [0, 1]
        bound = 1e-4; good = diff <= bound
    else:
        bound = 1e-4 * max(float(np.max(np.abs(ref))), 1e-30); good = diff <= bound
    print(f"{name} output {k} ({o['name']}): max |tflc - tflite| = {diff:.3g} (bound {bound:.3g})"
          f"{'' if good else '  MISMATCH'}")
    ok = ok and good
sys.exit(0 if ok else 1)
EOF
}

models=(hosted/mobilenet_v1_0.25_128_quant hosted/mobilenet_v1_0.25_224_quant hosted/mobilenet_v1_0.5_160_quant
        hosted/mobilenet_v1_0.75_192_quant hosted/mobilenet_v2_1.0_224_quant hosted/coco_ssd_mobilenet_v1_1.0_quant)
[[ -f $shared/models/variants/coral/tf2_mobilenet_v2_1.0_224_ptq.tflite ]] &&
  models+=(variants/coral/tf2_mobilenet_v2_1.0_224_ptq)
for model in "${models[@]}"; do
  base=${model##*/}
  golden=$shared/golden/$base
  [[ $model == variants/coral/* ]] && golden=$shared/golden/coral_$base
  # Every golden case of the SSD (NMS order is where float differences would show), one otherwise.
  cases=$(ls -d "$golden"/*/ | head -n 1)
  [[ $base == coco_ssd_* ]] && cases=$(ls -d "$golden"/*/)
  twin=$work/$base.twin.tflite
  check "$tflc" convert --dequantize "$shared/models/$model.tflite" "$twin"
  check "$ref_run" "$twin" --info
  for case_dir in $cases; do
    dir=$work/$base/$(basename "$case_dir")
    mkdir -p "$dir/ref" "$dir/tflc"
    check dequantize_input "$case_dir/meta.json" "$case_dir/input_0.bin" "$dir/x.bin"
    check "$ref_run" "$twin" --input "0=$dir/x.bin" --out "$dir/ref"
    check "$tflc" run "$twin" --input "0=$dir/x.bin" --output-dir "$dir/tflc"
    check compare_outputs "$dir/ref" "$dir/tflc" "$base/$(basename "$case_dir")"
  done
done >"$work/log" 2>&1
grep -v '^{\|^}\|^  \|^\[' "$work/log" | grep -v '^ *$'
echo "$passed passed, $failed failed"
[[ $failed -eq 0 && $passed -gt 0 ]]
