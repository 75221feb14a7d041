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

/* Default limits on what a model may make an interpreter allocate (see below). */
#define TFLC_DEFAULT_MAX_TENSOR_BYTES ((size_t)1 << 30) /* 1 GiB per tensor or scratch block */
#define TFLC_DEFAULT_MAX_ARENA_BYTES ((size_t)1 << 32)  /* 4 GiB of activations */
/*
** Sets the largest tensor (or operator scratch block) and the largest activation arena that
** interpreters created with these options will allocate; 0 keeps the default. A model whose
** shapes need more fails at TfLiteInterpreterCreate or AllocateTensors with a message naming
** the tensor and the limit. Lower them when models come from untrusted sources and memory
** is tight (the fuzz targets use a few MiB). NULL options are ignored.
*/
TFL_CAPI_EXPORT void tflc_interpreter_options_set_limits(TfLiteInterpreterOptions *options, size_t max_tensor_bytes,
                                                         size_t max_arena_bytes);
/*
** enable != 0: interpreters made with these options run only the reference (plain C) kernels,
** not the optimized ones chosen for the CPU; outputs are identical, only slower. The
** environment variable TFLC_REFERENCE=1 does the same for every interpreter.
*/
TFL_CAPI_EXPORT void tflc_interpreter_options_set_reference_kernels(TfLiteInterpreterOptions *options, int enable);

#ifdef __cplusplus
}
#endif
#endif /* TFLC_RUNTIME_H_ */
