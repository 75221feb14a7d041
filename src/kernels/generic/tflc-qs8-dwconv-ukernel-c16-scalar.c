/*
** tflc_qs8_dwconv_ukernel_c16__scalar — portable depthwise microkernel for INT8 inputs (qconv.h).
*/
#include "kernels/generic/q8-dwconv-scalar.h"

void tflc_qs8_dwconv_ukernel_c16__scalar(size_t pixels, size_t channels, size_t ntaps, const void *const *input,
                                         size_t input_step, const void *w, void *output, const tflc_q8_params *params) {
  q8_dwconv_scalar(pixels, channels, ntaps, input, input_step, w, output, params, true);
}
