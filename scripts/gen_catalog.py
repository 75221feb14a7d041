#!/usr/bin/env python3
"""Generates data/catalog.tsv from the hosted-models seed list (../shared/seed/hosted_models.md).

Run once when the seed list changes:  scripts/gen_catalog.py [SEED.md] > data/catalog.tsv
Published figures (size, top-1, top-5, latency) are copied from the seed's tables; the
rest (task, member inside the archive, input size/type, normalization, labels) follows
from the model's family. sha256 is filled only for files verified to be the published
bytes (three independent identical copies, see ../shared/MANIFEST.tsv).
"""
import os
import re
import sys

VERIFIED_SHA256 = {
    # detect.tflite of coco_ssd_mobilenet_v1_1.0_quant_2018_06_29.zip (3 independent copies).
    "coco_ssd_mobilenet_v1_1.0_quant": "e4b118e5e4531945de2e659742c7c590f7536f8d0ed26d135abcfe83b4779d13",
    # gpu/deeplabv3_257_mv_gpu.tflite (identical in tflite-support and tf-lite-unity-sample).
    "deeplabv3_257_mv_gpu": "68a539782c2c6a72f8aac3724600124a85ed977162b44e84cbae5db717c933c6",
}
VERIFIED_BYTES = {"coco_ssd_mobilenet_v1_1.0_quant": 4183312, "deeplabv3_257_mv_gpu": 2779264}

COLUMNS = ["name", "seed_name", "task", "url", "member", "size_mb", "top1", "top5", "latency_ms",
           "device", "input", "input_type", "normalization", "labels", "bytes", "sha256"]
FLOAT_NORM = "(x-127.5)/127.5"
QUANT_NORM = "x (0..255)"


def catalog_name(seed_name):
    """The seed's name in lower case with 0.50 written 0.5 (issue 8)."""
    return seed_name.lower().replace("0.50", "0.5").replace(" ", "_")


def member_of(url):
    """The .tflite inside the archive (matched by base name) or '-' for a bare file."""
    base = url.rsplit("/", 1)[1]
    if base.endswith(".tflite"):
        return "-"
    stem = re.sub(r"\.(tgz|zip)$", "", base)
    if stem.startswith("coco_ssd"):
        return "detect.tflite"
    if stem.startswith("smartreply"):
        return "smartreply.tflite"
    m = re.match(r"(.*)_2018_04_27$", stem)            # model_zoo: densenet.tflite, ...
    if m:
        return m.group(1) + ".tflite"
    m = re.match(r"(mnasnet_[0-9.]+_[0-9]+)_09_07_2018$", stem)
    if m:
        return m.group(1) + ".tflite"
    m = re.match(r"(inception_v[0-9]_[0-9]+_quant)_20181026$", stem)
    if m:
        return m.group(1) + ".tflite"
    if stem == "resnet_v2_101":
        return "resnet_v2_101_299.tflite"
    return stem + ".tflite"


def input_size(name):
    m = re.search(r"_(\d+)(_quant)?$", name)
    if m and (name.startswith("mobilenet") or name.startswith("mnasnet")):
        return int(m.group(1))
    sizes = {"inception_v1_quant": 224, "inception_v2_quant": 224, "inception_v3_quant": 299,
             "inception_v4_quant": 299, "densenet": 224, "squeezenet": 224, "nasnet_mobile": 224,
             "nasnet_large": 331, "resnet_v2_101": 299, "inception_v3": 299, "inception_v4": 299,
             "inception_resnet_v2": 299}
    return sizes[name]


def classifier_rows(md):
    """Rows of the three classification tables: (seed name, url, size, top1, top5, latency, device)."""
    rows = []
    device = None
    for section in re.split(r"\n### ", md)[1:]:
        title = section.split("\n", 1)[0]
        device = "Pixel 1 (1 thread, big core)" if "AutoML" in title else "Pixel 2 (1 thread, large core)"
        for line in section.split("\n"):
            cells = [c.strip() for c in line.split("|")]
            if len(cells) < 6 or cells[0] in ("Model name", "Model Name") or cells[0].startswith("---"):
                continue
            url = re.search(r"tflite&pb\]\((\S+?)\)", cells[1])
            if not url:
                continue
            rows.append((cells[0], url.group(1), cells[2], cells[3], cells[4], cells[5], device))
    return rows


def pct(text):
    return text.rstrip("%") if text else "-"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    seed = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "shared", "seed", "hosted_models.md")
    md = open(seed, encoding="utf-8").read()
    out = ["\t".join(COLUMNS)]
    for seed_name, url, size, top1, top5, latency, device in classifier_rows(md):
        name = catalog_name(seed_name)
        quant = name.endswith("_quant")
        mnas = name.startswith("mnasnet")
        out.append("\t".join([
            name, seed_name, "image_classification", url, member_of(url),
            size.replace("Mb", "").strip(), pct(top1), pct(top5), latency.replace("ms", "").strip(), device,
            "%dx%dx3" % ((input_size(name),) * 2), "uint8" if quant else "float32",
            QUANT_NORM if quant else FLOAT_NORM, "imagenet_1000" if mnas else "imagenet_1001", "-", "-"]))
    # The single-model sections: name in bold, then the download button's URL.
    singles = {
        "Object detection": ("object_detection", "300x300x3", "uint8", QUANT_NORM, "coco_ssd_labelmap"),
        "Pose estimation": ("pose_estimation", "353x257x3", "float32", FLOAT_NORM, "-"),
        "Image segmentation": ("image_segmentation", "257x257x3", "float32", FLOAT_NORM, "pascal_voc_21"),
        "Smart reply": ("smart_reply", "text", "string", "-", "-"),
    }
    for section in re.split(r"\n## ", md)[1:]:
        title = section.split("\n", 1)[0].strip()
        if title not in singles:
            continue
        seed_name = re.search(r"\*\*(\S+?)\*\*", section).group(1)
        url = re.search(r'href="(\S+?)"', section.split("host is", 1)[1]).group(1)
        name = catalog_name(re.sub(r"_20\d\d_\d\d_\d\d$", "", seed_name))
        task, shape, itype, norm, labels = singles[title]
        out.append("\t".join([name, seed_name, task, url, member_of(url), "-", "-", "-", "-", "-",
                              shape, itype, norm, labels, str(VERIFIED_BYTES.get(name, "-")),
                              VERIFIED_SHA256.get(name, "-")]))
    sys.stdout.write("# tflc model catalog, generated by scripts/gen_catalog.py from hosted_models.md; do not edit.\n")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
