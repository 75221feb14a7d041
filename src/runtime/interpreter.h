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
#include "runtime/registration.h"
#include "tensorflow/lite/c/c_api.h"
#include "tflc/runtime.h"

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
  size_t max_tensor_bytes;    /* 0 = TFLC_DEFAULT_MAX_TENSOR_BYTES (tflc_interpreter_options_set_limits) */
  size_t max_arena_bytes;     /* 0 = TFLC_DEFAULT_MAX_ARENA_BYTES */
  tflc_capi_options capi;     /* registrations, delegates, cancellation (runtime/registration.h) */
  int use_reference_kernels;  /* 1 = reference kernels only (tflc_interpreter_options_set_reference_kernels) */
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
  uint8_t *published;         /* [ntensors] 1 = values computed at prepare (kTfLitePersistentRo, data in persistent) */
  uint8_t *done_at_prepare;   /* [nnodes] 1 = every output published at prepare: Invoke skips the node */
  uint8_t *arena;
  size_t arena_size;
  int32_t num_threads;
  size_t max_tensor_bytes;    /* largest tensor or scratch a model may ask for */
  size_t max_arena_bytes;     /* largest activation arena */
  int prepared;               /* AllocateTensors succeeded since the last resize */
  TfLiteErrorReporterFn reporter;
  void *reporter_data;
  char error[1024];           /* the last error message */
  struct tflc_capi_state *capi; /* C API registrations and cancellation (runtime/registration.c) */
  struct tflc_threadpool *threadpool; /* num_threads > 1: the workers kernels split ops over (threadpool.h) */
  int use_reference_kernels;  /* options, or TFLC_REFERENCE=1 in the environment at creation */
};

/*
** An interpreter for one subgraph of the model (TfLiteInterpreterCreate is subgraph 0; signature
** runners use the others). Same contract as TfLiteInterpreterCreate.
*/
TfLiteInterpreter *tflc_interpreter_create_for_subgraph(const TfLiteModel *model, const TfLiteInterpreterOptions *options,
                                                        int32_t subgraph);

/* Records an error message (and sends it to the reporter). Returns kTfLiteError. */
TfLiteStatus tflc_interpreter_error(TfLiteInterpreter *interpreter, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Default reporter: prints the message and a newline to stderr. */
void tflc_report_to_stderr(void *user_data, const char *format, va_list args);

#endif /* TFLC_RUNTIME_INTERPRETER_H_ */
