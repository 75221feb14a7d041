/*
** kernel.h — the contract between the interpreter and an op's kernel.
**
** Life of a node (as in TFLite Micro and XNNPACK's create/reshape/setup/run):
**   prepare(ctx, node)  at AllocateTensors, in execution order. Checks types and shapes of
**                       the inputs (refusing what the kernel cannot do, with a message),
**                       sets the output shapes (tflc_resize_output), computes everything
**                       that depends only on shapes, constants and quantization (multipliers,
**                       look-up tables, packed weights) into node->op_data, and asks for
**                       scratch memory. Input data of non-constant tensors is NOT available.
**   invoke(ctx, node)   at Invoke. Reads inputs, writes outputs, uses node->scratch. Must
**                       not allocate. Only checks what depends on runtime data (indices).
** op_data is freed by the interpreter (it must be one block from tflc_alloc_op_data).
**
** Tensors are TfLiteTensor (common.h): tensor->dims->data[i], tensor->data.f,
** tensor->params.{scale,zero_point}; per-channel quantization in tensor->quantization.
** Constant tensors have allocation_type kTfLiteMmapRo or kTfLitePersistentRo and their data is
** readable in prepare; data pointers of constants are aligned to at least 16 bytes.
*/
#ifndef TFLC_RUNTIME_KERNEL_H_
#define TFLC_RUNTIME_KERNEL_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "format/flatbuffer.h"
#include "tensorflow/lite/c/common.h"

typedef struct tflc_context tflc_context;
typedef struct tflc_kernel tflc_kernel;

typedef struct tflc_node {
  int32_t index;              /* position in the subgraph's operator list */
  int32_t builtin_code;       /* BuiltinOperator (32 = CUSTOM) */
  int32_t version;            /* OperatorCode.version */
  const char *op_name;        /* "CONV_2D", or the custom op's name */
  int32_t ninputs, noutputs;
  const int32_t *inputs;      /* tensor indices; -1 = omitted optional input */
  const int32_t *outputs;
  int32_t nintermediates;     /* tensors that only carry quantization (quantized LSTMs) */
  const int32_t *intermediates;
  uint8_t options_type;       /* BuiltinOptions union tag (schema numbering) */
  tflc_fb_table options;      /* read with tflc_fb_i32(&node->options, FIELD, default) etc. */
  const uint8_t *custom_options; /* flexbuffer of a custom op */
  size_t custom_options_size;
  const tflc_kernel *kernel;
  void *op_data;              /* the kernel's prepared state */
  size_t scratch_size;        /* requested in prepare */
  void *scratch;              /* valid during invoke: 64-byte aligned arena memory */
} tflc_node;

struct tflc_kernel {
  const char *name;
  TfLiteStatus (*prepare)(tflc_context *ctx, tflc_node *node);
  TfLiteStatus (*invoke)(tflc_context *ctx, tflc_node *node);
};

/* The kernel for a builtin code and version, or NULL when tflc lacks it. */
const tflc_kernel *tflc_find_builtin_kernel(int32_t builtin_code, int32_t version);
/* The kernel for a custom op name, or NULL. */
const tflc_kernel *tflc_find_custom_kernel(const char *name);

/* One op the registry holds (registry.c), for listings such as `tflc ops`. */
typedef struct tflc_registered_op {
  int32_t builtin_code;    /* BuiltinOperator; 32 (CUSTOM) for custom ops */
  const char *custom_name; /* the custom op's name; NULL for builtins */
  int32_t max_version;     /* op versions 1..max_version are accepted */
  uint32_t types;          /* bit (1u << TfLiteType) per tensor type the kernel accepts; 0 = not recorded */
  const tflc_kernel *kernel;
} tflc_registered_op;
/* Entry i of the registry (builtins, then custom ops) into *out; false when i is past the end. */
bool tflc_registry_entry(size_t i, tflc_registered_op *out);

/* ---- Services the interpreter gives kernels ---- */

/* Input i of the node: NULL when i is out of range or the input is omitted (-1). */
TfLiteTensor *tflc_input(tflc_context *ctx, const tflc_node *node, int i);
TfLiteTensor *tflc_output(tflc_context *ctx, const tflc_node *node, int i);
/* Any tensor of the subgraph by index (NULL if out of range). */
TfLiteTensor *tflc_tensor(tflc_context *ctx, int32_t index);

/* Sets a tensor's shape (in prepare). Fails on negative dims or a byte size overflow. */
TfLiteStatus tflc_resize_output(tflc_context *ctx, TfLiteTensor *tensor, int ndims, const int32_t *dims);
/* Zeroed op_data of `size` bytes, replacing any previous one; NULL (with an error set) on failure. */
void *tflc_alloc_op_data(tflc_context *ctx, tflc_node *node, size_t size);
/* Asks for `size` bytes of scratch for invoke (node->scratch). */
TfLiteStatus tflc_request_scratch(tflc_context *ctx, tflc_node *node, size_t size);
/* Records "operator N (NAME): message" as the interpreter's error; returns kTfLiteError. */
TfLiteStatus tflc_kernel_error(tflc_context *ctx, const tflc_node *node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int tflc_num_threads(const tflc_context *ctx);
/* True when the interpreter must run reference kernels only (tflc run --reference, TFLC_REFERENCE=1). */
bool tflc_use_reference_kernels(const tflc_context *ctx);

/* ---- Shape helpers ---- */
static inline int tflc_ndims(const TfLiteTensor *t) { return t->dims ? t->dims->size : 0; }
static inline int32_t tflc_dim(const TfLiteTensor *t, int i) { return t->dims->data[i]; }
/* Product of all dims (tensor shapes are validated to fit in int32 element counts). */
int64_t tflc_num_elements(const TfLiteTensor *t);
bool tflc_same_shape(const TfLiteTensor *a, const TfLiteTensor *b);
static inline bool tflc_is_constant(const TfLiteTensor *t) {
  return t->allocation_type == kTfLiteMmapRo || t->allocation_type == kTfLitePersistentRo;
}

/*
** ---- Values known at prepare (shape arithmetic such as SHAPE -> STRIDED_SLICE -> PACK -> RESHAPE) ----
** A tensor is known at prepare when it is a constant or an earlier operator published its values
** during prepare; published tensors are kTfLitePersistentRo with interpreter-owned data, so later
** kernels read them exactly like constants (a RESHAPE's shape input, a RESIZE's size input).
** Two ways to publish:
**   - by the interpreter, for any builtin op whose present inputs are all known at prepare and
**     whose outputs are small int32/int64 tensors: right after the op's prepare it gives the
**     outputs persistent storage and runs the op's invoke once (kernels need do nothing);
**   - by a kernel whose output depends only on shapes (SHAPE), with tflc_publish_output.
** A node whose outputs were all published is not run again at Invoke. Everything published is
** recomputed at the next AllocateTensors (input shapes may have changed).
*/
static inline bool tflc_is_known_at_prepare(const TfLiteTensor *t) { return tflc_is_constant(t); }
/*
** In prepare, after sizing output i with tflc_resize_output: gives it persistent storage, marks it
** known at prepare and returns where the kernel writes its values now. Returns NULL (no error)
** when the output cannot be published (a variable or graph input, or no memory): the kernel then
** leaves the values to its invoke as usual.
*/
void *tflc_publish_output(tflc_context *ctx, tflc_node *node, int i);

/* Fails the prepare with a message unless `cond` holds. */
#define TFLC_ENSURE(ctx, node, cond)                                                  \
  do {                                                                                \
    if (!(cond)) return tflc_kernel_error((ctx), (node), "check failed: %s", #cond); \
  } while (0)
#define TFLC_ENSURE_MSG(ctx, node, cond, ...)                               \
  do {                                                                      \
    if (!(cond)) return tflc_kernel_error((ctx), (node), __VA_ARGS__);      \
  } while (0)

/* ---- Options common to many ops (schema enums) ---- */
typedef enum { TFLC_PADDING_SAME = 0, TFLC_PADDING_VALID = 1 } tflc_padding;
typedef enum {
  TFLC_ACTIVATION_NONE = 0,
  TFLC_ACTIVATION_RELU = 1,
  TFLC_ACTIVATION_RELU_N1_TO_1 = 2,
  TFLC_ACTIVATION_RELU6 = 3,
  TFLC_ACTIVATION_TANH = 4,
  TFLC_ACTIVATION_SIGN_BIT = 5,
} tflc_activation;

/* BuiltinOptions union tags used by the kernels (schema.fbs order). */
enum {
  TFLC_OPTIONS_CONV2D = 1,
  TFLC_OPTIONS_DEPTHWISE_CONV2D = 2,
  TFLC_OPTIONS_POOL2D = 5,
  TFLC_OPTIONS_FULLY_CONNECTED = 8,
  TFLC_OPTIONS_SOFTMAX = 9,
  TFLC_OPTIONS_CONCATENATION = 10,
  TFLC_OPTIONS_ADD = 11,
  TFLC_OPTIONS_RESHAPE = 17,
  TFLC_OPTIONS_REDUCER = 27,
  TFLC_OPTIONS_SQUEEZE = 30,
  TFLC_OPTIONS_SPLIT = 35,
};

/*
** The node's options table when its union tag is `expected_type`; an absent table
** otherwise (so every accessor returns the schema default, as TFLite does).
*/
static inline tflc_fb_table tflc_node_options(const tflc_node *node, uint8_t expected_type) {
  tflc_fb_table t = node->options;
  if (node->options_type != expected_type) t.present = 0;
  return t;
}

#endif /* TFLC_RUNTIME_KERNEL_H_ */
