"""tflc: a TensorFlow Lite-compatible runtime, from Python.

Scripts written for ``tflite_runtime`` run on tflc by changing one import::

    from tflc.interpreter import Interpreter   # was: from tflite_runtime.interpreter import Interpreter
"""
from tflc.interpreter import Interpreter, load_delegate  # noqa: F401

__version__ = "0.1.0"
