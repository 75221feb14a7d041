/*
** c_api.c — the TensorFlow Lite C API entry points that are not the interpreter itself:
** models, options, tensor accessors and the small array helpers of common.h.
*/
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/interpreter.h"
#include "runtime/string_tensor.h"
#include "tflc/runtime.h"

TFL_CAPI_EXPORT const char *TfLiteVersion(void) { return "2.9.0"; }
TFL_CAPI_EXPORT int TfLiteSchemaVersion(void) { return 3; }

/* ---- Models ---- */

static void report_error(TfLiteErrorReporterFn reporter, void *data, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  if (reporter) reporter(data, fmt, ap);
  else tflc_report_to_stderr(NULL, fmt, ap);
  va_end(ap);
}

static TfLiteModel *model_from_bytes(const void *data, size_t size, void *mapping, char *err, size_t errlen) {
  TfLiteModel *model = calloc(1, sizeof *model);
  if (model == NULL) {
    snprintf(err, errlen, "out of memory");
    return NULL;
  }
  if (tflc_model_parse(data, size, &model->parsed, err, errlen) != kTfLiteOk) {
    free(model);
    return NULL;
  }
  model->mapping = mapping;
  model->mapping_size = size;
  atomic_init(&model->refcount, 1);
  return model;
}

TFL_CAPI_EXPORT TfLiteModel *tflc_model_load_memory(const void *data, size_t size, char *err, size_t errlen) {
  return model_from_bytes(data, size, NULL, err, errlen);
}

TFL_CAPI_EXPORT TfLiteModel *tflc_model_load_file(const char *path, char *err, size_t errlen) {
  if (path == NULL) {
    snprintf(err, errlen, "no model path given");
    return NULL;
  }
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
    return NULL;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    snprintf(err, errlen, "%s is not a regular file", path);
    close(fd);
    return NULL;
  }
  size_t size = (size_t)st.st_size;
  void *map = size ? mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0) : NULL;
  close(fd);
  if (size == 0 || map == MAP_FAILED) {
    snprintf(err, errlen, size == 0 ? "%s is empty" : "cannot map %s", path);
    return NULL;
  }
  char inner[512];
  TfLiteModel *model = model_from_bytes(map, size, map, inner, sizeof inner);
  if (model == NULL) {
    snprintf(err, errlen, "%s: %s", path, inner);
    munmap(map, size);
  }
  return model;
}

TFL_CAPI_EXPORT TfLiteModel *TfLiteModelCreateWithErrorReporter(const void *data, size_t size,
                                                                 TfLiteErrorReporterFn reporter, void *user_data) {
  char err[512];
  TfLiteModel *model = tflc_model_load_memory(data, size, err, sizeof err);
  if (model == NULL) report_error(reporter, user_data, "%s", err);
  return model;
}

TFL_CAPI_EXPORT TfLiteModel *TfLiteModelCreate(const void *data, size_t size) {
  return TfLiteModelCreateWithErrorReporter(data, size, NULL, NULL);
}

TFL_CAPI_EXPORT TfLiteModel *TfLiteModelCreateFromFileWithErrorReporter(const char *path, TfLiteErrorReporterFn reporter,
                                                                         void *user_data) {
  char err[768];
  TfLiteModel *model = tflc_model_load_file(path, err, sizeof err);
  if (model == NULL) report_error(reporter, user_data, "%s", err);
  return model;
}

TFL_CAPI_EXPORT TfLiteModel *TfLiteModelCreateFromFile(const char *path) {
  return TfLiteModelCreateFromFileWithErrorReporter(path, NULL, NULL);
}

TFL_CAPI_EXPORT void TfLiteModelDelete(TfLiteModel *model) {
  if (model == NULL || atomic_fetch_sub(&model->refcount, 1) != 1) return;
  tflc_model_free(&model->parsed);
  if (model->mapping) munmap(model->mapping, model->mapping_size);
  free(model);
}

/* ---- Options ---- */

TFL_CAPI_EXPORT TfLiteInterpreterOptions *TfLiteInterpreterOptionsCreate(void) {
  TfLiteInterpreterOptions *o = calloc(1, sizeof *o);
  if (o) o->num_threads = 1;
  return o;
}

TFL_CAPI_EXPORT void TfLiteInterpreterOptionsDelete(TfLiteInterpreterOptions *options) {
  if (options) tflc_capi_options_release(&options->capi); /* registrations (registration.c) */
  free(options);
}

TFL_CAPI_EXPORT void TfLiteInterpreterOptionsSetNumThreads(TfLiteInterpreterOptions *options, int32_t num_threads) {
  if (options == NULL) return;
  if (num_threads <= 0) {
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    num_threads = cores > 0 ? (int32_t)cores : 1;
  }
  options->num_threads = num_threads;
}

TFL_CAPI_EXPORT void TfLiteInterpreterOptionsSetErrorReporter(TfLiteInterpreterOptions *options,
                                                              TfLiteErrorReporterFn reporter, void *user_data) {
  if (options == NULL) return;
  options->reporter = reporter;
  options->reporter_data = user_data;
}

TFL_CAPI_EXPORT void tflc_interpreter_options_set_limits(TfLiteInterpreterOptions *options, size_t max_tensor_bytes,
                                                         size_t max_arena_bytes) {
  if (options == NULL) return;
  options->max_tensor_bytes = max_tensor_bytes;
  options->max_arena_bytes = max_arena_bytes;
}

TFL_CAPI_EXPORT void tflc_interpreter_options_set_reference_kernels(TfLiteInterpreterOptions *options, int enable) {
  if (options == NULL) return;
  options->use_reference_kernels = enable != 0;
}

/* ---- Interpreter accessors ---- */

TFL_CAPI_EXPORT int32_t TfLiteInterpreterGetInputTensorCount(const TfLiteInterpreter *in) {
  return in ? in->subgraph->ninputs : 0;
}

TFL_CAPI_EXPORT int32_t TfLiteInterpreterGetOutputTensorCount(const TfLiteInterpreter *in) {
  return in ? in->subgraph->noutputs : 0;
}

TFL_CAPI_EXPORT TfLiteTensor *TfLiteInterpreterGetInputTensor(const TfLiteInterpreter *in, int32_t index) {
  if (in == NULL || index < 0 || index >= in->subgraph->ninputs) return NULL;
  return &in->tensors[in->subgraph->inputs[index]];
}

TFL_CAPI_EXPORT const TfLiteTensor *TfLiteInterpreterGetOutputTensor(const TfLiteInterpreter *in, int32_t index) {
  if (in == NULL || index < 0 || index >= in->subgraph->noutputs) return NULL;
  return &in->tensors[in->subgraph->outputs[index]];
}

TFL_CAPI_EXPORT const char *tflc_interpreter_last_error(const TfLiteInterpreter *in) { return in ? in->error : ""; }

TFL_CAPI_EXPORT size_t tflc_interpreter_arena_bytes(const TfLiteInterpreter *in) {
  return in && in->prepared ? in->arena_size : 0;
}

/* ---- Tensors ---- */

TFL_CAPI_EXPORT TfLiteType TfLiteTensorType(const TfLiteTensor *t) { return t ? t->type : kTfLiteNoType; }
TFL_CAPI_EXPORT int32_t TfLiteTensorNumDims(const TfLiteTensor *t) { return t && t->dims ? t->dims->size : -1; }
TFL_CAPI_EXPORT int32_t TfLiteTensorDim(const TfLiteTensor *t, int32_t i) {
  return t && t->dims && i >= 0 && i < t->dims->size ? t->dims->data[i] : -1;
}
TFL_CAPI_EXPORT size_t TfLiteTensorByteSize(const TfLiteTensor *t) { return t ? t->bytes : 0; }
TFL_CAPI_EXPORT void *TfLiteTensorData(const TfLiteTensor *t) { return t ? t->data.data : NULL; }
TFL_CAPI_EXPORT const char *TfLiteTensorName(const TfLiteTensor *t) { return t ? t->name : NULL; }
TFL_CAPI_EXPORT TfLiteQuantizationParams TfLiteTensorQuantizationParams(const TfLiteTensor *t) {
  TfLiteQuantizationParams none = {0.0f, 0};
  return t ? t->params : none;
}

TFL_CAPI_EXPORT TfLiteStatus TfLiteTensorCopyFromBuffer(TfLiteTensor *t, const void *data, size_t size) {
  /* A string tensor takes any valid string buffer of its element count (runtime/string_tensor.h). */
  if (t != NULL && t->type == kTfLiteString && t->allocation_type == kTfLiteDynamic)
    return tflc_string_tensor_set(t, data, size);
  if (t == NULL || t->data.data == NULL || size != t->bytes || (size > 0 && data == NULL)) return kTfLiteError;
  if (t->allocation_type == kTfLiteMmapRo || t->allocation_type == kTfLitePersistentRo) return kTfLiteError;
  if (size) memcpy(t->data.data, data, size);
  return kTfLiteOk;
}

TFL_CAPI_EXPORT TfLiteStatus TfLiteTensorCopyToBuffer(const TfLiteTensor *t, void *data, size_t size) {
  if (t == NULL || t->data.data == NULL || size != t->bytes || (size > 0 && data == NULL)) return kTfLiteError;
  if (size) memcpy(data, t->data.data, size);
  return kTfLiteOk;
}

/* ---- common.h helpers ---- */

TFL_CAPI_EXPORT size_t TfLiteIntArrayGetSizeInBytes(int size) {
  return sizeof(TfLiteIntArray) + sizeof(int) * (size_t)(size > 0 ? size : 0);
}

TFL_CAPI_EXPORT TfLiteIntArray *TfLiteIntArrayCreate(int size) {
  if (size < 0 || size > (1 << 24)) return NULL;
  TfLiteIntArray *a = malloc(TfLiteIntArrayGetSizeInBytes(size));
  if (a) a->size = size;
  return a;
}

TFL_CAPI_EXPORT int TfLiteIntArrayEqualsArray(const TfLiteIntArray *a, int b_size, const int b_data[]) {
  if (a == NULL) return b_size == 0;
  if (a->size != b_size) return 0;
  for (int i = 0; i < b_size; i++)
    if (a->data[i] != b_data[i]) return 0;
  return 1;
}

TFL_CAPI_EXPORT int TfLiteIntArrayEqual(const TfLiteIntArray *a, const TfLiteIntArray *b) {
  if (a == b) return 1;
  if (a == NULL || b == NULL) return 0;
  return TfLiteIntArrayEqualsArray(a, b->size, b->data);
}

TFL_CAPI_EXPORT TfLiteIntArray *TfLiteIntArrayCopy(const TfLiteIntArray *src) {
  if (src == NULL) return NULL;
  TfLiteIntArray *a = TfLiteIntArrayCreate(src->size);
  if (a) memcpy(a->data, src->data, sizeof(int) * (size_t)src->size);
  return a;
}

TFL_CAPI_EXPORT void TfLiteIntArrayFree(TfLiteIntArray *a) { free(a); }

TFL_CAPI_EXPORT int TfLiteFloatArrayGetSizeInBytes(int size) {
  return (int)(sizeof(TfLiteFloatArray) + sizeof(float) * (size_t)(size > 0 ? size : 0));
}

TFL_CAPI_EXPORT TfLiteFloatArray *TfLiteFloatArrayCreate(int size) {
  if (size < 0 || size > (1 << 24)) return NULL;
  TfLiteFloatArray *a = malloc((size_t)TfLiteFloatArrayGetSizeInBytes(size));
  if (a) a->size = size;
  return a;
}

TFL_CAPI_EXPORT void TfLiteFloatArrayFree(TfLiteFloatArray *a) { free(a); }

TFL_CAPI_EXPORT const char *TfLiteTypeGetName(TfLiteType type) {
  switch (type) {
    case kTfLiteNoType: return "NOTYPE";
    case kTfLiteFloat32: return "FLOAT32";
    case kTfLiteInt32: return "INT32";
    case kTfLiteUInt8: return "UINT8";
    case kTfLiteInt64: return "INT64";
    case kTfLiteString: return "STRING";
    case kTfLiteBool: return "BOOL";
    case kTfLiteInt16: return "INT16";
    case kTfLiteComplex64: return "COMPLEX64";
    case kTfLiteInt8: return "INT8";
    case kTfLiteFloat16: return "FLOAT16";
    case kTfLiteFloat64: return "FLOAT64";
    case kTfLiteComplex128: return "COMPLEX128";
    case kTfLiteUInt64: return "UINT64";
    case kTfLiteResource: return "RESOURCE";
    case kTfLiteVariant: return "VARIANT";
    case kTfLiteUInt32: return "UINT32";
    case kTfLiteUInt16: return "UINT16";
    case kTfLiteInt4: return "INT4";
  }
  return "Unknown type";
}
