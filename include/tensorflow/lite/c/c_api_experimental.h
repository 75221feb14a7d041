/*
** c_api_experimental.h — TensorFlow Lite 2.9's experimental C API, as tflc implements it.
**
** Operator registrations: TfLiteInterpreterOptionsAddBuiltinOp / AddCustomOp keep a shallow copy
** of the TfLiteRegistration (its functions must outlive every interpreter made with the options);
** they take precedence over tflc's own kernels. TfLiteInterpreterOptionsSetOpResolver replaces
** every other source of kernels, as in TFLite. The registration is called as TFLite calls it
** (init at creation with a custom op's options bytes, prepare at AllocateTensors, invoke at Invoke,
** free at delete): see common.h for what tflc's TfLiteContext offers.
**
** Delegates: tflc runs every operator on its own kernels. A delegate (added to the options, or
** given to TfLiteInterpreterModifyGraphWithDelegate) is offered the graph as in TFLite: its
** Prepare is called with the interpreter's TfLiteContext and may read the execution plan and
** every node (GetExecutionPlan, GetNodeAndRegistration). Asking to take over operators
** (ReplaceNodeSubsetsWithDelegateKernels with any node) is refused with kTfLiteDelegateError, so
** such a delegate fails: ModifyGraphWithDelegate returns kTfLiteDelegateError and
** TfLiteInterpreterCreate returns NULL, as TFLite 2.9 does for a delegate whose Prepare fails.
** A delegate that takes nothing succeeds. Delegate fallback (TFLite: rerun on the CPU when a
** delegate fails during Invoke) and NNAPI are accepted and have no effect.
*/
#ifndef TENSORFLOW_LITE_C_C_API_EXPERIMENTAL_H_
#define TENSORFLOW_LITE_C_C_API_EXPERIMENTAL_H_

#include <stdbool.h>
#include <stdint.h>

#include "tensorflow/lite/builtin_ops.h"
#include "tensorflow/lite/c/c_api.h"
#include "tensorflow/lite/c/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Sets every variable tensor back to its initial value (zero, or the model's initializer). */
TFL_CAPI_EXPORT extern TfLiteStatus TfLiteInterpreterResetVariableTensors(TfLiteInterpreter* interpreter);

/* Uses `registration` for builtin `op` with versions min_version..max_version. */
TFL_CAPI_EXPORT void TfLiteInterpreterOptionsAddBuiltinOp(TfLiteInterpreterOptions* options,
                                                          TfLiteBuiltinOperator op,
                                                          const TfLiteRegistration* registration,
                                                          int32_t min_version, int32_t max_version);

/* Uses `registration` for the custom op `name` (copied) with versions min_version..max_version. */
TFL_CAPI_EXPORT void TfLiteInterpreterOptionsAddCustomOp(TfLiteInterpreterOptions* options, const char* name,
                                                         const TfLiteRegistration* registration,
                                                         int32_t min_version, int32_t max_version);

/* Resolves every operator through these callbacks (either may be NULL); nothing else is used. */
TFL_CAPI_EXPORT void TfLiteInterpreterOptionsSetOpResolver(
    TfLiteInterpreterOptions* options,
    const TfLiteRegistration* (*find_builtin_op)(void* user_data, TfLiteBuiltinOperator op, int version),
    const TfLiteRegistration* (*find_custom_op)(void* user_data, const char* custom_op, int version),
    void* op_resolver_user_data);

/* Like TfLiteInterpreterCreate, but only the operators registered in `options` are available. */
TFL_CAPI_EXPORT extern TfLiteInterpreter* TfLiteInterpreterCreateWithSelectedOps(
    const TfLiteModel* model, const TfLiteInterpreterOptions* options);

/* Accepted for compatibility; tflc has no NNAPI delegate, so it has no effect. */
TFL_CAPI_EXPORT extern void TfLiteInterpreterOptionsSetUseNNAPI(TfLiteInterpreterOptions* options, bool enable);

/* TFLite: rerun Invoke without delegates when a delegate fails in it. Accepted; no effect in tflc. */
TFL_CAPI_EXPORT extern void TfLiteInterpreterOptionsSetEnableDelegateFallback(TfLiteInterpreterOptions* options,
                                                                              bool enable);

/* Accepted for compatibility (tflc has no buffer handles); no effect. */
TFL_CAPI_EXPORT extern void TfLiteSetAllowBufferHandleOutput(const TfLiteInterpreter* interpreter,
                                                             bool allow_buffer_handle_output);

/* Offers the graph to the delegate (see the top of this file): kTfLiteOk or kTfLiteDelegateError. */
TFL_CAPI_EXPORT extern TfLiteStatus TfLiteInterpreterModifyGraphWithDelegate(const TfLiteInterpreter* interpreter,
                                                                            TfLiteDelegate* delegate);

/* Index into all tensors of the input_index-th input / output; -1 when out of range. */
TFL_CAPI_EXPORT extern int32_t TfLiteInterpreterGetInputTensorIndex(const TfLiteInterpreter* interpreter,
                                                                    int32_t input_index);
TFL_CAPI_EXPORT extern int32_t TfLiteInterpreterGetOutputTensorIndex(const TfLiteInterpreter* interpreter,
                                                                     int32_t output_index);

#ifdef __cplusplus
}
#endif
#endif /* TENSORFLOW_LITE_C_C_API_EXPERIMENTAL_H_ */
