/*
** xnnpack_delegate.h — TensorFlow Lite 2.9's XNNPACK delegate entry points, as tflc provides them.
**
** TFLite 2.9's libtensorflowlite_c exports these, and programs create the delegate and add it to
** their options. tflc's own kernels already play XNNPACK's part, so the delegate tflc returns is
** offered the graph and takes no operator: the interpreter runs exactly as without it.
** TfLiteXNNPackDelegateOptions is 8 bytes, as in 2.9 (returned in a register by OptionsDefault).
*/
#ifndef TENSORFLOW_LITE_DELEGATES_XNNPACK_XNNPACK_DELEGATE_H_
#define TENSORFLOW_LITE_DELEGATES_XNNPACK_XNNPACK_DELEGATE_H_

#include <stdint.h>

#include "tensorflow/lite/c/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Enable XNNPACK acceleration for signed / unsigned quantized 8-bit inference (accepted; tflc runs both). */
#define TFLITE_XNNPACK_DELEGATE_FLAG_QS8 0x00000001
#define TFLITE_XNNPACK_DELEGATE_FLAG_QU8 0x00000002

typedef struct {
  int32_t num_threads; /* <= 1: no thread pool */
  uint32_t flags;      /* TFLITE_XNNPACK_DELEGATE_FLAG_* */
} TfLiteXNNPackDelegateOptions;

/* num_threads 0, flags 0. */
TFL_CAPI_EXPORT TfLiteXNNPackDelegateOptions TfLiteXNNPackDelegateOptionsDefault(void);
/* A delegate to add to the options (NULL options: the defaults). Delete it after the interpreters. */
TFL_CAPI_EXPORT TfLiteDelegate* TfLiteXNNPackDelegateCreate(const TfLiteXNNPackDelegateOptions* options);
/* XNNPACK's pthreadpool; tflc's delegate has none: NULL. */
TFL_CAPI_EXPORT void* TfLiteXNNPackDelegateGetThreadPool(TfLiteDelegate* delegate);
TFL_CAPI_EXPORT void TfLiteXNNPackDelegateDelete(TfLiteDelegate* delegate);

#ifdef __cplusplus
}
#endif
#endif /* TENSORFLOW_LITE_DELEGATES_XNNPACK_XNNPACK_DELEGATE_H_ */
