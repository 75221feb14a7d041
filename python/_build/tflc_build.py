"""A minimal PEP 517 build backend for tflc's pure-Python package.

pip's default backend (setuptools) would have to be downloaded into an isolated build
environment; this backend needs nothing but the standard library, so `pip install ./python`
works offline. It packs tflc/*.py into a wheel (and the shared library, when TFLC_LIBRARY
names one at build time, so the installed package finds it beside itself).
"""
import base64
import hashlib
import os
import zipfile

NAME = "tflc"
VERSION = "0.1.0"
HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WHEEL_TAG = "py3-none-any"


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def _record_line(path, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return "%s,sha256=%s,%d" % (path, digest, len(data))


def _package_files():
    pkg = os.path.join(HERE, NAME)
    for name in sorted(os.listdir(pkg)):
        if name.endswith(".py"):
            with open(os.path.join(pkg, name), "rb") as f:
                yield "%s/%s" % (NAME, name), f.read()
    library = os.environ.get("TFLC_LIBRARY")
    if library and os.path.isfile(library):
        with open(library, "rb") as f:
            yield "%s/libtflc.so" % NAME, f.read()


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    dist_info = "%s-%s.dist-info" % (NAME, VERSION)
    wheel_name = "%s-%s-%s.whl" % (NAME, VERSION, WHEEL_TAG)
    files = list(_package_files())
    files.append(("%s/METADATA" % dist_info,
                  ("Metadata-Version: 2.1\nName: %s\nVersion: %s\nSummary: TensorFlow Lite-compatible "
                   "interpreter on the tflc runtime\n" % (NAME, VERSION)).encode()))
    files.append(("%s/WHEEL" % dist_info,
                  ("Wheel-Version: 1.0\nGenerator: tflc_build\nRoot-Is-Purelib: true\nTag: %s\n"
                   % WHEEL_TAG).encode()))
    record = [_record_line(path, data) for path, data in files]
    record.append("%s/RECORD,," % dist_info)
    files.append(("%s/RECORD" % dist_info, ("\n".join(record) + "\n").encode()))
    with zipfile.ZipFile(os.path.join(wheel_directory, wheel_name), "w", zipfile.ZIP_DEFLATED) as wheel:
        for path, data in files:
            wheel.writestr(path, data)
    return wheel_name


def build_sdist(sdist_directory, config_settings=None):
    import tarfile
    base = "%s-%s" % (NAME, VERSION)
    name = base + ".tar.gz"
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz") as tar:
        for entry in ("pyproject.toml", "_build", NAME):
            tar.add(os.path.join(HERE, entry), arcname="%s/%s" % (base, entry),
                    filter=lambda t: None if "__pycache__" in t.name else t)
    return name
