"""Finding libtflc and describing its C API to ctypes.

The library is looked up, in order: the path in $TFLC_LIBRARY; libtflc.so beside this
package (a wheel built with TFLC_LIBRARY set carries it); build/libtflc.so of the source
tree this package sits in; the system's library path.
"""
import ctypes
import ctypes.util
import os

# TfLiteType values (c_api_types.h).
FLOAT32, INT32, UINT8, INT64, STRING, BOOL, INT16, COMPLEX64, INT8, FLOAT16, FLOAT64 = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
K_OK = 0
K_AFFINE_QUANTIZATION = 1


class IntArray(ctypes.Structure):
    """TfLiteIntArray: int size; int data[]."""
    _fields_ = [("size", ctypes.c_int)]

    def values(self):
        data = ctypes.cast(ctypes.addressof(self) + ctypes.sizeof(ctypes.c_int), ctypes.POINTER(ctypes.c_int))
        return [data[i] for i in range(self.size)]


class FloatArray(ctypes.Structure):
    """TfLiteFloatArray: int size; float data[]."""
    _fields_ = [("size", ctypes.c_int)]

    def values(self):
        data = ctypes.cast(ctypes.addressof(self) + ctypes.sizeof(ctypes.c_int), ctypes.POINTER(ctypes.c_float))
        return [data[i] for i in range(self.size)]


class QuantizationParams(ctypes.Structure):
    _fields_ = [("scale", ctypes.c_float), ("zero_point", ctypes.c_int32)]


class AffineQuantization(ctypes.Structure):
    _fields_ = [("scale", ctypes.POINTER(FloatArray)), ("zero_point", ctypes.POINTER(IntArray)),
                ("quantized_dimension", ctypes.c_int32)]


class Quantization(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("params", ctypes.c_void_p)]


class Tensor(ctypes.Structure):
    """TfLiteTensor, laid out as TensorFlow Lite 2.9's common.h (and tflc's)."""
    _fields_ = [
        ("type", ctypes.c_int),
        ("data", ctypes.c_void_p),
        ("dims", ctypes.POINTER(IntArray)),
        ("params", QuantizationParams),
        ("allocation_type", ctypes.c_int),
        ("bytes", ctypes.c_size_t),
        ("allocation", ctypes.c_void_p),
        ("name", ctypes.c_char_p),
        ("delegate", ctypes.c_void_p),
        ("buffer_handle", ctypes.c_int),
        ("data_is_stale", ctypes.c_bool),
        ("is_variable", ctypes.c_bool),
        ("quantization", Quantization),
        ("sparsity", ctypes.c_void_p),
        ("dims_signature", ctypes.POINTER(IntArray)),
    ]


def _candidates():
    env = os.environ.get("TFLC_LIBRARY")
    if env:
        yield env
        return
    here = os.path.dirname(os.path.abspath(__file__))
    yield os.path.join(here, "libtflc.so")
    yield os.path.join(os.path.dirname(os.path.dirname(here)), "build", "libtflc.so")
    found = ctypes.util.find_library("tflc")
    if found:
        yield found


def _load():
    tried = []
    for path in _candidates():
        if os.path.sep in path and not os.path.exists(path):
            tried.append(path)
            continue
        try:
            return ctypes.CDLL(path)
        except OSError as e:
            tried.append("%s (%s)" % (path, e))
    raise ImportError("cannot find libtflc: set TFLC_LIBRARY to its path (tried: %s)" % ", ".join(tried))


def _declare(lib):
    p, i32, sz, c = ctypes.c_void_p, ctypes.c_int32, ctypes.c_size_t, ctypes.c_char_p
    tensor_p = ctypes.POINTER(Tensor)
    signatures = [
        ("tflc_model_load_file", p, [c, c, sz]),
        ("tflc_model_load_memory", p, [p, sz, c, sz]),
        ("TfLiteModelDelete", None, [p]),
        ("TfLiteInterpreterOptionsCreate", p, []),
        ("TfLiteInterpreterOptionsDelete", None, [p]),
        ("TfLiteInterpreterOptionsSetNumThreads", None, [p, i32]),
        ("TfLiteInterpreterCreate", p, [p, p]),
        ("TfLiteInterpreterDelete", None, [p]),
        ("TfLiteInterpreterAllocateTensors", ctypes.c_int, [p]),
        ("TfLiteInterpreterInvoke", ctypes.c_int, [p]),
        ("TfLiteInterpreterResizeInputTensor", ctypes.c_int, [p, i32, ctypes.POINTER(ctypes.c_int), i32]),
        ("TfLiteInterpreterGetInputTensorCount", i32, [p]),
        ("TfLiteInterpreterGetOutputTensorCount", i32, [p]),
        ("TfLiteInterpreterGetInputTensorIndex", i32, [p, i32]),
        ("TfLiteInterpreterGetOutputTensorIndex", i32, [p, i32]),
        ("TfLiteInterpreterGetTensor", tensor_p, [p, ctypes.c_int]),
        ("tflc_interpreter_last_error", c, [p]),
        ("TfLiteVersion", c, []),
        ("TfLiteInterpreterGetSignatureCount", i32, [p]),
        ("TfLiteInterpreterGetSignatureKey", c, [p, i32]),
        ("TfLiteInterpreterGetSignatureRunner", p, [p, c]),
        ("TfLiteSignatureRunnerGetInputCount", sz, [p]),
        ("TfLiteSignatureRunnerGetInputName", c, [p, i32]),
        ("TfLiteSignatureRunnerGetOutputCount", sz, [p]),
        ("TfLiteSignatureRunnerGetOutputName", c, [p, i32]),
        ("TfLiteSignatureRunnerResizeInputTensor", ctypes.c_int, [p, c, ctypes.POINTER(ctypes.c_int), i32]),
        ("TfLiteSignatureRunnerAllocateTensors", ctypes.c_int, [p]),
        ("TfLiteSignatureRunnerGetInputTensor", tensor_p, [p, c]),
        ("TfLiteSignatureRunnerGetOutputTensor", tensor_p, [p, c]),
        ("TfLiteSignatureRunnerInvoke", ctypes.c_int, [p]),
        ("TfLiteSignatureRunnerDelete", None, [p]),
    ]
    for name, restype, argtypes in signatures:
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes
    return lib


lib = _declare(_load())
