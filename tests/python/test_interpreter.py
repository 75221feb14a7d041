"""Tests of tflc's Python package (the tflite_runtime Interpreter API).

Run: PYTHONPATH=python TFLC_LIBRARY=build/libtflc.so TFLC_SHARED=../shared python3 tests/python/test_interpreter.py
"""
import os
import subprocess
import sys
import unittest

import numpy as np

from tflc.interpreter import Interpreter

SHARED = os.environ.get("TFLC_SHARED", "../shared")
HERE = os.path.dirname(os.path.abspath(__file__))


def model(path):
    return os.path.join(SHARED, "models", path)


def golden(name, case, what):
    return os.path.join(SHARED, "golden", name, case, what)


class GoldenTest(unittest.TestCase):
    def run_golden(self, name, model_path, case, dtype):
        interpreter = Interpreter(model_path=model(model_path))
        interpreter.allocate_tensors()
        inp = interpreter.get_input_details()[0]
        x = np.fromfile(golden(name, case, "input_0.bin"), dtype=dtype).reshape(inp["shape"])
        interpreter.set_tensor(inp["index"], x)
        interpreter.invoke()
        out = interpreter.get_tensor(interpreter.get_output_details()[0]["index"])
        expected = np.fromfile(golden(name, case, "output_0.bin"), dtype=out.dtype)
        np.testing.assert_array_equal(out.reshape(-1), expected)

    def test_quantized_mobilenets_match_tflite(self):
        for case in ("cat", "burger", "random1"):
            self.run_golden("mobilenet_v1_0.25_128_quant", "hosted/mobilenet_v1_0.25_128_quant.tflite", case, np.uint8)
            self.run_golden("coral_tf2_mobilenet_v2_1.0_224_ptq", "variants/coral/tf2_mobilenet_v2_1.0_224_ptq.tflite",
                            case, np.uint8)

    def test_model_content(self):
        with open(model("hosted/mobilenet_v1_0.25_128_quant.tflite"), "rb") as f:
            interpreter = Interpreter(model_content=f.read())
        interpreter.allocate_tensors()
        self.assertEqual(interpreter.get_output_details()[0]["shape"].tolist(), [1, 1001])

    def test_script_written_for_tflite_runtime(self):
        script = os.path.join(HERE, "label_image_tflite_runtime.py")
        out = subprocess.run([sys.executable, script, model("hosted/mobilenet_v1_0.25_128_quant.tflite"),
                              golden("mobilenet_v1_0.25_128_quant", "cat", "input_0.bin")],
                             check=True, capture_output=True, text=True).stdout.split("\n")
        scores = np.fromfile(golden("mobilenet_v1_0.25_128_quant", "cat", "output_0.bin"), dtype=np.uint8)
        self.assertEqual(int(out[0].split()[0]), int(np.argmax(scores)))
        self.assertAlmostEqual(float(out[0].split()[1]), scores.max() / 256.0, places=6)


class ApiTest(unittest.TestCase):
    def setUp(self):
        self.interpreter = Interpreter(model_path=model("testdata/add.bin"))

    def test_details(self):
        self.interpreter.allocate_tensors()
        inp, out = self.interpreter.get_input_details()[0], self.interpreter.get_output_details()[0]
        self.assertEqual(inp["name"], "input")
        self.assertEqual(out["name"], "output")
        self.assertEqual(inp["shape"].tolist(), [1, 8, 8, 3])
        self.assertEqual(inp["dtype"], np.float32)
        self.assertEqual(inp["quantization"], (0.0, 0))
        self.assertEqual(set(inp), {"name", "index", "shape", "shape_signature", "dtype", "quantization",
                                    "quantization_parameters", "sparsity_parameters"})
        names = [d["name"] for d in self.interpreter.get_tensor_details()]
        self.assertIn("input", names)
        self.assertIn("output", names)

    def test_resize_set_invoke_get(self):
        inp = self.interpreter.get_input_details()[0]
        self.interpreter.resize_tensor_input(inp["index"], [2])
        self.interpreter.allocate_tensors()
        self.interpreter.set_tensor(inp["index"], np.array([1.0, 3.0], dtype=np.float32))
        self.interpreter.invoke()
        out = self.interpreter.get_output_details()[0]
        np.testing.assert_array_equal(self.interpreter.get_tensor(out["index"]), [3.0, 9.0])
        view = self.interpreter.tensor(out["index"])
        np.testing.assert_array_equal(view(), [3.0, 9.0])
        view()[0] = 42.0  # a view, not a copy
        self.assertEqual(self.interpreter.get_tensor(out["index"])[0], 42.0)

    def test_errors(self):
        self.interpreter.allocate_tensors()
        index = self.interpreter.get_input_details()[0]["index"]
        with self.assertRaisesRegex(ValueError, "Got value of type UINT8 but expected type FLOAT32 for input 0"):
            self.interpreter.set_tensor(index, np.zeros((1, 8, 8, 3), dtype=np.uint8))
        with self.assertRaisesRegex(ValueError, "Dimension mismatch. Got 3 but expected 4 for input 0"):
            self.interpreter.set_tensor(index, np.zeros((8, 8, 3), dtype=np.float32))
        with self.assertRaisesRegex(ValueError, "Got 7 but expected 8 for dimension 1 of input 0"):
            self.interpreter.set_tensor(index, np.zeros((1, 7, 8, 3), dtype=np.float32))
        with self.assertRaisesRegex(ValueError, "Invalid tensor index"):
            self.interpreter.get_tensor(10 ** 6)
        with self.assertRaisesRegex(ValueError, "not an input"):
            self.interpreter.resize_tensor_input(self.interpreter.get_output_details()[0]["index"], [2])
        with self.assertRaises(ValueError):
            Interpreter(model_path=model("testdata/add.bin"), model_content=b"x")
        with self.assertRaises(ValueError):
            Interpreter()
        with self.assertRaisesRegex(ValueError, "TFL3|too short|invalid model"):
            Interpreter(model_content=b"\0" * 64)
        unsigned = Interpreter(model_path=model("testdata/no_signatures.bin"))
        self.assertEqual(unsigned.get_signature_list(), {})
        with self.assertRaisesRegex(ValueError, "Invalid signature_key"):
            unsigned.get_signature_runner("serving_default")

    def test_signatures(self):
        interpreter = Interpreter(model_path=model("testdata/multi_signatures.bin"))
        self.assertEqual(interpreter.get_signature_list(), {"add": {"inputs": ["x"], "outputs": ["output_0"]},
                                                            "sub": {"inputs": ["x"], "outputs": ["output_0"]}})
        with self.assertRaisesRegex(ValueError, "None is only allowed when the model has 1 SignatureDef"):
            interpreter.get_signature_runner()
        add, sub = interpreter.get_signature_runner("add"), interpreter.get_signature_runner("sub")
        np.testing.assert_array_equal(add(x=np.array([2.0, 4.0], dtype=np.float32))["output_0"], [4.0, 6.0])
        np.testing.assert_array_equal(sub(x=np.array([2.0, 4.0, 6.0], dtype=np.float32))["output_0"], [-1.0, 1.0, 3.0])
        self.assertEqual(add.get_input_details()["x"]["dtype"], np.float32)
        with self.assertRaisesRegex(ValueError, "Invalid number of inputs"):
            add()
        with self.assertRaisesRegex(ValueError, "Invalid Input name"):
            add(y=np.zeros(1, dtype=np.float32))

    def test_invoke_before_allocate_is_an_error(self):
        with self.assertRaisesRegex(RuntimeError, "AllocateTensors"):
            self.interpreter.invoke()

    def test_no_leak_over_10000_invokes(self):
        def rss_pages():
            with open("/proc/self/statm") as f:
                return int(f.read().split()[1])
        interpreter = Interpreter(model_path=model("testdata/add.bin"))
        interpreter.allocate_tensors()
        index = interpreter.get_input_details()[0]["index"]
        x = np.ones((1, 8, 8, 3), dtype=np.float32)
        for _ in range(1000):  # warm up allocator caches
            interpreter.set_tensor(index, x)
            interpreter.invoke()
        before = rss_pages()
        for _ in range(10000):
            interpreter.set_tensor(index, x)
            interpreter.invoke()
            interpreter.get_tensor(index)
        self.assertLess(rss_pages() - before, 256)  # < 1 MiB of growth over 10,000 cycles


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=1).result
    failed = len(result.failures) + len(result.errors)
    print("%d passed, %d failed" % (result.testsRun - failed, failed))
    sys.exit(1 if failed else 0)
