#!/bin/sh
# install_test.sh — `cmake --install` gives a tree that programs written for TensorFlow Lite build
# and run against: install_client.c built four ways (plain cc -ltensorflowlite_c, pkg-config,
# pkg-config --static with libtflc.a, CMake find_package(tflc)) runs a hosted MobileNet and must
# give TFLite's golden output.
# Usage: install_test.sh BUILD_DIR SHARED_DIR [EXTRA_CFLAGS]   (EXTRA_CFLAGS: sanitizer flags)
set -eu
build=$1
shared=$2
extra=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null
for f in include/tensorflow/lite/c/c_api.h include/tensorflow/lite/c/c_api_experimental.h \
         include/tensorflow/lite/c/common.h include/tensorflow/lite/builtin_ops.h include/tflc/runtime.h \
         lib/libtensorflowlite_c.so lib/libtflc.so lib/libtflc.a lib/pkgconfig/tensorflowlite_c.pc \
         lib/pkgconfig/tflc.pc lib/cmake/tflc/tflcConfig.cmake; do
  [ -f "$prefix/$f" ] || { echo "not installed: $f" >&2; exit 1; }
done
model="$shared/models/hosted/mobilenet_v1_0.25_128_quant.tflite"
case="$shared/golden/mobilenet_v1_0.25_128_quant/cat"
passed=0
# 1. As TFLite's documentation builds a C API program.
# shellcheck disable=SC2086
cc -std=c11 $extra "$here/install_client.c" -I"$prefix/include" -L"$prefix/lib" -ltensorflowlite_c \
  -Wl,-rpath,"$prefix/lib" -o "$work/client_cc"
"$work/client_cc" "$model" "$case/input_0.bin" "$case/output_0.bin"
passed=$((passed + 1))
# 2. Through pkg-config (when installed).
if command -v pkg-config >/dev/null; then
  flags=$(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags --libs tensorflowlite_c)
  # shellcheck disable=SC2086
  cc -std=c11 $extra "$here/install_client.c" $flags -Wl,-rpath,"$prefix/lib" -o "$work/client_pc"
  "$work/client_pc" "$model" "$case/input_0.bin" "$case/output_0.bin"
  passed=$((passed + 1))
  # 2b. Statically, with the dependencies pkg-config lists (Libs.private).
  static=$(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --static --cflags --libs tflc | sed "s|-ltflc|$prefix/lib/libtflc.a|")
  # shellcheck disable=SC2086
  cc -std=c11 $extra "$here/install_client.c" $static -o "$work/client_static"
  "$work/client_static" "$model" "$case/input_0.bin" "$case/output_0.bin"
  passed=$((passed + 1))
fi
# 3. Through CMake's find_package(tflc).
mkdir -p "$work/cmake_client"
cat > "$work/cmake_client/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.16)
project(tflc_client C)
find_package(tflc REQUIRED)
add_executable(client "$here/install_client.c")
target_compile_options(client PRIVATE $extra)
target_link_options(client PRIVATE $extra)
target_link_libraries(client PRIVATE tflc::tensorflowlite_c)
CMAKE
cmake -S "$work/cmake_client" -B "$work/cmake_client/build" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/cmake_client/build" >/dev/null
"$work/cmake_client/build/client" "$model" "$case/input_0.bin" "$case/output_0.bin"
passed=$((passed + 1))
echo "$passed passed, 0 failed"
