/*
** classifier.h — image classification on top of the TensorFlow Lite C API.
**
** tflc_classify_top_k feeds an image to input 0 of an interpreter, runs it and returns
** the K best classes of output 0. Preprocessing is that of the reference tools
** (reference/img2input.py --resize plain): bilinear resize to the input's H x W, then
**   uint8:   the pixel value
**   int8:    pixel - 128
**   float32: (pixel - 127.5) / 127.5
** Scores are dequantized as (q - zero_point) * scale for uint8/int8 outputs.
**
** Only the public C API (c_api.h) is used, so this works with any implementation of it.
*/
#ifndef TFLC_TASKS_CLASSIFIER_H_
#define TFLC_TASKS_CLASSIFIER_H_

#include <stddef.h>

#include "image/image.h"
#include "tflc/tasks.h"
#include "tensorflow/lite/c/c_api.h"

typedef struct tflc_class {
  int index;   /* position in output 0 (the label index) */
  float score; /* dequantized score */
} tflc_class;

/*
** Writes the k best of n scores into out[0..min(k, n)) and returns that count: highest
** score first, equal scores by lower index, NaN below every number. Returns 0 when
** k <= 0 or n <= 0. Plain selection, O(n * k): k is small in practice.
*/
int tflc_scores_top_k(const float *scores, int n, int k, tflc_class *out);

/*
** Fills input 0 ([1, H, W, 3] uint8, int8 or float32) with `image` resized to H x W and
** converted as above: the preprocessing every image task shares. Returns 0, or -1 with a
** message in err (messages start with "classify:").
*/
int tflc_fill_image_input(TfLiteInterpreter *interpreter, const tflc_image *image, char *err, size_t errlen);

/* The same with a choice of resize (include/tflc/tasks.h): bilinear, the Task Library's libyuv
** scaling, or the nearest-neighbour sampling of TensorFlow's Android example. */
int tflc_fill_image_input_resized(TfLiteInterpreter *interpreter, const tflc_image *image, tflc_preprocess resize,
                                  char *err, size_t errlen);

/*
** Classifies `image` with `interpreter` (tensors already allocated): fills input 0,
** invokes, and writes the top min(k, classes) results into out (room for k entries),
** setting *count. Returns 0, or -1 with a message in err: unsupported input shape or
** type (input must be [1, H, W, 3] uint8, int8 or float32; output uint8, int8 or
** float32), out of memory, or a failed invoke (the runtime's own message goes to the
** interpreter's error reporter).
*/
int tflc_classify_top_k(TfLiteInterpreter *interpreter, const tflc_image *image, int k, tflc_class *out,
                        int *count, char *err, size_t errlen);

#endif /* TFLC_TASKS_CLASSIFIER_H_ */
