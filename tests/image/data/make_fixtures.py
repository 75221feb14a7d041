#!/usr/bin/python3
"""Writes the small decoder fixtures in this folder and, for each, NAME.rgb: the
8-bit RGB pixels Pillow gives for Image.open(NAME).convert("RGB") (what
reference/img2input.py feeds). Run with Debian's python3-pil: /usr/bin/python3.
The images are 19x13 so every row of every format has padding or odd sizes."""
import os
import struct
import zlib

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
W, H = 19, 13


def base_rgb():
    y, x = np.mgrid[0:H, 0:W]
    r = (x * 13 + y * 7) % 256
    g = (x * 3 + y * 19 + 40) % 256
    b = ((x ^ y) * 11 + 90) % 256
    return np.stack([r, g, b], -1).astype(np.uint8)


def png16(path, rgb16):
    """A 16-bit RGB PNG (Pillow cannot write one)."""
    h, w, _ = rgb16.shape
    raw = b"".join(b"\0" + rgb16[i].astype(">u2").tobytes() for i in range(h))
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 16, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def main():
    rgb = Image.fromarray(base_rgb())
    files = {
        "rgb.jpg": lambda p: rgb.save(p, quality=90),
        "rgb444.jpg": lambda p: rgb.save(p, quality=85, subsampling=0),
        "progressive.jpg": lambda p: rgb.save(p, quality=80, progressive=True),
        "gray.jpg": lambda p: rgb.convert("L").save(p, quality=90),
        "cmyk.jpg": lambda p: rgb.convert("CMYK").save(p, quality=90),
        "rgb.png": lambda p: rgb.save(p),
        "rgba.png": lambda p: rgb.convert("RGBA").save(p),
        "gray.png": lambda p: rgb.convert("L").save(p),
        "gray_alpha.png": lambda p: rgb.convert("LA").save(p),
        "palette.png": lambda p: rgb.convert("P", palette=Image.ADAPTIVE, colors=16).save(p),
        "bilevel.png": lambda p: rgb.convert("1").save(p),
        "rgb16.png": lambda p: png16(p, base_rgb().astype(np.uint16) * 257 + 3),
        "rgb24.bmp": lambda p: rgb.save(p),
        "palette8.bmp": lambda p: rgb.convert("P", palette=Image.ADAPTIVE, colors=200).save(p),
        "bilevel.bmp": lambda p: rgb.convert("1").save(p),
        "rgba32.bmp": lambda p: rgb.convert("RGBA").save(p),
    }
    for name, write in files.items():
        path = os.path.join(HERE, name)
        write(path)
        px = np.asarray(Image.open(path).convert("RGB"), dtype=np.uint8)
        assert px.shape == (H, W, 3), (name, px.shape)
        with open(path[: path.rindex(".")] + "_" + name.split(".")[1] + ".rgb", "wb") as f:
            f.write(px.tobytes())
        print(name, Image.open(path).mode)


if __name__ == "__main__":
    main()
