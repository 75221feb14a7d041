/*
** tflc_f32_deinterleave_ukernel__scalar — splits rows of `stride` interleaved floats into
** `stride` contiguous rows (floatconv.h), in portable C.
*/
#include "kernels/floatconv.h"

void tflc_f32_deinterleave_ukernel__scalar(size_t n, size_t stride, const float *in, float *out, size_t out_stride) {
  for (size_t k = 0; k < stride; k++)
    for (size_t j = 0; j < n; j++) out[k * out_stride + j] = in[j * stride + k];
}
