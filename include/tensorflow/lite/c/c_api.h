/*
** c_api.h — tflc's public API: the TensorFlow Lite C API.
**
** Typical use, as with TensorFlow Lite:
**
**   TfLiteModel* model = TfLiteModelCreateFromFile("mobilenet.tflite");
**   TfLiteInterpreterOptions* options = TfLiteInterpreterOptionsCreate();
**   TfLiteInterpreterOptionsSetNumThreads(options, 2);
**   TfLiteInterpreter* interpreter = TfLiteInterpreterCreate(model, options);
**   TfLiteInterpreterAllocateTensors(interpreter);
**   TfLiteTensor* input = TfLiteInterpreterGetInputTensor(interpreter, 0);
**   TfLiteTensorCopyFromBuffer(input, pixels, TfLiteTensorByteSize(input));
**   TfLiteInterpreterInvoke(interpreter);
**   const TfLiteTensor* output = TfLiteInterpreterGetOutputTensor(interpreter, 0);
**   TfLiteTensorCopyToBuffer(output, scores, TfLiteTensorByteSize(output));
**   TfLiteInterpreterDelete(interpreter);
**   TfLiteInterpreterOptionsDelete(options);
**   TfLiteModelDelete(model);
**
** Errors: functions returning pointers return NULL on failure; the others return a
** TfLiteStatus. The message goes to the error reporter set in the options (stderr by
** default) and, for an interpreter, is kept: tflc_interpreter_last_error() returns it.
** Model files are untrusted input: every offset, size and index in them is checked,
** and a bad file gives NULL with a message naming the problem. What a model may make an
** interpreter allocate is bounded (tflc_interpreter_options_set_limits in tflc/runtime.h).
**
** Threads:
** - A TfLiteModel is immutable once created: any number of threads may create interpreters
**   from one model at the same time, and use them concurrently (tests/runtime/concurrency_test.c,
**   also run under ThreadSanitizer). Its reference count is atomic, so TfLiteModelDelete
**   and TfLiteInterpreterDelete may run on any thread; the model (and the buffer given to
**   TfLiteModelCreate) must stay alive until the caller's TfLiteModelDelete, and that call
**   must not race with a TfLiteInterpreterCreate on the same model.
** - A TfLiteInterpreter, its tensors and its last error are NOT thread-safe: one thread at
**   a time may call it (no two concurrent calls, even read-only ones during Invoke). Use one
**   interpreter per thread. Invoke's own worker threads (SetNumThreads) are internal.
** - TfLiteInterpreterOptions are read only by TfLiteInterpreterCreate: share them between
**   threads only while no thread modifies them. An error reporter may be called from any
**   thread that uses an interpreter created with it.
** - Free functions without a handle (TfLiteVersion, TfLiteTypeGetName, ...) are thread-safe.
*/
#ifndef TENSORFLOW_LITE_C_C_API_H_
#define TENSORFLOW_LITE_C_C_API_H_

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tensorflow/lite/c/c_api_types.h"
#include "tensorflow/lite/c/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef void (*TfLiteErrorReporterFn)(void* user_data, const char* format, va_list args);

/* Version of the TensorFlow Lite API implemented, e.g. "2.9.0". Static string. */
TFL_CAPI_EXPORT extern const char* TfLiteVersion(void);
/* Major version of the model schema understood (3). */
TFL_CAPI_EXPORT extern int TfLiteSchemaVersion(void);

/*
** Creates a model from a buffer the caller keeps alive and unmodified for as long as the
** model or any interpreter made from it exists. Returns NULL if the data is not a valid
** TFLite model; the reason goes to stderr.
*/
TFL_CAPI_EXPORT extern TfLiteModel* TfLiteModelCreate(const void* model_data, size_t model_size);
TFL_CAPI_EXPORT extern TfLiteModel* TfLiteModelCreateWithErrorReporter(
    const void* model_data, size_t model_size, TfLiteErrorReporterFn reporter, void* user_data);
/* Maps the file read-only and creates a model from it; NULL on failure (reason to stderr). */
TFL_CAPI_EXPORT extern TfLiteModel* TfLiteModelCreateFromFile(const char* model_path);
TFL_CAPI_EXPORT extern TfLiteModel* TfLiteModelCreateFromFileWithErrorReporter(
    const char* model_path, TfLiteErrorReporterFn reporter, void* user_data);
/* Releases the caller's reference. Interpreters made from the model keep it alive. NULL is ignored. */
TFL_CAPI_EXPORT extern void TfLiteModelDelete(TfLiteModel* model);

TFL_CAPI_EXPORT extern TfLiteInterpreterOptions* TfLiteInterpreterOptionsCreate(void);
TFL_CAPI_EXPORT extern void TfLiteInterpreterOptionsDelete(TfLiteInterpreterOptions* options);
/* Threads used by Invoke; -1 or 0 means one per core (the default is 1, as in TFLite). */
TFL_CAPI_EXPORT extern void TfLiteInterpreterOptionsSetNumThreads(TfLiteInterpreterOptions* options,
                                                                  int32_t num_threads);
/* Sends every error message of interpreters created with these options to `reporter`. */
TFL_CAPI_EXPORT extern void TfLiteInterpreterOptionsSetErrorReporter(
    TfLiteInterpreterOptions* options, TfLiteErrorReporterFn reporter, void* user_data);
/*
** Adds a delegate (TFLite 2.9). tflc offers it the graph at TfLiteInterpreterCreate but keeps every
** operator on its own kernels: a delegate that asks for operators fails, and so does Create
** (see c_api_experimental.h).
*/
TFL_CAPI_EXPORT extern void TfLiteInterpreterOptionsAddDelegate(TfLiteInterpreterOptions* options,
                                                                TfLiteDelegate* delegate);
/* Lets TfLiteInterpreterCancel stop an Invoke of interpreters made with these options (newer TFLite). */
TFL_CAPI_EXPORT extern TfLiteStatus TfLiteInterpreterOptionsEnableCancellation(TfLiteInterpreterOptions* options,
                                                                               bool enable);

/*
** Creates an interpreter for subgraph 0 of the model. The model and the options may be
** deleted right after. Returns NULL on failure (for example an op this runtime lacks:
** the message names it). Call TfLiteInterpreterAllocateTensors before touching tensor data.
*/
TFL_CAPI_EXPORT extern TfLiteInterpreter* TfLiteInterpreterCreate(
    const TfLiteModel* model, const TfLiteInterpreterOptions* optional_options);
TFL_CAPI_EXPORT extern void TfLiteInterpreterDelete(TfLiteInterpreter* interpreter);

TFL_CAPI_EXPORT extern int32_t TfLiteInterpreterGetInputTensorCount(const TfLiteInterpreter* interpreter);
/* The input_index-th input (0-based), or NULL when out of range. */
TFL_CAPI_EXPORT extern TfLiteTensor* TfLiteInterpreterGetInputTensor(const TfLiteInterpreter* interpreter,
                                                                     int32_t input_index);
/* Sets a new shape for an input (dims are copied); takes effect at the next AllocateTensors. */
TFL_CAPI_EXPORT extern TfLiteStatus TfLiteInterpreterResizeInputTensor(TfLiteInterpreter* interpreter,
                                                                       int32_t input_index,
                                                                       const int* input_dims,
                                                                       int32_t input_dims_size);
/* Computes every shape, checks every op against its inputs, plans and allocates the arena. */
TFL_CAPI_EXPORT extern TfLiteStatus TfLiteInterpreterAllocateTensors(TfLiteInterpreter* interpreter);
/* Runs the graph. Allocates nothing. */
TFL_CAPI_EXPORT extern TfLiteStatus TfLiteInterpreterInvoke(TfLiteInterpreter* interpreter);
TFL_CAPI_EXPORT extern int32_t TfLiteInterpreterGetOutputTensorCount(const TfLiteInterpreter* interpreter);
TFL_CAPI_EXPORT extern const TfLiteTensor* TfLiteInterpreterGetOutputTensor(
    const TfLiteInterpreter* interpreter, int32_t output_index);
/* Newer TFLite: the tensor indices of the inputs / outputs (GetInputTensorCount entries). */
TFL_CAPI_EXPORT extern const int* TfLiteInterpreterInputTensorIndices(const TfLiteInterpreter* interpreter);
TFL_CAPI_EXPORT extern const int* TfLiteInterpreterOutputTensorIndices(const TfLiteInterpreter* interpreter);
/* Newer TFLite: any tensor of the subgraph by index; NULL when out of range. */
TFL_CAPI_EXPORT extern TfLiteTensor* TfLiteInterpreterGetTensor(const TfLiteInterpreter* interpreter, int index);
/*
** Newer TFLite: asks a running Invoke to stop before its next operator; that Invoke returns
** kTfLiteCancelled. kTfLiteError when cancellation was not enabled in the options. Thread-safe.
*/
TFL_CAPI_EXPORT extern TfLiteStatus TfLiteInterpreterCancel(const TfLiteInterpreter* interpreter);

TFL_CAPI_EXPORT extern TfLiteType TfLiteTensorType(const TfLiteTensor* tensor);
TFL_CAPI_EXPORT extern int32_t TfLiteTensorNumDims(const TfLiteTensor* tensor);
TFL_CAPI_EXPORT extern int32_t TfLiteTensorDim(const TfLiteTensor* tensor, int32_t dim_index);
TFL_CAPI_EXPORT extern size_t TfLiteTensorByteSize(const TfLiteTensor* tensor);
/* The tensor's data; NULL before AllocateTensors. */
TFL_CAPI_EXPORT extern void* TfLiteTensorData(const TfLiteTensor* tensor);
TFL_CAPI_EXPORT extern const char* TfLiteTensorName(const TfLiteTensor* tensor);
TFL_CAPI_EXPORT extern TfLiteQuantizationParams TfLiteTensorQuantizationParams(const TfLiteTensor* tensor);
/* Copies exactly TfLiteTensorByteSize bytes; any other size is an error. */
TFL_CAPI_EXPORT extern TfLiteStatus TfLiteTensorCopyFromBuffer(TfLiteTensor* tensor, const void* input_data,
                                                               size_t input_data_size);
TFL_CAPI_EXPORT extern TfLiteStatus TfLiteTensorCopyToBuffer(const TfLiteTensor* output_tensor,
                                                             void* output_data, size_t output_data_size);

/*
** Signatures (newer TFLite C API): named entry points of a model, each running one subgraph.
** A runner for subgraph 0 shares the interpreter's tensors; one for another subgraph owns an
** interpreter of its own (created with the interpreter's thread count, reporter and limits,
** without custom op registrations or delegates). Runners must be deleted before their
** interpreter. Names and keys returned are owned by the model.
*/
typedef struct TfLiteSignatureRunner TfLiteSignatureRunner;
TFL_CAPI_EXPORT extern int32_t TfLiteInterpreterGetSignatureCount(const TfLiteInterpreter* interpreter);
/* Key of signature `signature_index` (0-based), or NULL when out of range. */
TFL_CAPI_EXPORT extern const char* TfLiteInterpreterGetSignatureKey(const TfLiteInterpreter* interpreter,
                                                                    int32_t signature_index);
/* A runner for the signature named `signature_key` (NULL key: the only signature), or NULL. */
TFL_CAPI_EXPORT extern TfLiteSignatureRunner* TfLiteInterpreterGetSignatureRunner(const TfLiteInterpreter* interpreter,
                                                                                  const char* signature_key);
TFL_CAPI_EXPORT extern size_t TfLiteSignatureRunnerGetInputCount(const TfLiteSignatureRunner* signature_runner);
TFL_CAPI_EXPORT extern const char* TfLiteSignatureRunnerGetInputName(const TfLiteSignatureRunner* signature_runner,
                                                                     int32_t input_index);
TFL_CAPI_EXPORT extern TfLiteStatus TfLiteSignatureRunnerResizeInputTensor(TfLiteSignatureRunner* signature_runner,
                                                                           const char* input_name, const int* input_dims,
                                                                           int32_t input_dims_size);
TFL_CAPI_EXPORT extern TfLiteStatus TfLiteSignatureRunnerAllocateTensors(TfLiteSignatureRunner* signature_runner);
TFL_CAPI_EXPORT extern TfLiteTensor* TfLiteSignatureRunnerGetInputTensor(TfLiteSignatureRunner* signature_runner,
                                                                         const char* input_name);
TFL_CAPI_EXPORT extern TfLiteStatus TfLiteSignatureRunnerInvoke(TfLiteSignatureRunner* signature_runner);
TFL_CAPI_EXPORT extern size_t TfLiteSignatureRunnerGetOutputCount(const TfLiteSignatureRunner* signature_runner);
TFL_CAPI_EXPORT extern const char* TfLiteSignatureRunnerGetOutputName(const TfLiteSignatureRunner* signature_runner,
                                                                      int32_t output_index);
TFL_CAPI_EXPORT extern const TfLiteTensor* TfLiteSignatureRunnerGetOutputTensor(
    const TfLiteSignatureRunner* signature_runner, const char* output_name);
TFL_CAPI_EXPORT extern void TfLiteSignatureRunnerDelete(TfLiteSignatureRunner* signature_runner);

#ifdef __cplusplus
}
#endif
#endif /* TENSORFLOW_LITE_C_C_API_H_ */
