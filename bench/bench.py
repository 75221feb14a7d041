#!/usr/bin/env python3
"""bench.py — times tflc, ONNX Runtime and TensorFlow Lite 2.9 on the same models, interleaved.

usage: bench/bench.py [--tflc build/tflc] [--shared ../shared] [--rounds 5] [--runs 30]
                      [--threads 1,2] [--out bench/RESULTS.md] [--only NAME,...] [--stat median|best]

Every round runs, for every model and thread count, one timed batch of each runtime in turn
(tflc bench --json; ../shared/reference/ref-run with --xnnpack off, on and quant where the model
takes it; ../shared/peers ort-bench.js for the ONNX peer), so that slow phases of a busy machine
fall on all runtimes alike. Each batch gives a median; the table shows the median over rounds of
those medians (--stat best: the smallest, the round least disturbed by other work on a shared
machine), and the ratio tflc / peer (below 1: tflc is faster). Nothing here is a test: no
threshold, no exit status on speed. Inputs: seeded random bytes for tflc and TFLite, constant-free
pseudo-random pixels for ONNX Runtime (latency of these networks does not depend on the values).
"""
import argparse
import json
import os
import platform
import random
import statistics
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))

# name, tflite model (under shared/models), ONNX peer (under shared/peers/onnx) or None,
# XNNPACK modes TFLite 2.9 accepts for it, input side for the ONNX input.
MODELS = [
    ("mobilenet_v1_0.25_128_quant", "hosted/mobilenet_v1_0.25_128_quant.tflite", "mobilenet_v1_0.25_128_quant.qdq_s8.onnx", ["off"], 128),
    ("mobilenet_v1_0.5_160_quant", "hosted/mobilenet_v1_0.5_160_quant.tflite", "mobilenet_v1_0.5_160_quant.qdq_s8.onnx", ["off"], 160),
    ("mobilenet_v1_0.75_192_quant", "hosted/mobilenet_v1_0.75_192_quant.tflite", "mobilenet_v1_0.75_192_quant.qdq_s8.onnx", ["off"], 192),
    ("mobilenet_v2_1.0_224_quant", "hosted/mobilenet_v2_1.0_224_quant.tflite", "mobilenet_v2_1.0_224_quant.qdq_s8.onnx", ["off"], 224),
    ("tf2_mobilenet_v2_1.0_224_ptq (int8)", "variants/coral/tf2_mobilenet_v2_1.0_224_ptq.tflite", None, ["off", "quant"], 224),
    ("mobilenet_v1_0.25_224 (float)", "hosted/mobilenet_v1_0.25_224.tflite", "mobilenet_v1_0.25_224_quant.fp32.onnx", ["off", "on"], 224),
    ("deeplabv3_257_mv_gpu (float)", "hosted/deeplabv3_257_mv_gpu.tflite", None, ["off", "on"], 257),
]


def run(cmd, timeout=900):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=timeout)
    if p.returncode != 0:
        raise RuntimeError("%s failed: %s" % (" ".join(cmd), p.stderr.strip()[-400:]))
    return p.stdout


def time_tflc(tflc, model, threads, runs):
    out = run([tflc, "bench", model, "--threads", str(threads), "--runs", str(runs), "--warmup", "5", "--json"])
    return json.loads(out)["median_ms"]


def time_tflite(ref_run, model, threads, runs, xnnpack):
    with tempfile.TemporaryDirectory() as d:
        run([ref_run, model, "--out", d, "--threads", str(threads), "--runs", str(runs), "--warmup", "5",
             "--xnnpack", xnnpack, "--random-inputs", "1"])
        with open(os.path.join(d, "meta.json")) as f:
            return json.load(f)["latency_ms"]["median"]


def time_ort(ort_bench, onnx_models, sides, runs):
    """One ort-bench.js process per input size: {(onnx name, threads): median}."""
    result = {}
    by_side = {}
    for m, s in zip(onnx_models, sides):
        by_side.setdefault(s, []).append(m)
    for side, models in by_side.items():
        with tempfile.NamedTemporaryFile(suffix=".f32", delete=False) as f:
            rng = random.Random(side)
            f.write(struct.pack("<%df" % (3 * side * side), *[float(rng.randrange(256)) for _ in range(3 * side * side)]))
            path = f.name
        try:
            out = run(["node", ort_bench, path, "1", str(runs)] + models)
        finally:
            os.unlink(path)
        for line in out.splitlines():
            if line.startswith("{"):
                j = json.loads(line)
                result[(j["model"], j["threads"])] = j["median_ms"]
    return result


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    flags = ""
    try:
        with open("/proc/cpuinfo") as f:
            fl = next(l for l in f if l.startswith("flags")).split()
        flags = ", ".join(x for x in ("avx2", "fma", "avx512f", "avx512bw", "avx512_vnni", "avx_vnni") if x in fl)
    except (OSError, StopIteration):
        pass
    return "%s, %d logical CPUs (%s), %s" % (cpu, os.cpu_count() or 0, flags, platform.platform())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tflc", default=os.path.join(HERE, "..", "build", "tflc"))
    ap.add_argument("--shared", default=os.environ.get("TFLC_SHARED", os.path.join(HERE, "..", "..", "shared")))
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--out", default=os.path.join(HERE, "RESULTS.md"))
    ap.add_argument("--only", default="")
    ap.add_argument("--stat", choices=["median", "best"], default="median",
                    help="combine the rounds' medians by their median, or take the least disturbed round "
                         "(the smallest median) of each runtime: on a machine shared with other work, "
                         "slow rounds come from the neighbours, not from the runtime")
    a = ap.parse_args()
    shared = os.path.abspath(a.shared)
    ref_run = os.path.join(shared, "reference", "ref-run")
    ort_bench = os.path.expanduser(os.path.join(os.environ.get("TFLC_PEERS_HOME", "~/.cache/tflc-peers"), "ort-bench.js"))
    have_ort = os.path.exists(ort_bench)
    threads = [int(t) for t in a.threads.split(",")]
    models = [m for m in MODELS if not a.only or any(o in m[0] for o in a.only.split(","))]
    models = [m for m in models if os.path.exists(os.path.join(shared, "models", m[1]))]
    samples = {}  # (model, runtime, threads) -> [medians]

    def add(key, value):
        samples.setdefault(key, []).append(value)

    start = time.time()
    load_before = os.getloadavg()
    for r in range(a.rounds):
        for name, tfl, onnx, modes, side in models:
            path = os.path.join(shared, "models", tfl)
            for t in threads:
                add((name, "tflc", t), time_tflc(a.tflc, path, t, a.runs))
                for mode in modes:
                    try:
                        add((name, "tflite-" + mode, t), time_tflite(ref_run, path, t, a.runs, mode))
                    except (RuntimeError, subprocess.TimeoutExpired) as e:
                        print("skip", name, mode, e, file=sys.stderr)
        onnx_models = [(m[0], m[2], m[4]) for m in models if m[2]]
        if have_ort and onnx_models:
            res = time_ort(ort_bench, [os.path.join(shared, "peers", "onnx", o) for _, o, _ in onnx_models],
                           [s for _, _, s in onnx_models], a.runs)
            for name, o, _ in onnx_models:
                for t in threads:
                    if (o, t) in res:
                        add((name, "onnxruntime", t), res[(o, t)])
        print("round %d/%d done (%.0f s)" % (r + 1, a.rounds, time.time() - start), file=sys.stderr)

    runtimes = ["tflc", "onnxruntime", "tflite-off", "tflite-on", "tflite-quant"]
    heads = {"tflc": "tflc", "onnxruntime": "ONNX Runtime 1.30", "tflite-off": "TFLite 2.9 builtin",
             "tflite-on": "TFLite 2.9 + XNNPACK (float)", "tflite-quant": "TFLite 2.9 + XNNPACK (quant)"}
    combine = statistics.median if a.stat == "median" else min
    med = {k: combine(v) for k, v in samples.items()}
    lines = ["# tflc speed, measured side by side", "",
             "Generated by `bench/bench.py` on %s UTC. Machine: %s." % (time.strftime("%Y-%m-%d %H:%M", time.gmtime()), machine()),
             "", "Load average (1, 5, 15 min) at the start: %.1f, %.1f, %.1f; at the end: %.1f, %.1f, %.1f "
             "(on %d logical CPUs: above that, runs waited for a CPU and the figures are inflated)."
             % (load_before + os.getloadavg() + (os.cpu_count() or 0,)),
             "", "Each cell: " + ("median" if a.stat == "median" else "the smallest (the least disturbed round)") +
             " over %d interleaved rounds of each round's median of %d runs, in ms; "
             "in brackets, tflc / that runtime (below 1: tflc is faster). Empty: the runtime does not take the "
             "model (TFLite 2.9's XNNPACK refuses the uint8 MobileNets; ONNX has no peer for some). "
             "The machine is shared and was busy: compare within a row, not across tables." % (a.rounds, a.runs), ""]
    for t in threads:
        lines.append("## %d thread%s" % (t, "s" if t > 1 else ""))
        lines.append("")
        lines.append("| model | " + " | ".join(heads[r] for r in runtimes) + " |")
        lines.append("|---|" + "---|" * len(runtimes))
        for name, *_ in models:
            cells = []
            mine = med.get((name, "tflc", t))
            for rt in runtimes:
                v = med.get((name, rt, t))
                if v is None:
                    cells.append("")
                elif rt == "tflc":
                    cells.append("%.3f" % v)
                else:
                    cells.append("%.3f (%.2f)" % (v, mine / v) if mine else "%.3f" % v)
            lines.append("| %s | %s |" % (name, " | ".join(cells)))
        lines.append("")
    if len(threads) > 1 and 1 in threads:
        lines.append("## tflc scaling")
        lines.append("")
        lines.append("| model | " + " | ".join("%d threads: speed-up over 1" % t for t in threads if t != 1) + " |")
        lines.append("|---|" + "---|" * (len(threads) - 1))
        for name, *_ in models:
            one = med.get((name, "tflc", 1))
            lines.append("| %s | %s |" % (name, " | ".join(
                "%.2fx" % (one / med[(name, "tflc", t)]) if one and (name, "tflc", t) in med else "" for t in threads if t != 1)))
        lines.append("")
    with open(a.out, "w") as f:
        f.write("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
