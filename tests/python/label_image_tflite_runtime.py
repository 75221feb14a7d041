"""A classification script written for tflite_runtime, as its users write them.

The only tflc-specific line is the import (the commented one is the original). It prints
the top-5 "index score" lines for a raw uint8 input, so the test can compare them with
TensorFlow Lite's golden output.
usage: label_image_tflite_runtime.py MODEL INPUT.bin
"""
import sys

import numpy as np

# from tflite_runtime.interpreter import Interpreter
from tflc.interpreter import Interpreter

interpreter = Interpreter(model_path=sys.argv[1], num_threads=1)
interpreter.allocate_tensors()
input_details = interpreter.get_input_details()
output_details = interpreter.get_output_details()
height, width = input_details[0]["shape"][1], input_details[0]["shape"][2]
image = np.fromfile(sys.argv[2], dtype=np.uint8).reshape(1, height, width, 3)
interpreter.set_tensor(input_details[0]["index"], image)
interpreter.invoke()
output = interpreter.get_tensor(output_details[0]["index"])
results = np.squeeze(output)
scale, zero_point = output_details[0]["quantization"]
top_k = results.argsort()[-5:][::-1]
for i in top_k:
    print(i, scale * (int(results[i]) - zero_point))
