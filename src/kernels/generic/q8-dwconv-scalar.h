/*
** q8-dwconv-scalar.h — the body shared by the portable depthwise microkernels
** (tflc_qu8_dwconv_ukernel_c16__scalar, tflc_qs8_dwconv_ukernel_c16__scalar): they differ only
** in how an input byte is read. gemmlowp requantization, as the reference depthwise kernel.
*/
#ifndef TFLC_KERNELS_GENERIC_Q8_DWCONV_SCALAR_H_
#define TFLC_KERNELS_GENERIC_Q8_DWCONV_SCALAR_H_

#include "kernels/qconv.h"
#include "kernels/quant.h"

static inline void q8_dwconv_scalar(size_t pixels, size_t channels, size_t ntaps, const void *const *input,
                                    size_t input_step, const void *w, void *output, const tflc_q8_params *params,
                                    bool input_signed) {
  const uint8_t *block = w;
  for (size_t c0 = 0; c0 < channels; c0 += TFLC_QBLOCK) {
    const int32_t *hdr = (const int32_t *)block;
    const int32_t *wb = (const int32_t *)(block + TFLC_QHDR_BYTES);
    size_t n = channels - c0 < TFLC_QBLOCK ? channels - c0 : TFLC_QBLOCK;
    for (size_t p = 0; p < pixels; p++) {
      uint8_t *out = (uint8_t *)output + p * channels;
      size_t at = p * input_step + c0;
      for (size_t j = 0; j < n; j++) {
        uint32_t acc = (uint32_t)hdr[TFLC_QHDR_COLTERM * TFLC_QBLOCK + j];
        for (size_t t = 0; t < ntaps; t++) {
          int32_t x = input_signed ? ((const int8_t *)input[t])[at + j] : ((const uint8_t *)input[t])[at + j];
          acc += (uint32_t)(x * (int16_t)(uint16_t)wb[t * TFLC_QBLOCK + j]);
        }
        int32_t left = hdr[TFLC_QHDR_LSHIFT * TFLC_QBLOCK + j], right = hdr[TFLC_QHDR_RSHIFT * TFLC_QBLOCK + j];
        int32_t y = tflc_multiply_by_quantized_multiplier((int32_t)acc, hdr[TFLC_QHDR_MULT * TFLC_QBLOCK + j],
                                                          left > 0 ? left : -right);
        y = (int32_t)((uint32_t)y + (uint32_t)params->output_offset);
        y = y < params->act_min ? params->act_min : (y > params->act_max ? params->act_max : y);
        out[c0 + j] = (uint8_t)y;
      }
    }
    block += TFLC_QHDR_BYTES + ntaps * TFLC_QBLOCK * 4;
  }
}

#endif /* TFLC_KERNELS_GENERIC_Q8_DWCONV_SCALAR_H_ */
