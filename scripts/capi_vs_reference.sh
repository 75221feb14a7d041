#!/bin/sh
# capi_vs_reference.sh — builds tests/capi/capi_client_test.c's TensorFlow Lite 2.9 part twice,
# against real TFLite 2.9 (the reference install's headers and libtensorflowlite_c.so) and against
# tflc (BUILD_DIR's libtensorflowlite_c.so), and runs both: the same checks must pass on both, so
# outputs and status codes agree. Not part of CI (it needs ../shared/reference/setup.sh run first).
#
# Usage: scripts/capi_vs_reference.sh [BUILD_DIR] [SHARED_DIR]
# TFLite 2.9's install has no c_api_experimental.h, builtin_ops.h or xnnpack_delegate.h: tflc's (same names and values)
# are used beside TFLite's own c_api.h and common.h.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
shared=$(cd "${2:-${TFLC_SHARED:-$root/../shared}}" && pwd)
ref=${TFLC_REF_HOME:-$HOME/.cache/tflc-reference}/node_modules/tfjs-tflite-node/cc_deps
[ -f "$ref/linux_amd64/libtensorflowlite_c.so" ] || { echo "no reference TFLite: run ../shared/reference/setup.sh" >&2; exit 2; }
[ -f "$build/libtensorflowlite_c.so" ] || { echo "no $build/libtensorflowlite_c.so: build tflc first" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/shim/tensorflow/lite/c"
cp "$root/include/tensorflow/lite/c/c_api_experimental.h" "$work/shim/tensorflow/lite/c/"
cp "$root/include/tensorflow/lite/builtin_ops.h" "$work/shim/tensorflow/lite/"
mkdir -p "$work/shim/tensorflow/lite/delegates/xnnpack"
cp "$root/include/tensorflow/lite/delegates/xnnpack/xnnpack_delegate.h" "$work/shim/tensorflow/lite/delegates/xnnpack/"
src="$root/tests/capi/capi_client_test.c"
cc -std=c11 -O1 -DCAPI_TFLITE_2_9_ONLY -I"$ref/include" -I"$work/shim" "$src" -o "$work/client_tflite" \
  -L"$ref/linux_amd64" -ltensorflowlite_c -Wl,-rpath,"$ref/linux_amd64" -lm
cc -std=c11 -O1 -DCAPI_TFLITE_2_9_ONLY -I"$root/include" "$src" -o "$work/client_tflc" \
  -L"$build" -ltensorflowlite_c -Wl,-rpath,"$build" -lm
status=0
echo "TensorFlow Lite 2.9:"
"$work/client_tflite" "$shared" 2>"$work/tflite.err" || status=1
grep CHECK "$work/tflite.err" >&2 || true
echo "tflc:"
"$work/client_tflc" "$shared" 2>"$work/tflc.err" || status=1
grep CHECK "$work/tflc.err" >&2 || true
[ $status -eq 0 ] && echo "same results on both" || echo "DIFFERENT results (see the failed checks above)"
exit $status
