/*
** floatconv_planar.h — the planar float32 CONV_2D path (floatconv_planar.c), which the float
** dispatch (floatconv_ops.c) picks for convolutions over few input channels.
*/
#ifndef TFLC_KERNELS_FLOATCONV_PLANAR_H_
#define TFLC_KERNELS_FLOATCONV_PLANAR_H_

#include "kernels/conv_geometry.h"
#include "kernels/quant.h"

/* Whether the planar path takes a convolution of this geometry (1 to 4 input channels...). */
bool tflc_fplanar_applies(const tflc_conv_geometry *g);
/* Packs the weights into op_data and asks for scratch; the node then invokes tflc_fplanar_invoke. */
TfLiteStatus tflc_fplanar_prepare(tflc_context *ctx, tflc_node *node, const tflc_conv_geometry *g,
                                  const TfLiteTensor *filter, const TfLiteTensor *bias, tflc_activation act);
TfLiteStatus tflc_fplanar_invoke(tflc_context *ctx, tflc_node *node);

#endif /* TFLC_KERNELS_FLOATCONV_PLANAR_H_ */
