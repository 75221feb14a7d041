/*
** labels.h — class label lists: from a text file, or from the files a model carries.
**
** A label file has one label per line; a trailing '\r' is stripped, so files written
** on Windows read the same. Empty lines are kept as empty labels (line N is class N),
** and a final newline does not add an empty label.
**
** Models with TFLite metadata carry their label file inside the .tflite: a ZIP archive
** appended to the FlatBuffer (see tasks/zip.h). The file chosen is the one the metadata
** names as TENSOR_AXIS_LABELS of output 0; without usable metadata, the first "*.txt"
** entry whose name contains "label" (case-insensitive).
*/
#ifndef TFLC_TASKS_LABELS_H_
#define TFLC_TASKS_LABELS_H_

#include <stddef.h>
#include <stdint.h>

/* Limits for untrusted label data. */
#define TFLC_LABELS_MAX_BYTES ((size_t)64 << 20)
#define TFLC_LABELS_MAX_COUNT (1 << 20)

typedef struct tflc_labels {
  int count;
  char **items;  /* [count] NUL-terminated labels, pointing into storage */
  char *storage; /* the file's bytes, with each line end replaced by NUL */
} tflc_labels;

/* Reads a label file. Returns 0, or -1 with a message naming the file; *out is zeroed on failure. */
int tflc_labels_load_file(const char *path, tflc_labels *out, char *err, size_t errlen);

/* Parses `size` bytes of label text (copied). Returns 0 or -1 with a message. */
int tflc_labels_from_memory(const char *text, size_t size, tflc_labels *out, char *err, size_t errlen);

/*
** Extracts the labels embedded in a .tflite file's bytes. Returns 0 when found, 1 when
** the model carries no label file (err says so), -1 when the archive or the label file
** is malformed. *out is zeroed unless 0 is returned.
*/
int tflc_labels_from_model_file(const uint8_t *file, size_t size, tflc_labels *out, char *err,
                                size_t errlen);

/* Label `index`, or NULL when index is out of range. */
const char *tflc_labels_get(const tflc_labels *labels, int index);

/* Frees the labels and zeroes the struct. NULL is ignored. */
void tflc_labels_free(tflc_labels *labels);

#endif /* TFLC_TASKS_LABELS_H_ */
