/*
** c_api_types.h — the types shared by the TensorFlow Lite C API and tflc.
**
** Names and numeric values follow TensorFlow Lite 2.9 exactly, so programs written
** against TFLite's headers compile and link against tflc unchanged.
*/
#ifndef TENSORFLOW_LITE_C_C_API_TYPES_H_
#define TENSORFLOW_LITE_C_C_API_TYPES_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef TFL_CAPI_EXPORT
#if defined(_WIN32)
#define TFL_CAPI_EXPORT __declspec(dllexport)
#else
#define TFL_CAPI_EXPORT __attribute__((visibility("default")))
#endif
#endif

/* Result of every API call that can fail. More values may be added. */
typedef enum TfLiteStatus {
  kTfLiteOk = 0,
  kTfLiteError = 1,            /* generic runtime error */
  kTfLiteDelegateError = 2,
  kTfLiteApplicationError = 3, /* the caller misused the API */
  kTfLiteDelegateDataNotFound = 4,
  kTfLiteDelegateDataWriteError = 5,
  kTfLiteDelegateDataReadError = 6,
  kTfLiteUnresolvedOps = 7,    /* the model uses ops this runtime lacks */
  kTfLiteCancelled = 8,
} TfLiteStatus;

/* Element types. Not the schema's TensorType numbering: see src/format/model.c. */
typedef enum {
  kTfLiteNoType = 0,
  kTfLiteFloat32 = 1,
  kTfLiteInt32 = 2,
  kTfLiteUInt8 = 3,
  kTfLiteInt64 = 4,
  kTfLiteString = 5,
  kTfLiteBool = 6,
  kTfLiteInt16 = 7,
  kTfLiteComplex64 = 8,
  kTfLiteInt8 = 9,
  kTfLiteFloat16 = 10,
  kTfLiteFloat64 = 11,
  kTfLiteComplex128 = 12,
  kTfLiteUInt64 = 13,
  kTfLiteResource = 14,
  kTfLiteVariant = 15,
  kTfLiteUInt32 = 16,
  kTfLiteUInt16 = 17,
  kTfLiteInt4 = 18,
} TfLiteType;

/* Legacy per-tensor quantization: real = scale * (q - zero_point). */
typedef struct TfLiteQuantizationParams {
  float scale;
  int32_t zero_point;
} TfLiteQuantizationParams;

typedef struct TfLiteModel TfLiteModel;
typedef struct TfLiteInterpreterOptions TfLiteInterpreterOptions;
typedef struct TfLiteInterpreter TfLiteInterpreter;
typedef struct TfLiteTensor TfLiteTensor;
typedef struct TfLiteDelegate TfLiteDelegate;

#ifdef __cplusplus
}
#endif
#endif /* TENSORFLOW_LITE_C_C_API_TYPES_H_ */
