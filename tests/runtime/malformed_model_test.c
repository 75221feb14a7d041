/*
** malformed_model_test.c — hostile models made by rewriting fields of real ones.
**
** Each case loads a real model, finds one field with tflc's checked FlatBuffer reader
** (src/format/flatbuffer.h), overwrites it in place with a value of one CVE class
** (negative or out-of-range indices, -1 where nothing is optional, a buffer smaller than
** its tensor, dims whose product overflows, an empty subgraph, a bad opcode index, unknown
** builtin and custom ops, a version newer than supported, an operator reading a tensor
** written later, a cycle, RESHAPE/SPLIT/CONCATENATION asked to write out of bounds), and
** runs the result through load, create, allocate and invoke. Each must stop with an error
** whose message names the problem: the test checks for the words that name the tensor or
** operator and the bad value. The sanitizer build checks that nothing reads out of bounds.
*/
#include <string.h>

#include "format/flatbuffer.h"
#include "tflc/runtime.h"
#include "test_util.h"

TEST_COUNTERS;

/* Field numbers of schema.fbs (as in src/format/model.c). */
enum { MODEL_OPERATOR_CODES = 1, MODEL_SUBGRAPHS = 2, MODEL_BUFFERS = 4 };
enum { OPCODE_DEPRECATED_BUILTIN = 0, OPCODE_CUSTOM = 1, OPCODE_VERSION = 2, OPCODE_BUILTIN = 3 };
enum { SUBGRAPH_TENSORS = 0, SUBGRAPH_INPUTS = 1, SUBGRAPH_OUTPUTS = 2, SUBGRAPH_OPERATORS = 3 };
enum { TENSOR_SHAPE = 0, TENSOR_TYPE = 1, TENSOR_BUFFER = 2 };
enum { OP_OPCODE_INDEX = 0, OP_INPUTS = 1, OP_OUTPUTS = 2, OP_OPTIONS = 4 };
enum { BUFFER_DATA = 0 };

/* ---- A model in memory and the positions of its fields ---- */

typedef struct model_file {
  const char *name;
  uint8_t *data;
  size_t size;
} model_file;

static model_file load(const char *relative) {
  char path[4096];
  snprintf(path, sizeof path, "%s/models/%s", test_shared_dir(), relative);
  model_file m = {relative, NULL, 0};
  m.data = test_read_file(path, &m.size);
  if (m.data == NULL) printf("FAIL cannot read %s\n", path);
  CHECK(m.data != NULL);
  return m;
}

static void put_i32(uint8_t *at, int32_t v) { memcpy(at, &v, 4); }
static int32_t get_i32(const uint8_t *at) { int32_t v; memcpy(&v, at, 4); return v; }

/* Absolute position of a scalar field's bytes, or 0 when the file omits it (schema default). */
static size_t field_at(const tflc_fb_table *t, int field) {
  if (!tflc_fb_has(t, field)) return 0;
  uint16_t off;
  memcpy(&off, t->buf + t->vtable + 4 + 2 * field, 2);
  return (size_t)t->pos + off;
}

static tflc_fb_table root_of(const model_file *m) {
  tflc_fb_table root;
  CHECK(tflc_fb_root(m->data, m->size, &root) == TFLC_FB_OK);
  return root;
}

static tflc_fb_vector vector_of(const tflc_fb_table *t, int field, size_t elem) {
  tflc_fb_vector v;
  CHECK(tflc_fb_vector_field(t, field, elem, &v) == TFLC_FB_OK);
  return v;
}

static tflc_fb_table element(const tflc_fb_vector *v, uint32_t i) {
  tflc_fb_table t;
  CHECK(tflc_fb_vector_table(v, i, &t) == TFLC_FB_OK);
  return t;
}

static tflc_fb_table subgraph0(const model_file *m) {
  tflc_fb_table root = root_of(m);
  tflc_fb_vector sgs = vector_of(&root, MODEL_SUBGRAPHS, 4);
  return element(&sgs, 0);
}

static tflc_fb_table operator_of(const model_file *m, uint32_t op) {
  tflc_fb_table sg = subgraph0(m);
  tflc_fb_vector ops = vector_of(&sg, SUBGRAPH_OPERATORS, 4);
  return element(&ops, op);
}

static tflc_fb_table tensor_of(const model_file *m, uint32_t index) {
  tflc_fb_table sg = subgraph0(m);
  tflc_fb_vector tensors = vector_of(&sg, SUBGRAPH_TENSORS, 4);
  return element(&tensors, index);
}

/* Position of element i of an int32 vector field of t (the vector must be long enough). */
static uint8_t *int_at(const model_file *m, const tflc_fb_table *t, int field, uint32_t i) {
  tflc_fb_vector v = vector_of(t, field, 4);
  CHECK(i < v.length);
  return m->data + v.pos + 4 * (i < v.length ? i : 0);
}

/* The builtin code of operator `op` (effective: max of the two fields). */
static int32_t op_code(const model_file *m, uint32_t op) {
  tflc_fb_table o = operator_of(m, op);
  tflc_fb_table root = root_of(m);
  tflc_fb_vector codes = vector_of(&root, MODEL_OPERATOR_CODES, 4);
  tflc_fb_table c = element(&codes, tflc_fb_u32(&o, OP_OPCODE_INDEX, 0));
  int32_t a = tflc_fb_i8(&c, OPCODE_DEPRECATED_BUILTIN, 0), b = tflc_fb_i32(&c, OPCODE_BUILTIN, 0);
  return a > b ? a : b;
}

/* The first operator with builtin code `code`, or -1. */
static int32_t find_op(const model_file *m, int32_t code) {
  tflc_fb_table sg = subgraph0(m);
  tflc_fb_vector ops = vector_of(&sg, SUBGRAPH_OPERATORS, 4);
  for (uint32_t i = 0; i < ops.length; i++)
    if (op_code(m, i) == code) return (int32_t)i;
  return -1;
}

/* ---- Running a model and checking its error ---- */

typedef struct reported {
  char last[512];
} reported;

static void remember(void *user_data, const char *format, va_list args) {
  vsnprintf(((reported *)user_data)->last, sizeof ((reported *)user_data)->last, format, args);
}

/*
** Runs the bytes through load, create, allocate and invoke; the first failing step's
** message goes to msg. Returns the step that failed (1..4), 0 when all succeeded.
*/
static int run(const uint8_t *data, size_t size, char *msg, size_t msglen) {
  uint8_t *copy = malloc(size ? size : 1); /* exact size: ASan sees any overread */
  memcpy(copy, data, size);
  int step = 0;
  reported rep = {""};
  TfLiteModel *model = tflc_model_load_memory(copy, size, msg, msglen);
  TfLiteInterpreter *in = NULL;
  if (model == NULL) {
    step = 1;
    goto done;
  }
  TfLiteInterpreterOptions *options = TfLiteInterpreterOptionsCreate();
  TfLiteInterpreterOptionsSetErrorReporter(options, remember, &rep);
  tflc_interpreter_options_set_limits(options, (size_t)64 << 20, (size_t)256 << 20);
  in = TfLiteInterpreterCreate(model, options);
  TfLiteInterpreterOptionsDelete(options);
  TfLiteModelDelete(model);
  if (in == NULL) {
    step = 2;
    snprintf(msg, msglen, "%s", rep.last);
  } else if (TfLiteInterpreterAllocateTensors(in) != kTfLiteOk) {
    step = 3;
    snprintf(msg, msglen, "%s", tflc_interpreter_last_error(in));
  } else {
    for (int32_t k = 0; k < TfLiteInterpreterGetInputTensorCount(in); k++) {
      TfLiteTensor *t = TfLiteInterpreterGetInputTensor(in, k);
      memset(TfLiteTensorData(t), 0, TfLiteTensorByteSize(t));
    }
    if (TfLiteInterpreterInvoke(in) != kTfLiteOk) {
      step = 4;
      snprintf(msg, msglen, "%s", tflc_interpreter_last_error(in));
    }
  }
done:
  TfLiteInterpreterDelete(in);
  free(copy);
  return step;
}

/* The model must fail with a message containing every one of the NULL-terminated needles. */
static void expect_error_v(const model_file *m, const char *what, const char *const *needles) {
  char msg[1024] = "";
  int step = run(m->data, m->size, msg, sizeof msg);
  int ok = step != 0 && msg[0] != 0;
  for (const char *const *n = needles; ok && *n; n++) ok = strstr(msg, *n) != NULL;
  printf("%s %s, %s: step %d: %s\n", ok ? "ok  " : "FAIL", m->name, what, step, msg);
  CHECK(ok);
}
#define expect_error(m, what, ...) expect_error_v((m), (what), (const char *const[]){__VA_ARGS__, NULL})

/* Rewrites one int32 in a fresh copy of the model, checks the error, restores the copy. */
static void rewrite_i32(model_file *m, uint8_t *at, int32_t value, const char *what, const char *const *needles) {
  int32_t saved = get_i32(at);
  put_i32(at, value);
  expect_error_v(m, what, needles);
  put_i32(at, saved);
}
#define rewrite(m, at, value, what, ...) rewrite_i32((m), (at), (value), (what), (const char *const[]){__VA_ARGS__, NULL})

/* ---- Cases ---- */

/* CVE-2020-15207/15211: tensor indices out of range, and -1 where nothing is optional. */
static void test_tensor_indices(void) {
  model_file m = load("testdata/add.bin");
  if (!m.data) return;
  tflc_fb_table op = operator_of(&m, 0), sg = subgraph0(&m);
  rewrite(&m, int_at(&m, &op, OP_INPUTS, 0), -5, "negative input index", "operator 0", "input 0", "tensor -5");
  rewrite(&m, int_at(&m, &op, OP_INPUTS, 1), 1000, "input index past the tensors", "operator 0", "tensor 1000", "out of range");
  rewrite(&m, int_at(&m, &op, OP_OUTPUTS, 0), -1, "output -1 (never optional)", "operator 0", "output 0", "tensor -1");
  rewrite(&m, int_at(&m, &op, OP_OUTPUTS, 0), INT32_MIN, "output INT32_MIN", "operator 0", "output 0", "-2147483648");
  rewrite(&m, int_at(&m, &op, OP_INPUTS, 0), -1, "ADD input -1 (not optional for ADD)", "operator 0 (ADD)", "missing");
  rewrite(&m, int_at(&m, &sg, SUBGRAPH_INPUTS, 0), -1, "graph input -1", "subgraph input 0", "tensor -1");
  rewrite(&m, int_at(&m, &sg, SUBGRAPH_OUTPUTS, 0), 77, "graph output out of range", "subgraph output 0", "tensor 77");
  free(m.data);
}

/* google-research#653 class: a constant buffer smaller or larger than its tensor's shape. */
static void test_buffer_size(void) {
  model_file m = load("variants/go/iris.tflite");
  if (!m.data) return;
  tflc_fb_table sg = subgraph0(&m), root = root_of(&m);
  tflc_fb_vector tensors = vector_of(&sg, SUBGRAPH_TENSORS, 4), buffers = vector_of(&root, MODEL_BUFFERS, 4);
  int done = 0;
  for (uint32_t i = 0; i < tensors.length && !done; i++) {
    tflc_fb_table t = element(&tensors, i);
    uint32_t b = tflc_fb_u32(&t, TENSOR_BUFFER, 0);
    tflc_fb_table buffer = element(&buffers, b);
    tflc_fb_vector data;
    if (b == 0 || tflc_fb_vector_field(&buffer, BUFFER_DATA, 1, &data) != TFLC_FB_OK || data.length == 0) continue;
    tflc_fb_vector shape = vector_of(&t, TENSOR_SHAPE, 4);
    if (shape.length == 0) continue;
    uint8_t *dim0 = m.data + shape.pos;
    char tensor[32], buf[32];
    snprintf(tensor, sizeof tensor, "tensor %u ", i);
    snprintf(buf, sizeof buf, "buffer %u holds %u bytes", b, data.length);
    rewrite(&m, dim0, get_i32(dim0) + 1, "constant shape one row larger than its buffer", tensor, buf, "needs");
    rewrite(&m, m.data + field_at(&t, TENSOR_BUFFER), 100000, "buffer index out of range", tensor,
            "buffer index 100000 out of range");
    done = 1;
  }
  CHECK(done);
  free(m.data);
}

/* Shape arithmetic: dims whose product overflows int32, int64 and size_t. */
static void test_dims_overflow(void) {
  model_file m = load("variants/go/iris.tflite");
  if (!m.data) return;
  tflc_fb_table sg = subgraph0(&m);
  tflc_fb_vector tensors = vector_of(&sg, SUBGRAPH_TENSORS, 4);
  int constant_done = 0, activation_done = 0;
  for (uint32_t i = 0; i < tensors.length; i++) {
    tflc_fb_table t = element(&tensors, i);
    tflc_fb_vector shape = vector_of(&t, TENSOR_SHAPE, 4);
    if (shape.length < 2) continue;
    tflc_fb_table root = root_of(&m), buffer;
    tflc_fb_vector buffers = vector_of(&root, MODEL_BUFFERS, 4), data;
    buffer = element(&buffers, tflc_fb_u32(&t, TENSOR_BUFFER, 0));
    int constant = tflc_fb_vector_field(&buffer, BUFFER_DATA, 1, &data) == TFLC_FB_OK && data.length > 0;
    if (constant ? constant_done : activation_done) continue;
    uint8_t saved[4 * 2];
    memcpy(saved, m.data + shape.pos, sizeof saved);
    put_i32(m.data + shape.pos, INT32_MAX);
    put_i32(m.data + shape.pos + 4, INT32_MAX);
    char tensor[32];
    snprintf(tensor, sizeof tensor, "tensor %u ", i);
    /* A constant's buffer cannot hold it (caught while loading); an activation is over the
       tensor limit (caught when the interpreter is created, before any prepare multiplies). */
    if (constant)
      expect_error(&m, "constant with dims [2^31-1, 2^31-1]", tensor, "[2147483647,2147483647", "elements");
    else
      expect_error(&m, "activation with dims [2^31-1, 2^31-1]", tensor, "[2147483647,2147483647", "limit");
    memcpy(m.data + shape.pos, saved, sizeof saved);
    if (constant) constant_done = 1; else activation_done = 1;
    if (constant_done && activation_done) break;
  }
  CHECK(constant_done && activation_done);
  free(m.data);
}

/* An empty subgraph (no operators, or no tensors at all), and a model with no subgraph. */
static void test_empty_subgraph(void) {
  model_file m = load("testdata/add.bin");
  if (!m.data) return;
  tflc_fb_table sg = subgraph0(&m);
  tflc_fb_vector ops = vector_of(&sg, SUBGRAPH_OPERATORS, 4), tensors = vector_of(&sg, SUBGRAPH_TENSORS, 4);
  rewrite(&m, m.data + ops.pos - 4, 0, "no operators", "graph output 0", "which no operator writes");
  rewrite(&m, m.data + tensors.pos - 4, 0, "no tensors", "input 0", "out of range (0 tensors)");
  tflc_fb_table root = root_of(&m);
  tflc_fb_vector sgs = vector_of(&root, MODEL_SUBGRAPHS, 4);
  rewrite(&m, m.data + sgs.pos - 4, 0, "no subgraphs", "no subgraph");
  free(m.data);
}

/* Opcode index out of range; unknown builtin and custom ops; a version newer than supported. */
static void test_opcodes(void) {
  model_file m = load("hosted/mobilenet_v1_0.25_128_quant.tflite");
  if (!m.data) return;
  tflc_fb_table sg = subgraph0(&m), root = root_of(&m);
  tflc_fb_vector ops = vector_of(&sg, SUBGRAPH_OPERATORS, 4), codes = vector_of(&root, MODEL_OPERATOR_CODES, 4);
  int done = 0;
  for (uint32_t i = 0; i < ops.length && !done; i++) { /* the first operator whose index is in the file */
    tflc_fb_table op = element(&ops, i);
    size_t at = field_at(&op, OP_OPCODE_INDEX);
    if (at == 0) continue;
    char name[32];
    snprintf(name, sizeof name, "operator %u", i);
    rewrite(&m, m.data + at, (int32_t)codes.length, "opcode index = number of codes", name, "opcode index", "out of range");
    rewrite(&m, m.data + at, -1, "opcode index 0xffffffff", name, "opcode index 4294967295");
    done = 1;
  }
  CHECK(done);
  free(m.data);

  /* Rewrite an operator code's fields where the file stores them (old files store only the
     int8 deprecated_builtin_code, newer ones the int32 builtin_code too; defaults are absent). */
  static const char *const models[] = {"testdata/add_quantized_int8.bin", "variants/go/iris.tflite",
                                       "variants/coral/split_concat.tflite",
                                       "variants/coral/tf2_mobilenet_v2_1.0_224_ptq.tflite"};
  int builtin_done = 0, deprecated_done = 0, version_done = 0;
  for (size_t k = 0; k < sizeof models / sizeof models[0]; k++) {
    m = load(models[k]);
    if (!m.data) return;
    root = root_of(&m);
    codes = vector_of(&root, MODEL_OPERATOR_CODES, 4);
    for (uint32_t c = 0; c < codes.length; c++) {
      tflc_fb_table code = element(&codes, c);
      size_t builtin = field_at(&code, OPCODE_BUILTIN), deprecated = field_at(&code, OPCODE_DEPRECATED_BUILTIN);
      size_t version = field_at(&code, OPCODE_VERSION);
      if (builtin && !builtin_done) { /* the effective code is max(deprecated, builtin): clear the old one */
        uint8_t saved = deprecated ? m.data[deprecated] : 0;
        if (deprecated) m.data[deprecated] = 0;
        rewrite(&m, m.data + builtin, 5000, "builtin code 5000", "operator ", "builtin op code 5000 is unknown");
        rewrite(&m, m.data + builtin, 29, "CONCAT_EMBEDDINGS (a kernel tflc lacks)", "operator ", "CONCAT_EMBEDDINGS",
                "not supported");
        if (deprecated) m.data[deprecated] = saved;
        builtin_done = 1;
      }
      if (deprecated && !builtin && !deprecated_done) { /* one byte: 32 = CUSTOM, here without a name */
        uint8_t saved = m.data[deprecated];
        m.data[deprecated] = 32;
        expect_error(&m, "CUSTOM without a name", "custom op", "CUSTOM"); /* refused at create or, as TFLite, allocate */
        m.data[deprecated] = saved;
        deprecated_done = 1;
      }
      if (version && !version_done) {
        rewrite(&m, m.data + version, 99, "version 99", "operator ", "version 99", "newer than tflc supports");
        version_done = 1;
      }
    }
    free(m.data);
  }
  CHECK(builtin_done && deprecated_done && version_done);

  m = load("testdata/custom_sinh.bin"); /* a custom op tflc does not have */
  if (m.data) expect_error(&m, "unknown custom op", "custom op", "Sinh");
  free(m.data);
}

/* Operators run in file order: reading a tensor written later, or one's own output (a cycle). */
static void test_read_order(void) {
  model_file m = load("testdata/multi_add.bin");
  if (!m.data) return;
  tflc_fb_table op0 = operator_of(&m, 0), op1 = operator_of(&m, 1);
  int32_t out0 = get_i32(int_at(&m, &op0, OP_OUTPUTS, 0)), out1 = get_i32(int_at(&m, &op1, OP_OUTPUTS, 0));
  char later[64], own[64];
  snprintf(later, sizeof later, "input 0 is tensor %d", out1);
  snprintf(own, sizeof own, "input 1 is tensor %d", out0);
  rewrite(&m, int_at(&m, &op0, OP_INPUTS, 0), out1, "operator 0 reads operator 1's output", "operator 0 (ADD)", later,
          "which operator 1 (ADD) writes later");
  rewrite(&m, int_at(&m, &op0, OP_INPUTS, 1), out0, "operator 0 reads its own output", "operator 0 (ADD)", own,
          "reads its own output");
  free(m.data);
}

/* Ops asked to write out of bounds: RESHAPE to more elements, SPLIT/CONCATENATION on bad axes. */
static void test_out_of_bounds_ops(void) {
  model_file m = load("hosted/mobilenet_v1_0.25_128_quant.tflite");
  if (!m.data) return;
  int32_t r = find_op(&m, 22 /* RESHAPE */);
  CHECK(r >= 0);
  if (r >= 0) {
    tflc_fb_table op = operator_of(&m, (uint32_t)r), options;
    char name[48];
    snprintf(name, sizeof name, "operator %d (RESHAPE)", r);
    /* new_shape [1, 1001] in the options (and in a constant second input, when present). */
    uint8_t *dim1 = NULL, *const_dim1 = NULL;
    if (tflc_fb_table_field(&op, OP_OPTIONS, &options) == TFLC_FB_OK) dim1 = int_at(&m, &options, 0, 1);
    tflc_fb_vector inputs = vector_of(&op, OP_INPUTS, 4);
    if (inputs.length > 1) {
      tflc_fb_table shape_tensor = tensor_of(&m, (uint32_t)tflc_fb_vector_i32(&inputs, 1)), root = root_of(&m), buffer;
      tflc_fb_vector buffers = vector_of(&root, MODEL_BUFFERS, 4), data;
      buffer = element(&buffers, tflc_fb_u32(&shape_tensor, TENSOR_BUFFER, 0));
      if (tflc_fb_vector_field(&buffer, BUFFER_DATA, 1, &data) == TFLC_FB_OK && data.length >= 8)
        const_dim1 = m.data + data.pos + 4;
    }
    CHECK(dim1 != NULL || const_dim1 != NULL);
    if (dim1) put_i32(dim1, 2002);
    if (const_dim1) put_i32(const_dim1, 2002);
    expect_error(&m, "RESHAPE to twice the elements", name, "2002 elements but the input has 1001");
    if (dim1) put_i32(dim1, -7);
    if (const_dim1) put_i32(const_dim1, -7);
    expect_error(&m, "RESHAPE to a negative dim", name, "-7");
  }
  free(m.data);

  m = load("variants/coral/split_concat.tflite");
  if (!m.data) return;
  int32_t s = find_op(&m, 49 /* SPLIT */), c = find_op(&m, 2 /* CONCATENATION */);
  CHECK(s >= 0 && c >= 0);
  if (s >= 0) { /* SPLIT's axis is a constant input 0 */
    tflc_fb_table op = operator_of(&m, (uint32_t)s), root = root_of(&m);
    tflc_fb_table axis_tensor = tensor_of(&m, (uint32_t)get_i32(int_at(&m, &op, OP_INPUTS, 0)));
    tflc_fb_vector buffers = vector_of(&root, MODEL_BUFFERS, 4), data;
    tflc_fb_table buffer = element(&buffers, tflc_fb_u32(&axis_tensor, TENSOR_BUFFER, 0));
    char name[48];
    snprintf(name, sizeof name, "operator %d (SPLIT)", s);
    if (tflc_fb_vector_field(&buffer, BUFFER_DATA, 1, &data) == TFLC_FB_OK && data.length == 4) {
      rewrite(&m, m.data + data.pos, 9, "SPLIT axis 9", name, "axis", "9");
      rewrite(&m, m.data + data.pos, -100, "SPLIT axis -100", name, "axis", "-100");
    } else {
      CHECK(!"SPLIT's axis is not a 4-byte constant");
    }
  }
  if (c >= 0) { /* CONCATENATION's axis is field 0 of its options */
    tflc_fb_table op = operator_of(&m, (uint32_t)c), options;
    char name[48];
    snprintf(name, sizeof name, "operator %d (CONCATENATION)", c);
    size_t at = tflc_fb_table_field(&op, OP_OPTIONS, &options) == TFLC_FB_OK ? field_at(&options, 0) : 0;
    CHECK(at != 0);
    if (at) rewrite(&m, m.data + at, 17, "CONCATENATION axis 17", name, "axis", "17");
  }
  free(m.data);
}

/* tflc_interpreter_options_set_limits: a real model over a small tensor or arena limit is refused by name. */
static void test_limits(void) {
  char path[4096], err[512];
  snprintf(path, sizeof path, "%s/models/hosted/mobilenet_v1_0.25_128_quant.tflite", test_shared_dir());
  TfLiteModel *model = tflc_model_load_file(path, err, sizeof err);
  CHECK(model != NULL);
  if (model == NULL) return;
  static const struct { size_t tensor, arena; const char *needle; } cases[] = {
      {1024, 0, "UINT8 needs more than 1024 bytes (the tensor limit)"},
      {0, 100000, "(limit 100000)"},
      {0, 0, NULL}, /* the defaults: fine */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    reported rep = {""};
    TfLiteInterpreterOptions *options = TfLiteInterpreterOptionsCreate();
    TfLiteInterpreterOptionsSetErrorReporter(options, remember, &rep);
    tflc_interpreter_options_set_limits(options, cases[i].tensor, cases[i].arena);
    TfLiteInterpreter *in = TfLiteInterpreterCreate(model, options);
    TfLiteInterpreterOptionsDelete(options);
    TfLiteStatus status = in ? TfLiteInterpreterAllocateTensors(in) : kTfLiteError;
    const char *msg = in ? tflc_interpreter_last_error(in) : rep.last;
    int ok = cases[i].needle ? status != kTfLiteOk && strstr(msg, cases[i].needle) != NULL : status == kTfLiteOk;
    printf("%s limits tensor %zu, arena %zu: %s\n", ok ? "ok  " : "FAIL", cases[i].tensor, cases[i].arena,
           msg[0] ? msg : "allocated");
    CHECK(ok);
    TfLiteInterpreterDelete(in);
  }
  TfLiteModelDelete(model);
}

int main(void) {
  test_limits();
  test_tensor_indices();
  test_buffer_size();
  test_dims_overflow();
  test_empty_subgraph();
  test_opcodes();
  test_read_order();
  test_out_of_bounds_ops();
  return TEST_REPORT();
}
