/*
** q8-vadd-scalar.h — the body of the portable quantized ADD microkernels
** (tflc_qu8_vadd_ukernel__scalar, tflc_qs8_vadd_ukernel__scalar); see qconv.h.
*/
#ifndef TFLC_KERNELS_GENERIC_Q8_VADD_SCALAR_H_
#define TFLC_KERNELS_GENERIC_Q8_VADD_SCALAR_H_

#include <stdbool.h>

#include "kernels/qconv.h"
#include "kernels/quant.h"

static inline void q8_vadd_scalar(size_t n, const void *a, const void *b, void *out, const tflc_q8_add_params *p,
                                  bool is_signed) {
  for (size_t i = 0; i < n; i++) {
    int32_t x1 = is_signed ? ((const int8_t *)a)[i] : ((const uint8_t *)a)[i];
    int32_t x2 = is_signed ? ((const int8_t *)b)[i] : ((const uint8_t *)b)[i];
    int32_t s1 = tflc_multiply_by_quantized_multiplier((int32_t)((uint32_t)(x1 - p->input1_zero_point) << 20),
                                                       p->input1_multiplier, p->input1_shift);
    int32_t s2 = tflc_multiply_by_quantized_multiplier((int32_t)((uint32_t)(x2 - p->input2_zero_point) << 20),
                                                       p->input2_multiplier, p->input2_shift);
    int32_t y = tflc_multiply_by_quantized_multiplier(s1 + s2, p->output_multiplier, p->output_shift);
    y += p->output_zero_point;
    y = y < p->act_min ? p->act_min : (y > p->act_max ? p->act_max : y);
    ((uint8_t *)out)[i] = (uint8_t)y;
  }
}

#endif /* TFLC_KERNELS_GENERIC_Q8_VADD_SCALAR_H_ */
