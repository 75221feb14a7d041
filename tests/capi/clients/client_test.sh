#!/bin/sh
# client_test.sh — `cmake --install` into a temporary prefix, then a TensorFlow Lite C API client in
# another language built against that tree (pkg-config tensorflowlite_c, -ltensorflowlite_c) runs
# hosted models on their golden cases and must give TensorFlow Lite 2.9's outputs:
#   go    clients/go/classify.go (cgo) — both hosted quantized MobileNets, byte for byte
#   node  clients/node (N-API addon in C, node-gyp) — the same
#   c     clients/c/golden_client.c — the SSD detector (four float outputs within 1e-5) and the
#         MobileNets (byte for byte)
#   dropin  tflc's libtensorflowlite_c.so exports every TFLite 2.9 symbol (tflite_2.9_exports.txt)
#         with TFLite's version tag; where real TFLite 2.9 is installed, golden_client linked
#         against either library runs on the other
# A missing toolchain is a failure, not a skip: CI installs them (scripts/deps.sh, .ci/run).
# Usage: client_test.sh go|node|c|dropin BUILD_DIR SHARED_DIR [EXTRA_CFLAGS]   (EXTRA_CFLAGS: for the c client)
set -eu
kind=$1
build=$2
shared=$3
extra=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"

fail() {
  echo "FAILED: $*" >&2
  exit 1
}
need() {
  command -v "$1" >/dev/null || fail "$1 not found; $2"
}

need pkg-config "install it: apt-get install pkg-config"
cmake --install "$build" --prefix "$prefix" >/dev/null
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
labels="$shared/labels/tflite_support/mobilenet_labels_1001.txt"
mobilenets="mobilenet_v1_0.25_128_quant mobilenet_v2_1.0_224_quant"
[ -f "$labels" ] || fail "$labels not found (shared data)"

# The golden case directories of one model.
cases() {
  for d in "$shared/golden/$1"/*/; do
    if [ -f "${d}input_0.bin" ]; then printf '%s\n' "${d%/}"; fi
  done
}

case $kind in
go)
  need go "install Go: apt-get install golang-go"
  # Standard library and cgo only: no modules, nothing fetched; caches under $work.
  export GO111MODULE=off GOFLAGS="" GOPATH="$work/gopath" GOCACHE="$work/gocache" HOME="$work" CGO_ENABLED=1
  export CGO_LDFLAGS="-Wl,-rpath,$prefix/lib"
  go build -o "$work/classify" "$here/go/classify.go" || fail "go build of classify.go against $prefix"
  for m in $mobilenets; do
    # shellcheck disable=SC2046
    "$work/classify" "$shared/models/hosted/$m.tflite" "$labels" $(cases "$m")
  done
  ;;
node)
  need node "install Node.js: apt-get install nodejs npm (Debian's nodejs ships the headers in libnode-dev)"
  # node-gyp with --nodedir at the headers installed beside node (Debian's libnode-dev or
  # NodeSource's nodejs put them in PREFIX/include/node), so no headers are downloaded.
  node_prefix=$(node -p 'process.config.variables.node_prefix || "/usr"')
  if [ ! -f "$node_prefix/include/node/node_api.h" ] && [ -f /usr/include/node/node_api.h ]; then node_prefix=/usr; fi
  for h in node_api.h common.gypi; do
    [ -f "$node_prefix/include/node/$h" ] || fail "Node.js headers not found in $node_prefix/include/node (Debian: apt-get install libnode-dev)"
  done
  gyp=""
  for g in "${TFLC_NODE_GYP:-}" "$node_prefix/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js" \
           /usr/share/nodejs/node-gyp/bin/node-gyp.js "$(command -v node-gyp || true)"; do
    [ -n "$g" ] && [ -f "$g" ] && { gyp=$g; break; }
  done
  [ -n "$gyp" ] || fail "node-gyp not found (it comes with npm: apt-get install npm; or set TFLC_NODE_GYP)"
  need python3 "node-gyp needs it: apt-get install python3"
  # node-gyp writes build/ beside binding.gyp: build a copy.
  mkdir "$work/node"
  cp "$here/node/binding.gyp" "$here/node/addon.c" "$work/node/"
  (cd "$work/node" && HOME="$work" npm_config_cache="$work/npm" node "$gyp" rebuild --nodedir="$node_prefix" \
     --devdir="$work/gyp" >"$work/gyp.log" 2>&1) || { cat "$work/gyp.log" >&2; fail "node-gyp could not build the addon"; }
  for m in $mobilenets; do
    # shellcheck disable=SC2046
    node "$here/node/classify.js" "$work/node/build/Release/tflite_addon.node" "$shared/models/hosted/$m.tflite" \
      "$labels" $(cases "$m")
  done
  ;;
c)
  need cc "install a C compiler: apt-get install build-essential"
  # shellcheck disable=SC2086,SC2046
  cc -std=c11 $extra "$here/c/golden_client.c" $(pkg-config --cflags --libs tensorflowlite_c) -lm \
    -Wl,-rpath,"$prefix/lib" -o "$work/golden_client"
  # shellcheck disable=SC2046
  "$work/golden_client" "$shared/models/hosted/coco_ssd_mobilenet_v1_1.0_quant.tflite" \
    $(cases coco_ssd_mobilenet_v1_1.0_quant)
  for m in $mobilenets; do
    # shellcheck disable=SC2046
    "$work/golden_client" "$shared/models/hosted/$m.tflite" $(cases "$m")
  done
  ;;
dropin)
  # Every TFLite 2.9 export is in tflc's libtensorflowlite_c.so with TFLite's version tag VERS_1.0.
  need nm "install binutils (build-essential)"
  nm -D --defined-only "$prefix/lib/libtensorflowlite_c.so" | awk '{print $3}' >"$work/ours"
  missing=$(grep -v '^#' "$here/tflite_2.9_exports.txt" | while read -r name; do
    grep -qx "$name@@VERS_1.0" "$work/ours" || printf ' %s' "$name"
  done)
  [ -z "$missing" ] || fail "libtensorflowlite_c.so lacks (or does not tag VERS_1.0):$missing"
  echo "all $(grep -vc '^#' "$here/tflite_2.9_exports.txt") TensorFlow Lite 2.9 exports present, tagged VERS_1.0"
  # With real TFLite 2.9 at hand (../shared/reference/setup.sh), binaries swap libraries both ways:
  # one linked against TFLite's library runs on tflc's, silently, and one linked against tflc's runs
  # on TFLite's.
  ref=${TFLC_REF_HOME:-$HOME/.cache/tflc-reference}/node_modules/tfjs-tflite-node/cc_deps/linux_amd64
  if [ ! -f "$ref/libtensorflowlite_c.so" ]; then
    echo "no reference TensorFlow Lite in $ref: library swap not checked (run ../shared/reference/setup.sh)"
  else
    nm -D --defined-only "$ref/libtensorflowlite_c.so" | awk '/ TfLite/ {sub("@@VERS_1.0", "", $3); print $3}' | sort >"$work/theirs"
    grep -v '^#' "$here/tflite_2.9_exports.txt" | sort | cmp -s - "$work/theirs" ||
      fail "tflite_2.9_exports.txt differs from the exports of $ref/libtensorflowlite_c.so"
    ssd="$shared/models/hosted/coco_ssd_mobilenet_v1_1.0_quant.tflite"
    # shellcheck disable=SC2046
    set -- $(cases coco_ssd_mobilenet_v1_1.0_quant)
    cc -std=c11 "$here/c/golden_client.c" -I"$prefix/include" -L"$ref" -ltensorflowlite_c -lm -o "$work/built_on_tflite"
    LD_LIBRARY_PATH="$prefix/lib" "$work/built_on_tflite" "$ssd" "$@" 2>"$work/stderr" || { cat "$work/stderr" >&2; fail "a program linked against TensorFlow Lite fails on tflc"; }
    [ ! -s "$work/stderr" ] || { cat "$work/stderr" >&2; fail "the loader or tflc complained (above)"; }
    cc -std=c11 "$here/c/golden_client.c" -I"$prefix/include" -L"$prefix/lib" -ltensorflowlite_c -lm -o "$work/built_on_tflc"
    LD_LIBRARY_PATH="$ref" "$work/built_on_tflc" "$ssd" "$@" || fail "a program linked against tflc fails on TensorFlow Lite"
  fi
  ;;
*)
  fail "unknown client '$kind' (go, node, c or dropin)"
  ;;
esac
echo "client $kind: every case matches TensorFlow Lite"
