/*
** dequantize_model.h — the float twin of a quantized .tflite model (`tflc convert --dequantize`).
**
** The twin computes in float32 what the quantized model approximates:
**  - constant tensors with quantization (uint8, int8, int16 weights; int32/int64 biases) become
**    float32 constants real = scale[c] * (q - zero_point[c]), per tensor or per channel along
**    the quantized dimension; float16 constants become float32;
**  - every uint8/int8/int16 activation tensor with quantization becomes float32 without it,
**    so the model's inputs and outputs become float32 as well;
**  - QUANTIZE and DEQUANTIZE ops are dropped (in the twin they map float to float); their
**    consumers read the dropped op's input instead (or, when the output is a model output,
**    the producer of the input writes that output);
**  - every other op keeps its options (copied field by field) and gets the op version
**    TensorFlow Lite 2.9 needs for its float form; custom ops with float semantics
**    (TFLite_Detection_PostProcess) keep their custom options;
**  - one implicit clamp is kept: an op with a fused activation field set to NONE whose uint8/
**    int8 output range starts at exactly 0 clamps at 0 all the same (converters drop RELU6 when
**    the range is [0, 6]); the twin fuses RELU6 (range [0, 6] within one step) or RELU there.
** Everything else only quantized kernels imply (LOGISTIC's and SOFTMAX's fixed output scales,
** saturation at the top of an output's range) simply disappears.
**
** The twin's float input is the dequantized quantized input: for an input with scale 1/128
** and zero point 128, feed (pixel - 128) / 128 to the twin where the original takes pixel.
**
** Ops none of whose tensors change (int32 index arithmetic, float ops of hybrid models, custom
** ops on float tensors) are kept as they are.
**
** Not converted (the call fails with a message naming the op or tensor): models with more
** than one subgraph; ops the conversion has no float rule for (LSTMs, ...) or tflc has no
** float32 kernel for; CAST of quantized values; custom ops on quantized tensors other than
** TFLite_Detection_PostProcess; sparse tensors; BuiltinOptions2. Metadata, signatures and
** shape signatures are not carried over.
*/
#ifndef TFLC_FORMAT_DEQUANTIZE_MODEL_H_
#define TFLC_FORMAT_DEQUANTIZE_MODEL_H_

#include <stddef.h>
#include <stdint.h>

#include "format/model.h"
#include "tensorflow/lite/c/common.h"

/* What a conversion did, for the command to report. */
typedef struct tflc_dequantize_stats {
  int32_t constants_dequantized; /* constant tensors turned into float32 */
  int32_t activations_floated;   /* activation tensors turned into float32 */
  int32_t ops_dropped;           /* QUANTIZE / DEQUANTIZE ops removed */
  int32_t ops_kept;
  int32_t activations_fused;     /* RELU/RELU6 the output quantization implied, made explicit */
} tflc_dequantize_stats;

/*
** Builds the float twin of a parsed (verified) model. On success *out holds *size bytes of a
** new .tflite file that the caller frees with free(); stats (may be NULL) says what changed.
** On failure returns kTfLiteError, *out = NULL, and err (errlen bytes) names the op or
** tensor that cannot be converted.
*/
TfLiteStatus tflc_dequantize_model(const tflc_model *model, uint8_t **out, size_t *size, tflc_dequantize_stats *stats,
                                   char *err, size_t errlen);

#endif /* TFLC_FORMAT_DEQUANTIZE_MODEL_H_ */
