#!/usr/bin/env bash
# `pip install ./python` (offline) gives an importable, documented tflc.interpreter.Interpreter.
# usage: pip_install_test.sh PYTHON PACKAGE_DIR LIBTFLC TARGET_DIR
set -eu
python=$1 package=$2 library=$3 target=$4
rm -rf "$target"
"$python" -m pip install --quiet --no-deps --no-index --target "$target" "$package" 2>/dev/null ||
  "$python" -m pip install --quiet --no-deps --no-index --break-system-packages --target "$target" "$package"
cd /
doc=$(TFLC_LIBRARY="$library" PYTHONPATH="$target" "$python" -c "from tflc.interpreter import Interpreter; help(Interpreter)")
missing=0
for method in allocate_tensors get_input_details get_output_details set_tensor get_tensor tensor invoke \
  resize_tensor_input get_tensor_details get_signature_list get_signature_runner; do
  grep -q " $method(self" <<<"$doc" || { echo "FAIL help(Interpreter) lacks $method"; missing=$((missing + 1)); }
done
echo "$((11 - missing)) passed, $missing failed"
[[ $missing -eq 0 ]]
