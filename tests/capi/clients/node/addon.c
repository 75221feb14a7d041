/*
** addon.c — a Node.js addon (N-API, plain C) over TensorFlow Lite's C API, built by node-gyp
** against an installed tflc (binding.gyp) the way a Node binding for libtensorflowlite_c is.
** Exports:
**   version()                   TfLiteVersion()
**   run(modelPath, [Buffer...]) loads the model, copies buffer K into input tensor K, invokes, and
**                               returns a copy of every output tensor as a Buffer.
** Errors are thrown as JavaScript exceptions naming the call that failed.
*/
#include <node_api.h>
#include <stdio.h>
#include <stdlib.h>

#include "tensorflow/lite/c/c_api.h"

/* Throws "message" unless an exception is already pending; returns NULL for the caller to return. */
static napi_value throw_error(napi_env env, const char *message) {
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (!pending) napi_throw_error(env, NULL, message);
  return NULL;
}

static napi_value version(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  if (napi_create_string_utf8(env, TfLiteVersion(), NAPI_AUTO_LENGTH, &result) != napi_ok)
    return throw_error(env, "cannot create the version string");
  return result;
}

/* Copies the JS inputs into the interpreter's input tensors; NULL on success, else a message. */
static const char *set_inputs(napi_env env, napi_value inputs, TfLiteInterpreter *interpreter) {
  uint32_t count = 0;
  if (napi_get_array_length(env, inputs, &count) != napi_ok) return "inputs must be an array of Buffers";
  if ((int32_t)count != TfLiteInterpreterGetInputTensorCount(interpreter)) return "one Buffer per model input is needed";
  for (uint32_t k = 0; k < count; k++) {
    napi_value element;
    void *data = NULL;
    size_t size = 0;
    if (napi_get_element(env, inputs, k, &element) != napi_ok ||
        napi_get_buffer_info(env, element, &data, &size) != napi_ok)
      return "inputs must be an array of Buffers";
    if (TfLiteTensorCopyFromBuffer(TfLiteInterpreterGetInputTensor(interpreter, (int32_t)k), data, size) != kTfLiteOk)
      return "TfLiteTensorCopyFromBuffer failed (input size differs from the tensor's)";
  }
  return NULL;
}

/* Returns a JS array holding a copy of every output tensor; NULL (exception pending) on failure. */
static napi_value get_outputs(napi_env env, const TfLiteInterpreter *interpreter) {
  napi_value outputs;
  int32_t count = TfLiteInterpreterGetOutputTensorCount(interpreter);
  if (napi_create_array_with_length(env, (size_t)count, &outputs) != napi_ok) return NULL;
  for (int32_t k = 0; k < count; k++) {
    const TfLiteTensor *tensor = TfLiteInterpreterGetOutputTensor(interpreter, k);
    napi_value buffer;
    if (napi_create_buffer_copy(env, TfLiteTensorByteSize(tensor), TfLiteTensorData(tensor), NULL, &buffer) != napi_ok ||
        napi_set_element(env, outputs, (uint32_t)k, buffer) != napi_ok)
      return NULL;
  }
  return outputs;
}

static napi_value run(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  char path[4096];
  size_t path_length = 0;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 2 ||
      napi_get_value_string_utf8(env, argv[0], path, sizeof path, &path_length) != napi_ok)
    return throw_error(env, "usage: run(modelPath, [Buffer...])");
  if (path_length + 1 >= sizeof path) return throw_error(env, "run: the model path is too long");
  TfLiteModel *model = TfLiteModelCreateFromFile(path);
  TfLiteInterpreterOptions *options = TfLiteInterpreterOptionsCreate();
  TfLiteInterpreterOptionsSetNumThreads(options, 2);
  TfLiteInterpreter *interpreter = model != NULL ? TfLiteInterpreterCreate(model, options) : NULL;
  const char *error = NULL;
  napi_value outputs = NULL;
  if (model == NULL) error = "TfLiteModelCreateFromFile failed";
  else if (interpreter == NULL) error = "TfLiteInterpreterCreate failed";
  else if (TfLiteInterpreterAllocateTensors(interpreter) != kTfLiteOk) error = "TfLiteInterpreterAllocateTensors failed";
  if (error == NULL) error = set_inputs(env, argv[1], interpreter);
  if (error == NULL && TfLiteInterpreterInvoke(interpreter) != kTfLiteOk) error = "TfLiteInterpreterInvoke failed";
  if (error == NULL && (outputs = get_outputs(env, interpreter)) == NULL) error = "cannot copy the outputs";
  TfLiteInterpreterDelete(interpreter);
  TfLiteInterpreterOptionsDelete(options);
  TfLiteModelDelete(model);
  if (error != NULL) {
    char message[4200];
    snprintf(message, sizeof message, "%s: %s", path, error);
    return throw_error(env, message);
  }
  return outputs;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor properties[] = {
      {"version", NULL, version, NULL, NULL, NULL, napi_default, NULL},
      {"run", NULL, run, NULL, NULL, NULL, napi_default, NULL},
  };
  if (napi_define_properties(env, exports, sizeof properties / sizeof properties[0], properties) != napi_ok)
    return throw_error(env, "cannot define the addon's functions");
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
