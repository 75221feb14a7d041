/*
** broadcast.c — see broadcast.h.
*/
#include "kernels/broadcast.h"

/* One input's strides over the padded output dims: 0 where it has extent 1 (broadcast). */
static void input_strides(const TfLiteTensor *t, int64_t *stride) {
  int nd = tflc_ndims(t);
  int64_t s = 1;
  for (int d = TFLC_BROADCAST_MAX_DIMS - 1; d >= 0; d--) {
    int k = d - (TFLC_BROADCAST_MAX_DIMS - nd); /* the input's own dimension, < 0 when padded */
    int32_t extent = k >= 0 ? tflc_dim(t, k) : 1;
    stride[d] = extent == 1 ? 0 : s;
    s *= extent;
  }
}

TfLiteStatus tflc_broadcast_prepare(tflc_context *ctx, const tflc_node *node, const TfLiteTensor *a,
                                    const TfLiteTensor *b, tflc_broadcast *bc, int32_t *dims, int *ndims) {
  int na = tflc_ndims(a), nb = tflc_ndims(b);
  int n = na > nb ? na : nb;
  TFLC_ENSURE_MSG(ctx, node, n <= TFLC_BROADCAST_MAX_DIMS, "inputs have %d dimensions (limit %d)", n,
                  TFLC_BROADCAST_MAX_DIMS);
  int64_t size = 1;
  for (int d = 0; d < n; d++) {
    int ka = d - (n - na), kb = d - (n - nb);
    int32_t ea = ka >= 0 ? tflc_dim(a, ka) : 1, eb = kb >= 0 ? tflc_dim(b, kb) : 1;
    TFLC_ENSURE_MSG(ctx, node, ea == eb || ea == 1 || eb == 1,
                    "input shapes do not broadcast: dimension %d is %d in input 0 and %d in input 1", d, (int)ea,
                    (int)eb);
    dims[d] = ea == 1 ? eb : ea;
    size *= dims[d]; /* each factor is a dimension of an input, whose sizes were validated */
    TFLC_ENSURE_MSG(ctx, node, size <= INT32_MAX, "broadcast output has more than %d elements", (int)INT32_MAX);
  }
  *ndims = n;
  bc->size = size;
  bc->needed = !tflc_same_shape(a, b);
  for (int d = 0; d < TFLC_BROADCAST_MAX_DIMS; d++) {
    int k = d - (TFLC_BROADCAST_MAX_DIMS - n);
    bc->dims[d] = k >= 0 ? dims[k] : 1;
  }
  input_strides(a, bc->stride1);
  input_strides(b, bc->stride2);
  return kTfLiteOk;
}

void tflc_broadcast_rows(const tflc_broadcast *bc, tflc_broadcast_row_fn fn, void *user) {
  if (!bc->needed) {
    if (bc->size > 0) fn(user, 0, 1, 0, 1, 0, bc->size);
    return;
  }
  const int last = TFLC_BROADCAST_MAX_DIMS - 1;
  const int64_t n = bc->dims[last];
  if (n == 0 || bc->size == 0) return;
  int32_t idx[TFLC_BROADCAST_MAX_DIMS] = {0};
  for (int64_t o = 0; o < bc->size; o += n) {
    int64_t i1 = 0, i2 = 0;
    for (int d = 0; d < last; d++) {
      i1 += idx[d] * bc->stride1[d];
      i2 += idx[d] * bc->stride2[d];
    }
    fn(user, i1, bc->stride1[last], i2, bc->stride2[last], o, n);
    for (int d = last - 1; d >= 0 && ++idx[d] == bc->dims[d]; d--) idx[d] = 0;
  }
}
