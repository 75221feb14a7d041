/*
** index_util.h — helpers shared by the data-movement kernels (pad, slice, gather, tile, pack):
** reading int32/int64 parameter tensors (paddings, begin/end, multiples, indices) and
** checking tensor types they move byte for byte.
*/
#ifndef TFLC_KERNELS_INDEX_UTIL_H_
#define TFLC_KERNELS_INDEX_UTIL_H_

#include <stdbool.h>
#include <stdint.h>

#include "format/model.h"
#include "runtime/kernel.h"

/* Element i of an int32 or int64 tensor, widened to int64. */
static inline int64_t tflc_index_at(const TfLiteTensor *t, int64_t i) {
  return t->type == kTfLiteInt64 ? t->data.i64[i] : (int64_t)t->data.i32[i];
}

static inline bool tflc_is_index_type(TfLiteType type) { return type == kTfLiteInt32 || type == kTfLiteInt64; }

/* Types the copy-only kernels move (every fixed-size type TFLite's kernels list for them). */
static inline bool tflc_is_movable_type(TfLiteType type) {
  return type == kTfLiteFloat32 || type == kTfLiteUInt8 || type == kTfLiteInt8 || type == kTfLiteInt16 ||
         type == kTfLiteInt32 || type == kTfLiteInt64 || type == kTfLiteBool;
}

/*
** Input i of a node that the output shape depends on (paddings, begin, multiples...): it must
** be an int32/int64 tensor whose values are known at prepare (constant, or computed at prepare
** from other shapes). tflc sizes every tensor at prepare, so other ones are refused.
*/
static inline TfLiteStatus tflc_shape_input(tflc_context *ctx, const tflc_node *node, int i, const char *what,
                                            const TfLiteTensor **out) {
  const TfLiteTensor *t = tflc_input(ctx, node, i);
  TFLC_ENSURE_MSG(ctx, node, t != NULL, "input %d (%s) is missing", i, what);
  TFLC_ENSURE_MSG(ctx, node, tflc_is_index_type(t->type), "input %d (%s) has type %s; int32 or int64 expected", i,
                  what, TfLiteTypeGetName(t->type));
  TFLC_ENSURE_MSG(ctx, node, tflc_is_known_at_prepare(t),
                  "input %d (%s, tensor %d) is computed at run time; tflc needs it constant or computable "
                  "from shapes at prepare",
                  i, what, (int)node->inputs[i]);
  *out = t;
  return kTfLiteOk;
}

/* Row-major strides, in elements, of a shape. */
static inline void tflc_strides(int ndims, const int32_t *dims, int64_t *strides) {
  int64_t s = 1;
  for (int d = ndims - 1; d >= 0; d--) {
    strides[d] = s;
    s *= dims[d];
  }
}

#endif /* TFLC_KERNELS_INDEX_UTIL_H_ */
