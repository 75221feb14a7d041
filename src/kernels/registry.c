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
/* Optimized quantized paths with the reference kernels behind them (qconv_ops.c). */
extern const tflc_kernel tflc_conv_2d_dispatch_kernel;
extern const tflc_kernel tflc_depthwise_conv_2d_dispatch_kernel;
extern const tflc_kernel tflc_fully_connected_dispatch_kernel;
extern const tflc_kernel tflc_add_dispatch_kernel; /* add_fast.c */
/* Float paths first, then the quantized dispatch above (floatconv_ops.c). */
extern const tflc_kernel tflc_conv_2d_f32_dispatch_kernel;
extern const tflc_kernel tflc_depthwise_conv_2d_f32_dispatch_kernel;
extern const tflc_kernel tflc_fully_connected_f32_dispatch_kernel;
extern const tflc_kernel tflc_resize_bilinear_dispatch_kernel; /* resize_fast.c */
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
/* Elementwise binary/unary ops, resizes, ARG_MAX, CAST (binary.c, relu.c, sqrt.c, resize.c, arg_max.c, cast.c). */
extern const tflc_kernel tflc_sub_kernel;
extern const tflc_kernel tflc_mul_kernel;
extern const tflc_kernel tflc_div_kernel;
extern const tflc_kernel tflc_squared_difference_kernel;
extern const tflc_kernel tflc_floor_div_kernel;
extern const tflc_kernel tflc_relu_kernel;
extern const tflc_kernel tflc_relu6_kernel;
extern const tflc_kernel tflc_relu_n1_to_1_kernel;
extern const tflc_kernel tflc_hard_swish_kernel;
extern const tflc_kernel tflc_sqrt_kernel;
extern const tflc_kernel tflc_rsqrt_kernel;
extern const tflc_kernel tflc_cast_kernel;
extern const tflc_kernel tflc_arg_max_kernel;
extern const tflc_kernel tflc_resize_bilinear_kernel;
extern const tflc_kernel tflc_resize_nearest_neighbor_kernel;
/* Data movement and shapes (pad.c, slice.c, gather.c, tile.c, pack.c, shape.c, transpose_conv.c). */
extern const tflc_kernel tflc_pad_kernel;
extern const tflc_kernel tflc_padv2_kernel;
extern const tflc_kernel tflc_mirror_pad_kernel;
extern const tflc_kernel tflc_strided_slice_kernel;
extern const tflc_kernel tflc_slice_kernel;
extern const tflc_kernel tflc_gather_kernel;
extern const tflc_kernel tflc_gather_nd_kernel;
extern const tflc_kernel tflc_tile_kernel;
extern const tflc_kernel tflc_transpose_kernel; /* transpose.c */
extern const tflc_kernel tflc_leaky_relu_kernel;       /* leaky_relu.c */
extern const tflc_kernel tflc_l2_normalization_kernel; /* l2_normalization.c */
extern const tflc_kernel tflc_batch_matmul_kernel;     /* batch_matmul.c */
extern const tflc_kernel tflc_pack_kernel;
extern const tflc_kernel tflc_unpack_kernel;
extern const tflc_kernel tflc_shape_kernel;
extern const tflc_kernel tflc_transpose_conv_kernel;
extern const tflc_kernel tflc_unidirectional_sequence_lstm_kernel;
extern const tflc_kernel tflc_lstm_kernel; /* unidirectional_sequence_lstm.c */
extern const tflc_kernel tflc_hashtable_lookup_kernel; /* hashtable_lookup.c */
extern const tflc_kernel tflc_skip_gram_kernel;        /* skip_gram.c */
extern const tflc_kernel tflc_lsh_projection_kernel;   /* lsh_projection.c */

typedef struct builtin_entry {
  int32_t code;
  int32_t max_version;
  const tflc_kernel *kernel;
} builtin_entry;

static const builtin_entry builtins[] = {
    {0, 4, &tflc_add_dispatch_kernel},      /* ADD */
    {1, 3, &tflc_average_pool_2d_kernel},   /* AVERAGE_POOL_2D */
    {2, 3, &tflc_concatenation_kernel},     /* CONCATENATION */
    {3, 5, &tflc_conv_2d_f32_dispatch_kernel}, /* CONV_2D */
    {4, 6, &tflc_depthwise_conv_2d_f32_dispatch_kernel}, /* DEPTHWISE_CONV_2D */
    {6, 4, &tflc_dequantize_kernel},        /* DEQUANTIZE */
    {9, 9, &tflc_fully_connected_f32_dispatch_kernel}, /* FULLY_CONNECTED */
    {14, 3, &tflc_logistic_kernel},         /* LOGISTIC */
    {17, 3, &tflc_max_pool_2d_kernel},      /* MAX_POOL_2D */
    {22, 1, &tflc_reshape_kernel},          /* RESHAPE */
    {25, 3, &tflc_softmax_kernel},          /* SOFTMAX */
    {28, 3, &tflc_tanh_kernel},             /* TANH */
    {40, 3, &tflc_mean_kernel},             /* MEAN */
    {43, 1, &tflc_squeeze_kernel},          /* SQUEEZE */
    {49, 3, &tflc_split_kernel},            /* SPLIT */
    {114, 3, &tflc_quantize_kernel},        /* QUANTIZE */
    {18, 5, &tflc_mul_kernel},              /* MUL */
    {19, 3, &tflc_relu_kernel},             /* RELU */
    {20, 1, &tflc_relu_n1_to_1_kernel},     /* RELU_N1_TO_1 */
    {21, 3, &tflc_relu6_kernel},            /* RELU6 */
    {23, 4, &tflc_resize_bilinear_dispatch_kernel}, /* RESIZE_BILINEAR */
    {41, 5, &tflc_sub_kernel},              /* SUB */
    {42, 2, &tflc_div_kernel},              /* DIV */
    {53, 4, &tflc_cast_kernel},             /* CAST */
    {56, 3, &tflc_arg_max_kernel},          /* ARG_MAX */
    {75, 1, &tflc_sqrt_kernel},             /* SQRT */
    {76, 2, &tflc_rsqrt_kernel},            /* RSQRT */
    {90, 2, &tflc_floor_div_kernel},        /* FLOOR_DIV */
    {97, 4, &tflc_resize_nearest_neighbor_kernel}, /* RESIZE_NEAREST_NEIGHBOR */
    {99, 2, &tflc_squared_difference_kernel}, /* SQUARED_DIFFERENCE */
    {117, 1, &tflc_hard_swish_kernel},      /* HARD_SWISH */
    {34, 4, &tflc_pad_kernel},              /* PAD */
    {60, 4, &tflc_padv2_kernel},            /* PADV2 */
    {100, 2, &tflc_mirror_pad_kernel},      /* MIRROR_PAD */
    {45, 6, &tflc_strided_slice_kernel},    /* STRIDED_SLICE */
    {65, 5, &tflc_slice_kernel},            /* SLICE */
    {36, 5, &tflc_gather_kernel},           /* GATHER */
    {10, 1, &tflc_hashtable_lookup_kernel}, /* HASHTABLE_LOOKUP */
    {30, 1, &tflc_skip_gram_kernel},        /* SKIP_GRAM */
    {15, 1, &tflc_lsh_projection_kernel},   /* LSH_PROJECTION */
    {107, 4, &tflc_gather_nd_kernel},       /* GATHER_ND */
    {69, 3, &tflc_tile_kernel},             /* TILE */
    {39, 6, &tflc_transpose_kernel},        /* TRANSPOSE */
    {98, 2, &tflc_leaky_relu_kernel},       /* LEAKY_RELU */
    {11, 2, &tflc_l2_normalization_kernel}, /* L2_NORMALIZATION (float) */
    {126, 4, &tflc_batch_matmul_kernel},    /* BATCH_MATMUL (float) */
    {83, 4, &tflc_pack_kernel},             /* PACK */
    {88, 4, &tflc_unpack_kernel},           /* UNPACK */
    {77, 1, &tflc_shape_kernel},            /* SHAPE */
    {67, 3, &tflc_transpose_conv_kernel},   /* TRANSPOSE_CONV */
    {44, 1, &tflc_unidirectional_sequence_lstm_kernel}, /* UNIDIRECTIONAL_SEQUENCE_LSTM (float, int8 8x8->16) */
    {16, 4, &tflc_lstm_kernel},             /* LSTM (full kernel: float, int8 8x8->16) */
};

const tflc_kernel *tflc_find_builtin_kernel(int32_t builtin_code, int32_t version) {
  for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
    if (builtins[i].code == builtin_code) return version <= builtins[i].max_version ? builtins[i].kernel : NULL;
  return NULL;
}

extern const tflc_kernel tflc_detection_postprocess_kernel;
extern const tflc_kernel tflc_smartreply_normalize_kernel; /* smartreply_normalize.c */
extern const tflc_kernel tflc_smartreply_extract_features_kernel; /* smartreply_extract_features.c */
extern const tflc_kernel tflc_smartreply_predict_kernel; /* smartreply_predict.c */
extern const tflc_kernel tflc_posenet_decoder_kernel;

/* ---- Accepted tensor types, and the listing behind `tflc ops` ---- */

#define T(type) (1u << (type))
#define TYPES_F32_Q8 (T(kTfLiteFloat32) | T(kTfLiteUInt8) | T(kTfLiteInt8))
/* Ops that only move elements (index_util.h's tflc_is_movable_type). */
#define TYPES_MOVABLE                                                                                    \
  (T(kTfLiteFloat32) | T(kTfLiteUInt8) | T(kTfLiteInt8) | T(kTfLiteInt16) | T(kTfLiteInt32) | T(kTfLiteInt64) | \
   T(kTfLiteBool))

/*
** The tensor types each builtin's kernel accepts (its main input/output types, as its prepare
** checks them), one bit 1u << TfLiteType per type. A separate table keyed by code, so builtins[]
** lines stay as they are; an op missing here is listed with its types "not recorded".
*/
typedef struct builtin_types {
  int32_t code;
  uint32_t types;
} builtin_types;

static const builtin_types builtin_type_table[] = {
    {0, TYPES_F32_Q8},                                                   /* ADD */
    {1, TYPES_F32_Q8},                                                   /* AVERAGE_POOL_2D */
    {2, TYPES_F32_Q8 | T(kTfLiteInt16) | T(kTfLiteInt32) | T(kTfLiteInt64)}, /* CONCATENATION */
    {3, TYPES_F32_Q8},                                                   /* CONV_2D (and hybrid F32 + INT8) */
    {4, TYPES_F32_Q8},                                                   /* DEPTHWISE_CONV_2D */
    {6, T(kTfLiteUInt8) | T(kTfLiteInt8) | T(kTfLiteInt16) | T(kTfLiteFloat16) | T(kTfLiteFloat32)}, /* DEQUANTIZE */
    {9, TYPES_F32_Q8},                                                   /* FULLY_CONNECTED (and hybrid) */
    {14, TYPES_F32_Q8},                                                  /* LOGISTIC */
    {17, TYPES_F32_Q8},                                                  /* MAX_POOL_2D */
    {18, TYPES_F32_Q8 | T(kTfLiteInt32) | T(kTfLiteInt64)},             /* MUL */
    {19, TYPES_F32_Q8},                                                  /* RELU */
    {20, TYPES_F32_Q8},                                                  /* RELU_N1_TO_1 */
    {21, TYPES_F32_Q8},                                                  /* RELU6 */
    {22, TYPES_MOVABLE},                                                 /* RESHAPE */
    {23, TYPES_F32_Q8},                                                  /* RESIZE_BILINEAR */
    {25, TYPES_F32_Q8},                                                  /* SOFTMAX */
    {28, TYPES_F32_Q8},                                                  /* TANH */
    {34, TYPES_MOVABLE},                                                 /* PAD */
    {36, TYPES_MOVABLE},                                                 /* GATHER */
    {10, TYPES_MOVABLE | T(kTfLiteString)},                              /* HASHTABLE_LOOKUP (values) */
    {30, T(kTfLiteString)},                                              /* SKIP_GRAM */
    {15, TYPES_MOVABLE},                                                 /* LSH_PROJECTION (input; INT32 output) */
    {40, TYPES_F32_Q8},                                                  /* MEAN */
    {41, TYPES_F32_Q8 | T(kTfLiteInt32) | T(kTfLiteInt64)},             /* SUB */
    {42, T(kTfLiteFloat32) | T(kTfLiteInt32) | T(kTfLiteUInt8)},       /* DIV */
    {43, TYPES_MOVABLE},                                                 /* SQUEEZE */
    {44, T(kTfLiteFloat32) | T(kTfLiteInt8) | T(kTfLiteInt16) | T(kTfLiteInt32)}, /* UNIDIRECTIONAL_SEQUENCE_LSTM */
    {16, T(kTfLiteFloat32) | T(kTfLiteInt8) | T(kTfLiteInt16) | T(kTfLiteInt32)}, /* LSTM */
    {45, TYPES_MOVABLE},                                                 /* STRIDED_SLICE */
    {49, T(kTfLiteFloat32) | T(kTfLiteUInt8) | T(kTfLiteInt8) | T(kTfLiteInt16) | T(kTfLiteInt32)}, /* SPLIT */
    {53, TYPES_MOVABLE},                                                 /* CAST */
    {56, TYPES_F32_Q8 | T(kTfLiteInt32) | T(kTfLiteInt64)},             /* ARG_MAX (INT32/INT64 output) */
    {60, TYPES_MOVABLE},                                                 /* PADV2 */
    {65, TYPES_MOVABLE},                                                 /* SLICE */
    {67, TYPES_F32_Q8},                                                  /* TRANSPOSE_CONV */
    {69, TYPES_MOVABLE},                                                 /* TILE */
    {39, TYPES_MOVABLE},                                                 /* TRANSPOSE */
    {98, TYPES_F32_Q8},                                                  /* LEAKY_RELU */
    {11, T(kTfLiteFloat32)},                                             /* L2_NORMALIZATION */
    {126, T(kTfLiteFloat32)},                                            /* BATCH_MATMUL */
    {75, T(kTfLiteFloat32)},                                             /* SQRT */
    {76, T(kTfLiteFloat32) | T(kTfLiteInt8)},                           /* RSQRT */
    {77, TYPES_MOVABLE},                                                 /* SHAPE (INT32/INT64 output) */
    {83, TYPES_MOVABLE},                                                 /* PACK */
    {88, TYPES_MOVABLE},                                                 /* UNPACK */
    {90, T(kTfLiteFloat32) | T(kTfLiteInt32)},                          /* FLOOR_DIV */
    {97, TYPES_F32_Q8 | T(kTfLiteInt16)},                               /* RESIZE_NEAREST_NEIGHBOR */
    {99, T(kTfLiteFloat32) | T(kTfLiteInt32) | T(kTfLiteInt8)},        /* SQUARED_DIFFERENCE */
    {100, TYPES_MOVABLE & ~T(kTfLiteBool)},                              /* MIRROR_PAD */
    {107, TYPES_MOVABLE},                                                /* GATHER_ND */
    {114, TYPES_F32_Q8 | T(kTfLiteInt16)},                              /* QUANTIZE */
    {117, TYPES_F32_Q8},                                                 /* HARD_SWISH */
};

typedef struct custom_entry {
  const char *name;
  int32_t max_version;
  uint32_t types;
  const tflc_kernel *kernel;
} custom_entry;

static const custom_entry customs[] = {
    {"TFLite_Detection_PostProcess", 1, T(kTfLiteFloat32) | T(kTfLiteUInt8), &tflc_detection_postprocess_kernel},
    {"Normalize", 1, T(kTfLiteString), &tflc_smartreply_normalize_kernel}, /* Smart Reply */
    {"ExtractFeatures", 1, T(kTfLiteString), &tflc_smartreply_extract_features_kernel}, /* Smart Reply */
    {"Predict", 1, T(kTfLiteInt32) | T(kTfLiteFloat32), &tflc_smartreply_predict_kernel}, /* Smart Reply */
    {"PosenetDecoderOp", 1, T(kTfLiteFloat32) | T(kTfLiteUInt8), &tflc_posenet_decoder_kernel},
};

const tflc_kernel *tflc_find_custom_kernel(const char *name) {
  for (size_t i = 0; name != NULL && i < sizeof customs / sizeof customs[0]; i++)
    if (strcmp(name, customs[i].name) == 0) return customs[i].kernel;
  return NULL;
}

static uint32_t builtin_types_of(int32_t code) {
  for (size_t i = 0; i < sizeof builtin_type_table / sizeof builtin_type_table[0]; i++)
    if (builtin_type_table[i].code == code) return builtin_type_table[i].types;
  return 0;
}

bool tflc_registry_entry(size_t i, tflc_registered_op *out) {
  size_t nbuiltins = sizeof builtins / sizeof builtins[0];
  if (i < nbuiltins) {
    *out = (tflc_registered_op){builtins[i].code, NULL, builtins[i].max_version, builtin_types_of(builtins[i].code),
                                builtins[i].kernel};
    return true;
  }
  i -= nbuiltins;
  if (i >= sizeof customs / sizeof customs[0]) return false;
  *out = (tflc_registered_op){32 /* CUSTOM */, customs[i].name, customs[i].max_version, customs[i].types, customs[i].kernel};
  return true;
}
