/*
** abi_layout_test.c — tflc's public structs have TensorFlow Lite 2.9's layout on x86-64.
**
** The numbers below were printed by a program compiled against TFLite 2.9's own common.h
** (the reference install's node_modules/tfjs-tflite-node/cc_deps/include) with gcc on x86-64:
** sizeof and offsetof of every public struct that programs and custom ops read directly.
** A mismatch fails the build (static assertions); the run also checks them and the enum values.
*/
#include <stddef.h>
#include <stdio.h>

#include "tensorflow/lite/builtin_ops.h"
#include "tensorflow/lite/c/c_api.h"
#include "tensorflow/lite/c/c_api_experimental.h"
#include "tensorflow/lite/c/common.h"

static int passed, failed;

static void check(int ok, const char *what) {
  if (ok) passed++;
  else {
    failed++;
    fprintf(stderr, "FAILED: %s\n", what);
  }
}

#if defined(__x86_64__) && defined(__LP64__)
#define TFLC_SIZE(T, n)                                                  \
  _Static_assert(sizeof(T) == (n), "sizeof(" #T ") differs from TFLite 2.9"); \
  check(sizeof(T) == (n), "sizeof(" #T ")")
#define TFLC_OFFSET(T, f, n)                                                          \
  _Static_assert(offsetof(T, f) == (n), "offsetof(" #T ", " #f ") differs from TFLite 2.9"); \
  check(offsetof(T, f) == (n), "offsetof(" #T ", " #f ")")

static void check_layouts(void) {
  TFLC_SIZE(TfLiteIntArray, 4);
  TFLC_SIZE(TfLiteFloatArray, 4);
  TFLC_SIZE(TfLiteQuantizationParams, 8);
  TFLC_SIZE(TfLiteQuantization, 16);
  TFLC_SIZE(TfLiteAffineQuantization, 24);
  TFLC_SIZE(TfLitePtrUnion, 8);
  TFLC_SIZE(TfLiteDimensionMetadata, 24);
  TFLC_SIZE(TfLiteSparsity, 32);
  TFLC_SIZE(TfLiteCustomAllocation, 16);
  TFLC_SIZE(TfLiteTensor, 112);
  TFLC_SIZE(TfLiteNode, 80);
  TFLC_SIZE(TfLiteEvalTensor, 24);
  TFLC_SIZE(TfLiteDelegateParams, 32);
  TFLC_SIZE(TfLiteContext, 184);
  TFLC_SIZE(TfLiteRegistration, 64);
  TFLC_SIZE(TfLiteDelegate, 48);
  TFLC_SIZE(TfLiteExternalContext, 16);
  TFLC_SIZE(TfLiteComplex64, 8);
  TFLC_SIZE(TfLiteComplex128, 16);
  TFLC_SIZE(TfLiteFloat16, 2);
  TFLC_SIZE(TfLiteStatus, 4);
  TFLC_SIZE(TfLiteType, 4);
  TFLC_SIZE(TfLiteAllocationType, 4);
  TFLC_OFFSET(TfLiteIntArray, data, 4);
  TFLC_OFFSET(TfLiteFloatArray, data, 4);
  TFLC_OFFSET(TfLiteQuantization, params, 8);
  TFLC_OFFSET(TfLiteAffineQuantization, zero_point, 8);
  TFLC_OFFSET(TfLiteAffineQuantization, quantized_dimension, 16);
  TFLC_OFFSET(TfLiteDimensionMetadata, dense_size, 4);
  TFLC_OFFSET(TfLiteDimensionMetadata, array_segments, 8);
  TFLC_OFFSET(TfLiteDimensionMetadata, array_indices, 16);
  TFLC_OFFSET(TfLiteSparsity, block_map, 8);
  TFLC_OFFSET(TfLiteSparsity, dim_metadata, 16);
  TFLC_OFFSET(TfLiteSparsity, dim_metadata_size, 24);
  TFLC_OFFSET(TfLiteTensor, type, 0);
  TFLC_OFFSET(TfLiteTensor, data, 8);
  TFLC_OFFSET(TfLiteTensor, dims, 16);
  TFLC_OFFSET(TfLiteTensor, params, 24);
  TFLC_OFFSET(TfLiteTensor, allocation_type, 32);
  TFLC_OFFSET(TfLiteTensor, bytes, 40);
  TFLC_OFFSET(TfLiteTensor, allocation, 48);
  TFLC_OFFSET(TfLiteTensor, name, 56);
  TFLC_OFFSET(TfLiteTensor, delegate, 64);
  TFLC_OFFSET(TfLiteTensor, buffer_handle, 72);
  TFLC_OFFSET(TfLiteTensor, data_is_stale, 76);
  TFLC_OFFSET(TfLiteTensor, is_variable, 77);
  TFLC_OFFSET(TfLiteTensor, quantization, 80);
  TFLC_OFFSET(TfLiteTensor, sparsity, 96);
  TFLC_OFFSET(TfLiteTensor, dims_signature, 104);
  TFLC_OFFSET(TfLiteNode, inputs, 0);
  TFLC_OFFSET(TfLiteNode, outputs, 8);
  TFLC_OFFSET(TfLiteNode, intermediates, 16);
  TFLC_OFFSET(TfLiteNode, temporaries, 24);
  TFLC_OFFSET(TfLiteNode, user_data, 32);
  TFLC_OFFSET(TfLiteNode, builtin_data, 40);
  TFLC_OFFSET(TfLiteNode, custom_initial_data, 48);
  TFLC_OFFSET(TfLiteNode, custom_initial_data_size, 56);
  TFLC_OFFSET(TfLiteNode, delegate, 64);
  TFLC_OFFSET(TfLiteNode, might_have_side_effect, 72);
  TFLC_OFFSET(TfLiteEvalTensor, data, 0);
  TFLC_OFFSET(TfLiteEvalTensor, dims, 8);
  TFLC_OFFSET(TfLiteEvalTensor, type, 16);
  TFLC_OFFSET(TfLiteDelegateParams, delegate, 0);
  TFLC_OFFSET(TfLiteDelegateParams, nodes_to_replace, 8);
  TFLC_OFFSET(TfLiteDelegateParams, input_tensors, 16);
  TFLC_OFFSET(TfLiteDelegateParams, output_tensors, 24);
  TFLC_OFFSET(TfLiteContext, tensors_size, 0);
  TFLC_OFFSET(TfLiteContext, GetExecutionPlan, 8);
  TFLC_OFFSET(TfLiteContext, tensors, 16);
  TFLC_OFFSET(TfLiteContext, impl_, 24);
  TFLC_OFFSET(TfLiteContext, ResizeTensor, 32);
  TFLC_OFFSET(TfLiteContext, ReportError, 40);
  TFLC_OFFSET(TfLiteContext, AddTensors, 48);
  TFLC_OFFSET(TfLiteContext, GetNodeAndRegistration, 56);
  TFLC_OFFSET(TfLiteContext, ReplaceNodeSubsetsWithDelegateKernels, 64);
  TFLC_OFFSET(TfLiteContext, recommended_num_threads, 72);
  TFLC_OFFSET(TfLiteContext, GetExternalContext, 80);
  TFLC_OFFSET(TfLiteContext, SetExternalContext, 88);
  TFLC_OFFSET(TfLiteContext, allow_fp32_relax_to_fp16, 96);
  TFLC_OFFSET(TfLiteContext, profiler, 104);
  TFLC_OFFSET(TfLiteContext, AllocatePersistentBuffer, 112);
  TFLC_OFFSET(TfLiteContext, AllocateBufferForEval, 120);
  TFLC_OFFSET(TfLiteContext, RequestScratchBufferInArena, 128);
  TFLC_OFFSET(TfLiteContext, GetScratchBuffer, 136);
  TFLC_OFFSET(TfLiteContext, ResizeTensorExplicit, 144);
  TFLC_OFFSET(TfLiteContext, PreviewDelegatePartitioning, 152);
  TFLC_OFFSET(TfLiteContext, GetTensor, 160);
  TFLC_OFFSET(TfLiteContext, GetEvalTensor, 168);
  TFLC_OFFSET(TfLiteContext, GetModelMetadata, 176);
  TFLC_OFFSET(TfLiteRegistration, init, 0);
  TFLC_OFFSET(TfLiteRegistration, free, 8);
  TFLC_OFFSET(TfLiteRegistration, prepare, 16);
  TFLC_OFFSET(TfLiteRegistration, invoke, 24);
  TFLC_OFFSET(TfLiteRegistration, profiling_string, 32);
  TFLC_OFFSET(TfLiteRegistration, builtin_code, 40);
  TFLC_OFFSET(TfLiteRegistration, custom_name, 48);
  TFLC_OFFSET(TfLiteRegistration, version, 56);
  TFLC_OFFSET(TfLiteDelegate, data_, 0);
  TFLC_OFFSET(TfLiteDelegate, Prepare, 8);
  TFLC_OFFSET(TfLiteDelegate, CopyFromBufferHandle, 16);
  TFLC_OFFSET(TfLiteDelegate, CopyToBufferHandle, 24);
  TFLC_OFFSET(TfLiteDelegate, FreeBufferHandle, 32);
  TFLC_OFFSET(TfLiteDelegate, flags, 40);
  TFLC_OFFSET(TfLiteExternalContext, Refresh, 8);
}
#else
static void check_layouts(void) { fprintf(stderr, "note: layouts are recorded for x86-64 only\n"); }
#endif

/* Enum values programs compile into their binaries (TFLite 2.9's c_api_types.h, common.h, builtin_ops.h). */
static void check_enums(void) {
  check(kTfLiteOk == 0 && kTfLiteError == 1 && kTfLiteDelegateError == 2 && kTfLiteApplicationError == 3, "TfLiteStatus");
  check(kTfLiteDelegateDataNotFound == 4 && kTfLiteDelegateDataWriteError == 5 && kTfLiteDelegateDataReadError == 6 &&
            kTfLiteUnresolvedOps == 7 && kTfLiteCancelled == 8,
        "TfLiteStatus (delegate data, unresolved ops, cancelled)");
  check(kTfLiteNoType == 0 && kTfLiteFloat32 == 1 && kTfLiteInt32 == 2 && kTfLiteUInt8 == 3 && kTfLiteInt64 == 4 &&
            kTfLiteString == 5 && kTfLiteBool == 6 && kTfLiteInt16 == 7 && kTfLiteComplex64 == 8 && kTfLiteInt8 == 9 &&
            kTfLiteFloat16 == 10 && kTfLiteFloat64 == 11 && kTfLiteComplex128 == 12 && kTfLiteUInt64 == 13 &&
            kTfLiteResource == 14 && kTfLiteVariant == 15 && kTfLiteUInt32 == 16,
        "TfLiteType");
  check(kTfLiteMemNone == 0 && kTfLiteMmapRo == 1 && kTfLiteArenaRw == 2 && kTfLiteArenaRwPersistent == 3 &&
            kTfLiteDynamic == 4 && kTfLitePersistentRo == 5 && kTfLiteCustom == 6,
        "TfLiteAllocationType");
  check(kTfLiteNoQuantization == 0 && kTfLiteAffineQuantization == 1, "TfLiteQuantizationType");
  check(kTfLiteDimDense == 0 && kTfLiteDimSparseCSR == 1, "TfLiteDimensionType");
  check(kTfLiteEigenContext == 0 && kTfLiteGemmLowpContext == 1 && kTfLiteEdgeTpuContext == 2 &&
            kTfLiteCpuBackendContext == 3 && kTfLiteMaxExternalContexts == 4,
        "TfLiteExternalContextType");
  check(kTfLiteDelegateFlagsNone == 0 && kTfLiteDelegateFlagsAllowDynamicTensors == 1 &&
            kTfLiteDelegateFlagsRequirePropagatedShapes == 2,
        "TfLiteDelegateFlags");
  check(kTfLiteCustomAllocationFlagsNone == 0 && kTfLiteCustomAllocationFlagsSkipAlignCheck == 1,
        "TfLiteCustomAllocationFlags");
  check(kTfLiteNullBufferHandle == -1 && kTfLiteOptionalTensor == -1, "handles");
  check(kTfLiteBuiltinAdd == 0 && kTfLiteBuiltinConv2d == 3 && kTfLiteBuiltinReluN1To1 == 20 &&
            kTfLiteBuiltinCustom == 32 && kTfLiteBuiltinTopkV2 == 48 && kTfLiteBuiltinDelegate == 51 &&
            kTfLiteBuiltinPadv2 == 60 && kTfLiteBuiltinQuantize == 114 && kTfLiteBuiltinBatchMatmul == 126 &&
            kTfLiteBuiltinPlaceholderForGreaterOpCodes == 127 && kTfLiteBuiltinRfft2d == 131 &&
            kTfLiteBuiltinBucketize == 147 && kTfLiteBuiltinGelu == 150 && kTfLiteBuiltinDynamicUpdateSlice == 151,
        "TfLiteBuiltinOperator");
}

int main(void) {
  check_layouts();
  check_enums();
  printf("%d passed, %d failed\n", passed, failed);
  return failed != 0;
}
