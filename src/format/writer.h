/*
** writer.h — builds .tflite files (FlatBuffer schema v3, one subgraph) from C.
**
** Meant for tests and tools that need small models made on the spot: one-op models for
** kernel tests, hostile variants of real models, models to hand to real TensorFlow Lite
** (ref-run) for expected outputs. Files it writes load in TensorFlow Lite 2.9 and in tflc.
**
** Usage (a FULLY_CONNECTED with a constant 3x2 float weight matrix):
**
**   tflc_writer *w = tflc_writer_init();
**   static const float weights[6] = {1, 2, 3, 4, 5, 6};
**   int32_t in = tflc_writer_add_tensor(w, &(tflc_writer_tensor){
**       .type = kTfLiteFloat32, .ndims = 2, .dims = {1, 2}, .name = "input"});
**   int32_t wt = tflc_writer_add_tensor(w, &(tflc_writer_tensor){
**       .type = kTfLiteFloat32, .ndims = 2, .dims = {3, 2}, .name = "weights",
**       .data = weights, .data_size = sizeof weights});        // constant: gets a buffer
**   int32_t out = tflc_writer_add_tensor(w, &(tflc_writer_tensor){
**       .type = kTfLiteFloat32, .ndims = 2, .dims = {1, 3}, .name = "output"});
**   int32_t code = tflc_writer_add_opcode(w, 9, NULL, 1);      // FULLY_CONNECTED v1
**   tflc_writer_field fields[] = {TFLC_WRITER_I8(0, 1)};       // fused_activation_function = RELU
**   tflc_writer_add_operator(w, &(tflc_writer_operator){
**       .opcode = code, .ninputs = 3, .inputs = {in, wt, -1}, .noutputs = 1, .outputs = {out},
**       .options_type = 8, .nfields = 1, .fields = fields});   // 8 = FullyConnectedOptions
**   tflc_writer_set_inputs(w, 1, &in);
**   tflc_writer_set_outputs(w, 1, &out);
**   uint8_t *bytes; size_t size;
**   if (tflc_writer_finish(w, &bytes, &size) != kTfLiteOk) puts(tflc_writer_error(w));
**   ... use bytes (tflc_model_load_memory, or write a file) ..., then free(bytes);
**   tflc_writer_free(w);
**
** Errors: every add function returns the new index, or -1 when its arguments are invalid
** (an index out of range, a size that disagrees with the shape) or memory runs out. The first
** error is kept (tflc_writer_error) and makes tflc_writer_finish fail, so callers may check
** once at the end. Every array passed in is copied: it need not outlive the call.
**
** Options tables are generic: each field is given by its field id in the schema's options
** table (its position among the table's fields, counting from 0; a union counts as two) and
** a scalar type, or as a vector of int32. The union tag (BuiltinOptions numbering) goes in
** options_type. Scalar defaults need not be written: an absent field reads as its default.
*/
#ifndef TFLC_FORMAT_WRITER_H_
#define TFLC_FORMAT_WRITER_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "format/model.h"
#include "tensorflow/lite/c/common.h"

typedef struct tflc_writer tflc_writer;

/* Most inputs/outputs an operator added through tflc_writer_operator may have. */
#define TFLC_WRITER_MAX_OP_IO 32

/* A tensor to add. A tensor with data is a constant (its bytes go into a new buffer). */
typedef struct tflc_writer_tensor {
  TfLiteType type;
  int32_t ndims;
  int32_t dims[TFLC_MAX_DIMS];
  const char *name;             /* NULL = no name */
  const void *data;             /* constant data, data_size bytes; NULL for activations */
  size_t data_size;             /* must equal elements * type size */
  bool is_variable;             /* a variable (state) tensor; data, if any, is its initial value */
  /* Quantization: nscales == 0 means none. One scale is per-tensor; more are per-channel
     along quantized_dimension (nscales must equal that dim). zero_points may be NULL (all 0). */
  int32_t nscales;
  const float *scales;          /* [nscales] */
  const int64_t *zero_points;   /* [nscales] or NULL */
  int32_t quantized_dimension;
} tflc_writer_tensor;

/* Scalar kinds of an options field (their FlatBuffers sizes: 1, 1, 2, 4, 8, 4 bytes). */
typedef enum {
  TFLC_WRITER_FIELD_BOOL = 0,
  TFLC_WRITER_FIELD_I8,
  TFLC_WRITER_FIELD_I16,
  TFLC_WRITER_FIELD_I32,
  TFLC_WRITER_FIELD_I64,
  TFLC_WRITER_FIELD_F32,
  TFLC_WRITER_FIELD_I32_VECTOR, /* a [int] vector field */
} tflc_writer_field_kind;

/* One field of an options table. */
typedef struct tflc_writer_field {
  int32_t id;                   /* field id in the options table (0 = first field) */
  tflc_writer_field_kind kind;
  int64_t i;                    /* integer and bool kinds */
  float f;                      /* F32 */
  const int32_t *ints;          /* I32_VECTOR: [nints] */
  int32_t nints;
} tflc_writer_field;

/* Literal fields, for tables of options: TFLC_WRITER_I32(1, 2) is field 1 = 2 (int32). */
#define TFLC_WRITER_BOOL(id, v) ((tflc_writer_field){(id), TFLC_WRITER_FIELD_BOOL, (v), 0, NULL, 0})
#define TFLC_WRITER_I8(id, v) ((tflc_writer_field){(id), TFLC_WRITER_FIELD_I8, (v), 0, NULL, 0})
#define TFLC_WRITER_I16(id, v) ((tflc_writer_field){(id), TFLC_WRITER_FIELD_I16, (v), 0, NULL, 0})
#define TFLC_WRITER_I32(id, v) ((tflc_writer_field){(id), TFLC_WRITER_FIELD_I32, (v), 0, NULL, 0})
#define TFLC_WRITER_I64(id, v) ((tflc_writer_field){(id), TFLC_WRITER_FIELD_I64, (v), 0, NULL, 0})
#define TFLC_WRITER_F32(id, v) ((tflc_writer_field){(id), TFLC_WRITER_FIELD_F32, 0, (v), NULL, 0})
#define TFLC_WRITER_INTS(id, arr, n) ((tflc_writer_field){(id), TFLC_WRITER_FIELD_I32_VECTOR, 0, 0, (arr), (n)})

/* An operator to add. Input index -1 marks an omitted optional input. */
typedef struct tflc_writer_operator {
  int32_t opcode;               /* from tflc_writer_add_opcode */
  int32_t ninputs, noutputs;
  int32_t inputs[TFLC_WRITER_MAX_OP_IO];
  int32_t outputs[TFLC_WRITER_MAX_OP_IO];
  int32_t nintermediates;       /* intermediates (quantized LSTMs); usually 0 */
  int32_t intermediates[TFLC_WRITER_MAX_OP_IO];
  uint8_t options_type;         /* BuiltinOptions union tag; 0 = no options table */
  int32_t nfields;
  const tflc_writer_field *fields; /* [nfields]: the options table's fields */
  const uint8_t *custom_options;   /* custom op's bytes (flexbuffer), or NULL */
  size_t custom_options_size;
} tflc_writer_operator;

/* A new, empty model (buffer 0, the schema's empty buffer, already exists); NULL if out of memory. */
tflc_writer *tflc_writer_init(void);
void tflc_writer_free(tflc_writer *w);

/* The first error recorded ("" when none). Valid until tflc_writer_free. */
const char *tflc_writer_error(const tflc_writer *w);

/* Adds a buffer holding a copy of `size` bytes (stored 16-byte aligned); returns its index. */
int32_t tflc_writer_add_buffer(tflc_writer *w, const void *data, size_t size);

/* Adds a tensor (a constant when spec->data is set); returns its index in the subgraph. */
int32_t tflc_writer_add_tensor(tflc_writer *w, const tflc_writer_tensor *spec);

/*
** Returns the index of the operator code (builtin_code, custom_code, version), adding it when
** it is new. custom_code is the custom op's name with builtin_code 32 (CUSTOM), else NULL.
*/
int32_t tflc_writer_add_opcode(tflc_writer *w, int32_t builtin_code, const char *custom_code, int32_t version);

/* Adds an operator (appended to the execution order); returns its index. */
int32_t tflc_writer_add_operator(tflc_writer *w, const tflc_writer_operator *spec);

/* Sets the subgraph's input or output tensor indices (replacing earlier ones). */
TfLiteStatus tflc_writer_set_inputs(tflc_writer *w, int32_t count, const int32_t *tensors);
TfLiteStatus tflc_writer_set_outputs(tflc_writer *w, int32_t count, const int32_t *tensors);

/*
** Serializes the model into a new buffer of *size bytes that the caller frees with free().
** Fails (kTfLiteError, *out = NULL) when an earlier call failed or memory runs out.
** The writer stays usable: more can be added and finish called again.
*/
TfLiteStatus tflc_writer_finish(tflc_writer *w, uint8_t **out, size_t *size);

/* Schema TensorType of a TfLiteType, or -1 when the schema has none. */
int32_t tflc_writer_schema_type(TfLiteType type);

#endif /* TFLC_FORMAT_WRITER_H_ */
