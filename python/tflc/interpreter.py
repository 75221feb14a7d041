"""tflc.interpreter: the ``tflite_runtime.interpreter`` API on the tflc runtime.

    from tflc.interpreter import Interpreter
    interpreter = Interpreter(model_path="mobilenet_v2_1.0_224_quant.tflite")
    interpreter.allocate_tensors()
    inp = interpreter.get_input_details()[0]
    interpreter.set_tensor(inp["index"], image)            # numpy array of inp["dtype"], inp["shape"]
    interpreter.invoke()
    scores = interpreter.get_tensor(interpreter.get_output_details()[0]["index"])

Errors follow tflite_runtime: ValueError for bad arguments (wrong type or shape, unknown
tensor), RuntimeError when the runtime fails (its message says why).
"""
import ctypes

import numpy as np

from tflc import _lib
from tflc._lib import lib

_NUMPY_TYPES = {
    _lib.FLOAT32: np.float32, _lib.INT32: np.int32, _lib.UINT8: np.uint8, _lib.INT64: np.int64,
    _lib.STRING: np.object_, _lib.BOOL: np.bool_, _lib.INT16: np.int16, _lib.COMPLEX64: np.complex64,
    _lib.INT8: np.int8, _lib.FLOAT16: np.float16, _lib.FLOAT64: np.float64,
}
_TYPE_NAMES = {
    _lib.FLOAT32: "FLOAT32", _lib.INT32: "INT32", _lib.UINT8: "UINT8", _lib.INT64: "INT64", _lib.STRING: "STRING",
    _lib.BOOL: "BOOL", _lib.INT16: "INT16", _lib.COMPLEX64: "COMPLEX64", _lib.INT8: "INT8",
    _lib.FLOAT16: "FLOAT16", _lib.FLOAT64: "FLOAT64",
}


def _type_of_numpy(dtype):
    for code, np_type in _NUMPY_TYPES.items():
        if np.dtype(np_type) == dtype:
            return code
    return None


def load_delegate(library, options=None):
    """Delegates are not supported by tflc: raises ValueError, as tflite_runtime does for a bad library."""
    raise ValueError("Failed to load delegate from %s: tflc runs every op on its own kernels" % library)


def _tensor_details(t, tensor_index):
    """The tflite_runtime details dict of a TfLiteTensor."""
    shape = t.dims.contents.values() if t.dims else []
    signature = t.dims_signature.contents.values() if t.dims_signature else shape
    scales, zero_points, axis = [], [], 0
    if t.quantization.type == _lib.K_AFFINE_QUANTIZATION and t.quantization.params:
        q = ctypes.cast(t.quantization.params, ctypes.POINTER(_lib.AffineQuantization)).contents
        scales, zero_points, axis = q.scale.contents.values(), q.zero_point.contents.values(), q.quantized_dimension
    return {
        "name": (t.name or b"").decode(errors="replace"),
        "index": int(tensor_index),
        "shape": np.array(shape, dtype=np.int32),
        "shape_signature": np.array(signature, dtype=np.int32),
        "dtype": _NUMPY_TYPES.get(t.type, None),
        "quantization": (float(t.params.scale), int(t.params.zero_point)),
        "quantization_parameters": {
            "scales": np.array(scales, dtype=np.float32),
            "zero_points": np.array(zero_points, dtype=np.int32),
            "quantized_dimension": int(axis),
        },
        "sparsity_parameters": {},
    }


class Interpreter:
    """Runs a TensorFlow Lite model with tflc (the tflite_runtime.interpreter.Interpreter API)."""

    def __init__(self, model_path=None, model_content=None, experimental_delegates=None, num_threads=None,
                 experimental_op_resolver_type=None, experimental_preserve_all_tensors=False):
        """Loads the model from a file (model_path) or from bytes (model_content)."""
        if model_path is not None and model_content is not None:
            raise ValueError("Can't both provide `model_path` and `model_content`")
        if model_path is None and model_content is None:
            raise ValueError("Can't create interpreter without model")
        if experimental_delegates:
            raise ValueError("tflc does not support delegates")
        if num_threads is not None and (not isinstance(num_threads, int) or num_threads < -1):
            raise ValueError("num_threads should >= 1")
        self._model = self._interpreter = None
        err = ctypes.create_string_buffer(1024)
        if model_path is not None:
            self._model = lib.tflc_model_load_file(str(model_path).encode(), err, len(err))
        else:
            self._content = ctypes.create_string_buffer(bytes(model_content), len(model_content))
            self._model = lib.tflc_model_load_memory(self._content, len(model_content), err, len(err))
        if not self._model:
            raise ValueError(err.value.decode(errors="replace"))
        options = lib.TfLiteInterpreterOptionsCreate()
        if num_threads is not None:
            lib.TfLiteInterpreterOptionsSetNumThreads(options, num_threads)
        self._interpreter = lib.TfLiteInterpreterCreate(self._model, options)
        lib.TfLiteInterpreterOptionsDelete(options)
        if not self._interpreter:
            raise ValueError("Failed to create the interpreter: the model uses ops tflc lacks (see stderr)")
        self._tensor_count = self._count_tensors()

    def __del__(self):
        if getattr(self, "_interpreter", None):
            lib.TfLiteInterpreterDelete(self._interpreter)
            self._interpreter = None
        if getattr(self, "_model", None):
            lib.TfLiteModelDelete(self._model)
            self._model = None

    def _count_tensors(self):
        n = 0
        while lib.TfLiteInterpreterGetTensor(self._interpreter, n):
            n += 1
        return n

    def _error(self):
        return lib.tflc_interpreter_last_error(self._interpreter).decode(errors="replace")

    def _tensor(self, tensor_index):
        if not isinstance(tensor_index, (int, np.integer)) or not 0 <= tensor_index < self._tensor_count:
            raise ValueError("Invalid tensor index %s exceeds max tensor index %d" % (tensor_index, self._tensor_count))
        return lib.TfLiteInterpreterGetTensor(self._interpreter, int(tensor_index)).contents

    def allocate_tensors(self):
        """Computes every shape, checks every op and plans memory; call before invoke and after resizing."""
        if lib.TfLiteInterpreterAllocateTensors(self._interpreter) != _lib.K_OK:
            raise RuntimeError(self._error())

    def invoke(self):
        """Runs the model on the inputs set with set_tensor."""
        if lib.TfLiteInterpreterInvoke(self._interpreter) != _lib.K_OK:
            raise RuntimeError(self._error())

    def _details(self, tensor_index):
        return _tensor_details(self._tensor(tensor_index), tensor_index)

    def get_input_details(self):
        """A dict per input: name, index, shape, shape_signature, dtype, quantization, quantization_parameters."""
        count = lib.TfLiteInterpreterGetInputTensorCount(self._interpreter)
        return [self._details(lib.TfLiteInterpreterGetInputTensorIndex(self._interpreter, i)) for i in range(count)]

    def get_output_details(self):
        """A dict per output, as get_input_details."""
        count = lib.TfLiteInterpreterGetOutputTensorCount(self._interpreter)
        return [self._details(lib.TfLiteInterpreterGetOutputTensorIndex(self._interpreter, i)) for i in range(count)]

    def get_tensor_details(self):
        """A dict per tensor of the graph, as get_input_details."""
        return [self._details(i) for i in range(self._tensor_count)]

    def _input_ordinal(self, tensor_index):
        count = lib.TfLiteInterpreterGetInputTensorCount(self._interpreter)
        for i in range(count):
            if lib.TfLiteInterpreterGetInputTensorIndex(self._interpreter, i) == tensor_index:
                return i
        return None

    def set_tensor(self, tensor_index, value):
        """Copies a numpy array into a tensor; its type and shape must match the tensor's."""
        t = self._tensor(tensor_index)
        value = np.asarray(value)
        ordinal = self._input_ordinal(tensor_index)
        label = ordinal if ordinal is not None else tensor_index
        if _type_of_numpy(value.dtype) != t.type:
            raise ValueError("Cannot set tensor: Got value of type %s but expected type %s for input %d, name: %s " % (
                _TYPE_NAMES.get(_type_of_numpy(value.dtype), "NOTYPE"), _TYPE_NAMES.get(t.type, "NOTYPE"), label,
                (t.name or b"").decode(errors="replace")))
        shape = t.dims.contents.values() if t.dims else []
        if value.ndim != len(shape):
            raise ValueError("Cannot set tensor: Dimension mismatch. Got %d but expected %d for input %d." % (
                value.ndim, len(shape), label))
        for axis, (got, want) in enumerate(zip(value.shape, shape)):
            if got != want:
                raise ValueError("Cannot set tensor: Dimension mismatch. Got %d but expected %d for dimension %d of "
                                 "input %d." % (got, want, axis, label))
        if not t.data:
            raise ValueError("Tensor data is null. Run allocate_tensors() first")
        data = np.ascontiguousarray(value)
        ctypes.memmove(t.data, data.ctypes.data, t.bytes)

    def _view(self, tensor_index):
        t = self._tensor(tensor_index)
        if not t.data:
            raise ValueError("Tensor data is null. Run allocate_tensors() first")
        dtype = _NUMPY_TYPES.get(t.type)
        if dtype is None or dtype is np.object_:
            raise ValueError("tensor %d has type %s, which cannot be viewed as a numpy array" % (
                tensor_index, _TYPE_NAMES.get(t.type, t.type)))
        shape = t.dims.contents.values() if t.dims else []
        buffer = (ctypes.c_char * t.bytes).from_address(t.data)
        return np.frombuffer(buffer, dtype=dtype).reshape(shape)

    def get_tensor(self, tensor_index):
        """A copy of the tensor's current value as a numpy array."""
        return self._view(tensor_index).copy()

    def tensor(self, tensor_index):
        """A function returning a numpy view of the tensor's memory (no copy); call it again after allocate_tensors."""
        return lambda: self._view(tensor_index)

    def resize_tensor_input(self, input_index, tensor_size, strict=False):
        """Gives an input a new shape (tensor index and dims); takes effect at the next allocate_tensors."""
        ordinal = self._input_ordinal(input_index)
        if ordinal is None:
            raise ValueError("Invalid tensor index %s: it is not an input of the model" % (input_index,))
        dims = np.asarray(tensor_size, dtype=np.int32).reshape(-1)
        if strict:
            signature = self._details(input_index)["shape_signature"]
            for axis, (got, sig) in enumerate(zip(dims, signature)):
                if sig != -1 and got != sig:
                    raise ValueError("ResizeInputTensorStrict only allows mutating unknown dimensions identified "
                                     "by -1 (dimension %d)." % axis)
        array = (ctypes.c_int * len(dims))(*[int(d) for d in dims])
        if lib.TfLiteInterpreterResizeInputTensor(self._interpreter, ordinal, array, len(dims)) != _lib.K_OK:
            raise ValueError(self._error())

    def _signature_keys(self):
        count = lib.TfLiteInterpreterGetSignatureCount(self._interpreter)
        return [lib.TfLiteInterpreterGetSignatureKey(self._interpreter, i).decode() for i in range(count)]

    def get_signature_list(self):
        """{signature_key: {"inputs": [names], "outputs": [names]}} for every signature of the model."""
        signatures = {}
        for key in self._signature_keys():
            runner = self.get_signature_runner(key)
            signatures[key] = {"inputs": list(runner._inputs), "outputs": list(runner._outputs)}
        return signatures

    def get_signature_runner(self, signature_key=None):
        """A SignatureRunner for the named signature (None: the model's only one)."""
        keys = self._signature_keys()
        if signature_key is None:
            if len(keys) != 1:
                raise ValueError("SignatureDef signature_key is None and model has %d Signatures. None is only "
                                 "allowed when the model has 1 SignatureDef" % len(keys))
            signature_key = keys[0]
        if signature_key not in keys:
            raise ValueError("Invalid signature_key provided: '%s'." % signature_key)
        return SignatureRunner(self, signature_key)


class SignatureRunner:
    """Runs one signature: runner(**inputs) -> {output_name: array} (tflite_runtime's SignatureRunner)."""

    def __init__(self, interpreter, signature_key):
        self._interpreter = interpreter  # keeps the interpreter alive while the runner exists
        self._runner = lib.TfLiteInterpreterGetSignatureRunner(interpreter._interpreter, signature_key.encode())
        if not self._runner:
            raise ValueError("Invalid signature_key provided: '%s'." % signature_key)
        self._inputs = [lib.TfLiteSignatureRunnerGetInputName(self._runner, i).decode()
                        for i in range(lib.TfLiteSignatureRunnerGetInputCount(self._runner))]
        self._outputs = [lib.TfLiteSignatureRunnerGetOutputName(self._runner, i).decode()
                         for i in range(lib.TfLiteSignatureRunnerGetOutputCount(self._runner))]
        self._allocated = False

    def __del__(self):
        if getattr(self, "_runner", None):
            lib.TfLiteSignatureRunnerDelete(self._runner)
            self._runner = None

    def _input(self, name):
        return lib.TfLiteSignatureRunnerGetInputTensor(self._runner, name.encode()).contents

    def _output(self, name):
        return lib.TfLiteSignatureRunnerGetOutputTensor(self._runner, name.encode()).contents

    def get_input_details(self):
        """{input_name: details dict} (the details of Interpreter.get_input_details, index -1)."""
        return {name: _tensor_details(self._input(name), -1) for name in self._inputs}

    def get_output_details(self):
        """{output_name: details dict}."""
        return {name: _tensor_details(self._output(name), -1) for name in self._outputs}

    def allocate_tensors(self):
        if lib.TfLiteSignatureRunnerAllocateTensors(self._runner) != _lib.K_OK:
            raise RuntimeError(self._interpreter._error())
        self._allocated = True

    def __call__(self, **kwargs):
        """Sets the named inputs (resizing them to the arrays' shapes), invokes, returns the outputs by name."""
        if len(kwargs) != len(self._inputs):
            raise ValueError("Invalid number of inputs provided for running a SignatureDef, expected %d vs provided "
                             "%d" % (len(self._inputs), len(kwargs)))
        for name, value in kwargs.items():
            if name not in self._inputs:
                raise ValueError("Invalid Input name (%s) for SignatureDef" % name)
            value = np.asarray(value)
            t = self._input(name)
            current = t.dims.contents.values() if t.dims else []
            if list(value.shape) != current:
                dims = (ctypes.c_int * value.ndim)(*value.shape)
                if lib.TfLiteSignatureRunnerResizeInputTensor(self._runner, name.encode(), dims, value.ndim) != 0:
                    raise ValueError(self._interpreter._error())
                self._allocated = False
        if not self._allocated:
            self.allocate_tensors()
        for name, value in kwargs.items():
            t = self._input(name)
            value = np.ascontiguousarray(value)
            if _type_of_numpy(value.dtype) != t.type:
                raise ValueError("Cannot set tensor: Got value of type %s but expected type %s for input %s" % (
                    _TYPE_NAMES.get(_type_of_numpy(value.dtype), "NOTYPE"), _TYPE_NAMES.get(t.type, "NOTYPE"), name))
            ctypes.memmove(t.data, value.ctypes.data, t.bytes)
        if lib.TfLiteSignatureRunnerInvoke(self._runner) != _lib.K_OK:
            raise RuntimeError(self._interpreter._error())
        results = {}
        for name in self._outputs:
            t = self._output(name)
            shape = t.dims.contents.values() if t.dims else []
            buffer = (ctypes.c_char * t.bytes).from_address(t.data)
            results[name] = np.frombuffer(buffer, dtype=_NUMPY_TYPES[t.type]).reshape(shape).copy()
        return results
