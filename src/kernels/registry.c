/*
** registry.c — which kernel runs which op.
**
** One entry per builtin op: the kernel and the highest op version it implements (the
** version in the model's OperatorCode; newer versions may add semantics tflc lacks).
*/
#include "runtime/kernel.h"

#include <string.h>

extern const tflc_kernel tflc_add_kernel;
extern const tflc_kernel tflc_average_pool_2d_kernel;
extern const tflc_kernel tflc_concatenation_kernel;
extern const tflc_kernel tflc_conv_2d_kernel;
extern const tflc_kernel tflc_depthwise_conv_2d_kernel;
extern const tflc_kernel tflc_dequantize_kernel;
extern const tflc_kernel tflc_fully_connected_kernel;
extern const tflc_kernel tflc_logistic_kernel;
extern const tflc_kernel tflc_max_pool_2d_kernel;
extern const tflc_kernel tflc_mean_kernel;
extern const tflc_kernel tflc_quantize_kernel;
extern const tflc_kernel tflc_reshape_kernel;
extern const tflc_kernel tflc_softmax_kernel;
extern const tflc_kernel tflc_split_kernel;
extern const tflc_kernel tflc_squeeze_kernel;
extern const tflc_kernel tflc_tanh_kernel;

typedef struct builtin_entry {
  int32_t code;
  int32_t max_version;
  const tflc_kernel *kernel;
} builtin_entry;

static const builtin_entry builtins[] = {
    {0, 4, &tflc_add_kernel},               /* ADD */
    {1, 3, &tflc_average_pool_2d_kernel},   /* AVERAGE_POOL_2D */
    {2, 3, &tflc_concatenation_kernel},     /* CONCATENATION */
    {3, 5, &tflc_conv_2d_kernel},           /* CONV_2D */
    {4, 6, &tflc_depthwise_conv_2d_kernel}, /* DEPTHWISE_CONV_2D */
    {6, 4, &tflc_dequantize_kernel},        /* DEQUANTIZE */
    {9, 9, &tflc_fully_connected_kernel},   /* FULLY_CONNECTED */
    {14, 3, &tflc_logistic_kernel},         /* LOGISTIC */
    {17, 3, &tflc_max_pool_2d_kernel},      /* MAX_POOL_2D */
    {22, 1, &tflc_reshape_kernel},          /* RESHAPE */
    {25, 3, &tflc_softmax_kernel},          /* SOFTMAX */
    {28, 3, &tflc_tanh_kernel},             /* TANH */
    {40, 3, &tflc_mean_kernel},             /* MEAN */
    {43, 1, &tflc_squeeze_kernel},          /* SQUEEZE */
    {49, 3, &tflc_split_kernel},            /* SPLIT */
    {114, 3, &tflc_quantize_kernel},        /* QUANTIZE */
};

const tflc_kernel *tflc_find_builtin_kernel(int32_t builtin_code, int32_t version) {
  for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
    if (builtins[i].code == builtin_code) return version <= builtins[i].max_version ? builtins[i].kernel : NULL;
  return NULL;
}

const tflc_kernel *tflc_find_custom_kernel(const char *name) {
  (void)name;
  return NULL;
}
