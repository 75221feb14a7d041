/*
** string_tensor.h — string tensors in TensorFlow Lite's buffer layout.
**
** A string tensor of N strings holds: int32 N, int32 offsets[N + 1] (byte offsets from the start of
** the buffer; string i is bytes offsets[i] .. offsets[i + 1]), then the bytes. Little-endian.
**
** Where they live: string tensors that are not constants are kTfLiteDynamic, outside the arena
** (the arena planner sizes nothing for them). Their data is allocated when the caller copies it
** in (TfLiteTensorCopyFromBuffer accepts any valid buffer whose string count matches the shape,
** and sets the byte size from it), or by the kernel that writes them (RESHAPE copies its input),
** and freed when the interpreter is deleted or the tensor is resized.
*/
#ifndef TFLC_RUNTIME_STRING_TENSOR_H_
#define TFLC_RUNTIME_STRING_TENSOR_H_

#include <stddef.h>
#include <stdint.h>

#include "tensorflow/lite/c/common.h"

/*
** Checks that `data` (size bytes) is a string buffer with `count` strings: header in range,
** offsets non-decreasing from the end of the header to exactly `size`. Returns NULL when valid,
** or a static description of the first problem.
*/
const char *tflc_string_buffer_check(const void *data, size_t size, int64_t count);
/* Copies a valid string buffer into a kTfLiteDynamic string tensor (count = its element count). */
TfLiteStatus tflc_string_tensor_set(TfLiteTensor *tensor, const void *data, size_t size);
/* Makes `out` a copy of `in`'s string buffer (for RESHAPE and other copies); kTfLiteError if out of memory. */
TfLiteStatus tflc_string_tensor_copy(const TfLiteTensor *in, TfLiteTensor *out);
/* Size of the buffer holding the `n` strings lens[i] long; SIZE_MAX when it would not fit in int32 offsets. */
size_t tflc_string_buffer_size(int32_t n, const size_t *lens);
/* Writes the buffer for strings (pointers and lengths) into out (tflc_string_buffer_size bytes). */
void tflc_string_buffer_write(int32_t n, const char *const *strings, const size_t *lens, void *out);

#endif /* TFLC_RUNTIME_STRING_TENSOR_H_ */
