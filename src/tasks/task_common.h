/*
** task_common.h — what the image tasks (tflc/tasks.h) share: a loaded model with its
** interpreter and labels, and the step that feeds an RGB buffer to input 0.
*/
#ifndef TFLC_TASKS_TASK_COMMON_H_
#define TFLC_TASKS_TASK_COMMON_H_

#include <stddef.h>
#include <stdint.h>

#include "tasks/labels.h"
#include "tflc/tasks.h"
#include "tensorflow/lite/c/c_api.h"

typedef struct tflc_task_model {
  TfLiteModel *model;
  TfLiteInterpreter *interpreter; /* tensors allocated */
  tflc_labels labels;             /* count 0 when the model has none and none were given */
  tflc_preprocess resize;         /* how images are resized to the input (TFLC_PREPROCESS_PLAIN: bilinear) */
} tflc_task_model;

/* printf into err (when errlen > 0); returns -1. */
int tflc_task_fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
** Loads the model at `path`, creates and allocates an interpreter with `num_threads`
** (errors kept quiet, reported through err) and reads the labels from `labels_path`, or
** from the model's metadata when labels_path is NULL. `what` names the task in messages.
*/
int tflc_task_model_init(tflc_task_model *m, const char *what, const char *path, int num_threads,
                         const char *labels_path, char *err, size_t errlen);
void tflc_task_model_free(tflc_task_model *m);

/*
** Feeds a width x height RGB buffer to input 0 (resized and converted as tflc_fill_image_input
** does), zeroes every other input, and invokes. Returns 0 or -1 with a message.
*/
int tflc_task_run_image(tflc_task_model *m, const char *what, const uint8_t *rgb, int width, int height, char *err,
                        size_t errlen);

#endif /* TFLC_TASKS_TASK_COMMON_H_ */
