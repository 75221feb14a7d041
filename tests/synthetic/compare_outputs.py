#!/usr/bin/python3
"""compare_outputs.py REF_DIR TFLC_DIR: tflc's outputs against real TensorFlow Lite's (ref-run).

REF_DIR holds ref-run's meta.json and output_K.bin; TFLC_DIR holds `tflc run`'s output_K.bin.
Integer outputs must be identical; float outputs within 1e-4 of the largest |reference value|.
Prints one line per output: "output K DTYPE SHAPE max_abs_diff D (limit L) ok|FAIL"; exits 1 on a failure.
"""
import json
import os
import sys

import numpy as np

FLOAT_TOLERANCE = 1e-4  # relative to the largest reference magnitude


def compare(ref_dir, tflc_dir):
    with open(os.path.join(ref_dir, "meta.json")) as f:
        meta = json.load(f)
    failed = 0
    for out in meta["outputs"]:
        k, dtype = out["index"], np.dtype(out["dtype"])
        ref = np.fromfile(os.path.join(ref_dir, "output_%d.bin" % k), dtype=dtype)
        path = os.path.join(tflc_dir, "output_%d.bin" % k)
        got = np.fromfile(path, dtype=dtype) if os.path.exists(path) else None
        if got is None or got.size != ref.size:
            print("output %d: tflc wrote %s values, TFLite %d" % (k, "no" if got is None else got.size, ref.size))
            failed += 1
            continue
        diff = np.abs(got.astype(np.float64) - ref.astype(np.float64))
        max_diff = float(diff.max()) if diff.size else 0.0
        if np.issubdtype(dtype, np.floating):
            limit = FLOAT_TOLERANCE * float(np.abs(ref).max()) if ref.size else 0.0
            ok = bool(np.all(np.isfinite(got))) and max_diff <= limit
        else:
            limit = 0.0
            ok = max_diff == 0
        print("output %d %s %s max_abs_diff %.6g (limit %.6g) %s"
              % (k, out["dtype"], "x".join(map(str, out["shape"])), max_diff, limit, "ok" if ok else "FAIL"))
        failed += 0 if ok else 1
    return failed


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(1 if compare(sys.argv[1], sys.argv[2]) else 0)
