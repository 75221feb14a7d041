/*
** interpreter.h — the internals behind TfLiteModel and TfLiteInterpreter.
**
** Memory layout of a prepared interpreter:
**   model file (mmap, read-only)  <- constant tensors point into it
**   arena (one block, planned)    <- every activation and every node's scratch
**   op_data (one block per node)  <- multipliers, tables, packed weights (made in prepare)
**   persistent tensors            <- variables, and constants the runtime had to realign
** Invoke touches only these and allocates nothing.
*/
#ifndef TFLC_RUNTIME_INTERPRETER_H_
#define TFLC_RUNTIME_INTERPRETER_H_

#include <stdatomic.h>

#include "format/model.h"
#include "runtime/kernel.h"
#include "tensorflow/lite/c/c_api.h"

struct TfLiteModel {
  tflc_model parsed;
  void *mapping;          /* the mmapped file (TfLiteModelCreateFromFile), or NULL */
  size_t mapping_size;
  atomic_int refcount;    /* the caller's reference plus one per interpreter */
};

struct TfLiteInterpreterOptions {
  int32_t num_threads;
  TfLiteErrorReporterFn reporter;
  void *reporter_data;
};

struct tflc_context {
  TfLiteInterpreter *interpreter;
};

struct TfLiteInterpreter {
  TfLiteModel *model;
  const tflc_model_subgraph *subgraph;
  struct tflc_context context;
  int32_t ntensors;
  TfLiteTensor *tensors;      /* [ntensors] */
  int32_t nnodes;
  tflc_node *nodes;           /* [nnodes], in execution order */
  void **persistent;          /* [ntensors] per-tensor owned data (variables, realigned constants) */
  uint8_t *arena;
  size_t arena_size;
  int32_t num_threads;
  int prepared;               /* AllocateTensors succeeded since the last resize */
  TfLiteErrorReporterFn reporter;
  void *reporter_data;
  char error[1024];           /* the last error message */
};

/* Records an error message (and sends it to the reporter). Returns kTfLiteError. */
TfLiteStatus tflc_interpreter_error(TfLiteInterpreter *interpreter, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Default reporter: prints the message and a newline to stderr. */
void tflc_report_to_stderr(void *user_data, const char *format, va_list args);

#endif /* TFLC_RUNTIME_INTERPRETER_H_ */
