/*
** model.h — a .tflite file, read and verified once into plain C structs.
**
** tflc_model_parse checks the whole structure the runtime will use: every table, vector,
** string and buffer range lies inside the file, every tensor/buffer/opcode index is in
** range, every shape is non-negative and every constant buffer holds exactly its
** tensor's bytes. After it succeeds, the rest of tflc can use these structs without
** further checks. Weights stay in the file's bytes (`data` pointers into it); small
** arrays (shapes, indices, quantization) are copied so they are aligned and typed.
*/
#ifndef TFLC_FORMAT_MODEL_H_
#define TFLC_FORMAT_MODEL_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "format/flatbuffer.h"
#include "tensorflow/lite/c/common.h"

/* Limits that keep a hostile file from asking for absurd work. */
#define TFLC_MAX_DIMS 8

typedef struct tflc_model_buffer {
  const uint8_t *data; /* NULL when the buffer is empty */
  size_t size;
} tflc_model_buffer;

typedef struct tflc_model_opcode {
  int32_t builtin_code;    /* effective code: max(deprecated_builtin_code, builtin_code) */
  const char *custom_code; /* for CUSTOM ops; NULL otherwise */
  int32_t version;
} tflc_model_opcode;

typedef struct tflc_model_tensor {
  TfLiteType type;
  int32_t ndims;
  int32_t dims[TFLC_MAX_DIMS];
  int32_t ndims_signature;            /* 0 when the file has no shape_signature */
  int32_t dims_signature[TFLC_MAX_DIMS]; /* -1 marks a dynamic dimension */
  uint32_t buffer;                    /* index into model buffers; 0 = no data */
  const char *name;                   /* never NULL ("" when the file has none) */
  int32_t nquant;                     /* number of scales (0 = not quantized) */
  float *scales;                      /* [nquant] */
  int64_t *zero_points;               /* [nquant] */
  int32_t quantized_dimension;
  bool is_variable;
  bool is_sparse;
} tflc_model_tensor;

typedef struct tflc_model_operator {
  uint32_t opcode_index;
  int32_t ninputs, noutputs, nintermediates;
  int32_t *inputs;        /* tensor indices, -1 = omitted optional input */
  int32_t *outputs;
  int32_t *intermediates; /* tensor indices (quantized LSTMs read their scales) */
  uint8_t options_type;   /* BuiltinOptions union tag (schema numbering) */
  tflc_fb_table options;  /* the options table (present == 0 when absent) */
  uint8_t options2_type;  /* BuiltinOptions2 union tag */
  tflc_fb_table options2;
  const uint8_t *custom_options; /* flexbuffer bytes of a custom op, or NULL */
  size_t custom_options_size;
} tflc_model_operator;

typedef struct tflc_model_subgraph {
  const char *name;
  int32_t ntensors, ninputs, noutputs, noperators;
  tflc_model_tensor *tensors;
  int32_t *inputs;
  int32_t *outputs;
  tflc_model_operator *operators;
} tflc_model_subgraph;

typedef struct tflc_model_metadata {
  const char *name;
  uint32_t buffer;
} tflc_model_metadata;

/* A SignatureDef: named inputs and outputs of one subgraph ("serving_default", ...). */
typedef struct tflc_model_signature {
  const char *key;          /* signature_key, never NULL */
  uint32_t subgraph;        /* checked < nsubgraphs */
  int32_t ninputs, noutputs;
  const char **input_names; /* [ninputs] */
  int32_t *input_tensors;   /* [ninputs] tensor indices in that subgraph (checked) */
  const char **output_names;
  int32_t *output_tensors;
} tflc_model_signature;

typedef struct tflc_model {
  const uint8_t *file;      /* the whole file, trailing bytes included */
  size_t file_size;
  uint32_t version;         /* schema version, 3 */
  const char *description;
  int32_t nbuffers, nopcodes, nsubgraphs, nmetadata, nsignatures;
  tflc_model_buffer *buffers;
  tflc_model_opcode *opcodes;
  tflc_model_subgraph *subgraphs;
  tflc_model_metadata *metadata;
  tflc_model_signature *signatures;
  struct tflc_pool *pool;   /* owns every array above */
} tflc_model;

/*
** Parses and verifies `size` bytes at `data`, which must outlive the model. On failure
** returns kTfLiteError with a message in err (size errlen) naming what is wrong.
*/
TfLiteStatus tflc_model_parse(const uint8_t *data, size_t size, tflc_model *model, char *err,
                              size_t errlen);
void tflc_model_free(tflc_model *model);

/* Byte size of an element of `type`, 0 for types without a fixed size (string). */
size_t tflc_type_size(TfLiteType type);
/* Number of elements of a shape, or -1 on overflow past INT32_MAX elements. */
int64_t tflc_shape_elements(int32_t ndims, const int32_t *dims);
/* A shape written for messages: "[1,5,5,8]" (at most TFLC_MAX_DIMS dims shown). */
typedef struct tflc_shape_string {
  char text[12 * TFLC_MAX_DIMS + 8];
} tflc_shape_string;
tflc_shape_string tflc_shape_text(int32_t ndims, const int32_t *dims);
/* Name of a builtin op ("CONV_2D"), or "UNKNOWN". */
const char *tflc_builtin_name(int32_t code);
/* The buffer holding metadata entry `name` (e.g. "TFLITE_METADATA"), or NULL. */
const tflc_model_buffer *tflc_model_find_metadata(const tflc_model *model, const char *name);

#endif /* TFLC_FORMAT_MODEL_H_ */
