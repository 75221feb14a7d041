/*
** tflc_f32_block_channels_ukernel__avx512f — channel blocking (floatconv.h) on AVX-512F: one
** load and one store per pixel and block (a 64-byte memcpy per block is four SSE moves each
** way where the caller is compiled, and this copy runs over every input row of a 3x3
** depthwise layer). The last block's load is masked to its channels, zeroing the other lanes.
*/
#if defined(__x86_64__)
#pragma GCC target("avx512f")
#include <immintrin.h>

#include "kernels/floatconv.h"

void tflc_f32_block_channels_ukernel__avx512f(size_t n, size_t channels, const float *in, float *out,
                                              size_t block_stride) {
  for (size_t c0 = 0; c0 < channels; c0 += 16, out += block_stride) {
    const size_t lanes = channels - c0;
    const float *src = in + c0;
    float *dst = out;
    if (lanes >= 16) {
      for (size_t p = 0; p < n; p++, src += channels, dst += 16) _mm512_store_ps(dst, _mm512_loadu_ps(src));
    } else {
      const __mmask16 m = (__mmask16)((1u << lanes) - 1);
      for (size_t p = 0; p < n; p++, src += channels, dst += 16) _mm512_store_ps(dst, _mm512_maskz_loadu_ps(m, src));
    }
  }
}
#endif
