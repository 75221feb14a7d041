/*
** task_common.c — model loading, labels and input feeding shared by the image tasks.
*/
#include "tasks/task_common.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image/image.h"
#include "runtime/interpreter.h"
#include "tasks/classifier.h"
#include "tflc/runtime.h"

int tflc_task_fail(char *err, size_t errlen, const char *fmt, ...) {
  if (err != NULL && errlen > 0) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
  }
  return -1;
}

/* The interpreter keeps its last message itself (tflc_interpreter_last_error): print nothing. */
static void quiet_reporter(void *user_data, const char *format, va_list args) {
  (void)user_data;
  (void)format;
  (void)args;
}

static int load_labels(tflc_task_model *m, const char *what, const char *labels_path, char *err, size_t errlen) {
  char why[512];
  if (labels_path != NULL) {
    if (tflc_labels_load_file(labels_path, &m->labels, why, sizeof why) != 0)
      return tflc_task_fail(err, errlen, "%s: %s", what, why);
    return 0;
  }
  /* The model's own labels; a model without any (rc 1) or with a broken archive simply has none. */
  if (tflc_labels_from_model_file(m->model->parsed.file, m->model->parsed.file_size, &m->labels, why, sizeof why) != 0)
    memset(&m->labels, 0, sizeof m->labels);
  return 0;
}

int tflc_task_model_init(tflc_task_model *m, const char *what, const char *path, int num_threads,
                         const char *labels_path, char *err, size_t errlen) {
  memset(m, 0, sizeof *m);
  if (path == NULL) return tflc_task_fail(err, errlen, "%s: no model path given", what);
  char why[512];
  m->model = tflc_model_load_file(path, why, sizeof why);
  if (m->model == NULL) return tflc_task_fail(err, errlen, "%s: %s", what, why);
  TfLiteInterpreterOptions *options = TfLiteInterpreterOptionsCreate();
  if (options == NULL) return tflc_task_model_free(m), tflc_task_fail(err, errlen, "%s: out of memory", what);
  TfLiteInterpreterOptionsSetNumThreads(options, num_threads > 0 ? num_threads : 1);
  TfLiteInterpreterOptionsSetErrorReporter(options, quiet_reporter, NULL);
  m->interpreter = TfLiteInterpreterCreate(m->model, options);
  TfLiteInterpreterOptionsDelete(options);
  if (m->interpreter == NULL) {
    tflc_task_model_free(m);
    return tflc_task_fail(err, errlen, "%s: cannot create an interpreter for %s (an op is unsupported or the model is invalid)",
                          what, path);
  }
  if (TfLiteInterpreterAllocateTensors(m->interpreter) != kTfLiteOk) {
    tflc_task_fail(err, errlen, "%s: %s: %s", what, path, tflc_interpreter_last_error(m->interpreter));
    tflc_task_model_free(m);
    return -1;
  }
  if (load_labels(m, what, labels_path, err, errlen) != 0) return tflc_task_model_free(m), -1;
  return 0;
}

void tflc_task_model_free(tflc_task_model *m) {
  if (m == NULL) return;
  TfLiteInterpreterDelete(m->interpreter);
  TfLiteModelDelete(m->model);
  tflc_labels_free(&m->labels);
  memset(m, 0, sizeof *m);
}

int tflc_task_run_image(tflc_task_model *m, const char *what, const uint8_t *rgb, int width, int height, char *err,
                        size_t errlen) {
  if (rgb == NULL || width <= 0 || height <= 0 || width > TFLC_IMAGE_MAX_SIDE || height > TFLC_IMAGE_MAX_SIDE)
    return tflc_task_fail(err, errlen, "%s: invalid image (%dx%d, pixels %s)", what, width, height, rgb ? "given" : "NULL");
  /* The shared preprocessing takes a tflc_image; it only reads the pixels. */
  tflc_image view = {width, height, 3, (uint8_t *)(uintptr_t)rgb};
  char why[512];
  if (tflc_fill_image_input_resized(m->interpreter, &view, m->resize, why, sizeof why) != 0)
    return tflc_task_fail(err, errlen, "%s: %s", what, why);
  /* Other inputs (recurrent state, for example) start from zero bytes. */
  int32_t ninputs = TfLiteInterpreterGetInputTensorCount(m->interpreter);
  for (int32_t i = 1; i < ninputs; i++) {
    TfLiteTensor *t = TfLiteInterpreterGetInputTensor(m->interpreter, i);
    void *data = t ? TfLiteTensorData(t) : NULL;
    if (data != NULL) memset(data, 0, TfLiteTensorByteSize(t));
  }
  if (TfLiteInterpreterInvoke(m->interpreter) != kTfLiteOk)
    return tflc_task_fail(err, errlen, "%s: %s", what, tflc_interpreter_last_error(m->interpreter));
  return 0;
}
