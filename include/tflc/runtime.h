/*
** tflc/runtime.h — what tflc adds to the TensorFlow Lite C API.
*/
#ifndef TFLC_RUNTIME_H_
#define TFLC_RUNTIME_H_

#include <stddef.h>

#include "tensorflow/lite/c/c_api.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The last error message of the interpreter ("" when none). Valid until the next call on it. */
TFL_CAPI_EXPORT const char *tflc_interpreter_last_error(const TfLiteInterpreter *interpreter);
/* Bytes of the activation arena planned by the last successful AllocateTensors. */
TFL_CAPI_EXPORT size_t tflc_interpreter_arena_bytes(const TfLiteInterpreter *interpreter);
/*
** Like TfLiteModelCreateFromFile, but on failure writes the reason into err (errlen bytes)
** instead of reporting it on stderr.
*/
TFL_CAPI_EXPORT TfLiteModel *tflc_model_load_file(const char *path, char *err, size_t errlen);
/* Like TfLiteModelCreate, with the reason for a failure in err. */
TFL_CAPI_EXPORT TfLiteModel *tflc_model_load_memory(const void *data, size_t size, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif
#endif /* TFLC_RUNTIME_H_ */
