/*
** cmd_convert.c — `tflc convert --dequantize IN.tflite OUT.tflite`: the float twin of a
** quantized model (src/format/dequantize_model.h says what changes; docs/convert.md shows it).
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "format/dequantize_model.h"
#include "format/model.h"

static const char usage[] =
    "usage: tflc convert --dequantize IN.tflite OUT.tflite\n"
    "\n"
    "Writes the float twin of a quantized model: quantized weights and biases dequantized to\n"
    "float32 (per tensor or per channel), every uint8/int8/int16 activation float32 without\n"
    "quantization (so inputs and outputs become float32), QUANTIZE and DEQUANTIZE ops removed,\n"
    "other ops kept with their options at the op version their float form needs in\n"
    "TensorFlow Lite 2.9; where an op's uint8/int8 output range starts at 0 and it has no fused\n"
    "activation, the clamp that range implies becomes a fused RELU6 ([0, 6]) or RELU.\n"
    "Feed the twin the dequantized input of the original: for an input with scale 1/128 and\n"
    "zero point 128, (pixel - 128) / 128. Fails, naming the op, where an\n"
    "op has no float form (custom ops other than TFLite_Detection_PostProcess, for example).\n"
    "Metadata and signatures are not carried over. See docs/convert.md.\n";

/* Writes size bytes to path (replacing it); returns 0, or 1 after printing why. */
static int write_file(const char *path, const uint8_t *bytes, size_t size) {
  FILE *f = fopen(path, "wb");
  if (f == NULL) return cli_error("cannot create %s: %s", path, strerror(errno));
  size_t written = fwrite(bytes, 1, size, f);
  int closed = fclose(f);
  if (written != size || closed != 0) return cli_error("cannot write %s: %s", path, strerror(errno));
  return 0;
}

/* Reads, verifies and converts IN, then writes OUT. */
static int convert_file(const char *in_path, const char *out_path) {
  char err[512];
  size_t in_size = 0;
  uint8_t *in_bytes = cli_read_file(in_path, &in_size, err, sizeof err);
  if (in_bytes == NULL) return cli_error("%s", err);
  tflc_model model;
  if (tflc_model_parse(in_bytes, in_size, &model, err, sizeof err) != kTfLiteOk) {
    free(in_bytes);
    return cli_error("%s: %s", in_path, err);
  }
  uint8_t *out_bytes = NULL;
  size_t out_size = 0;
  tflc_dequantize_stats stats;
  int rc = 0;
  if (tflc_dequantize_model(&model, &out_bytes, &out_size, &stats, err, sizeof err) != kTfLiteOk)
    rc = cli_error("%s: cannot convert: %s", in_path, err);
  else
    rc = write_file(out_path, out_bytes, out_size);
  if (rc == 0)
    printf("%s: %d constants dequantized, %d activations made float32, %d QUANTIZE/DEQUANTIZE ops removed, "
           "%d ops kept, %d implied RELU/RELU6 fused (%zu bytes)\n",
           out_path, (int)stats.constants_dequantized, (int)stats.activations_floated, (int)stats.ops_dropped,
           (int)stats.ops_kept, (int)stats.activations_fused, out_size);
  free(out_bytes);
  tflc_model_free(&model);
  free(in_bytes);
  return rc;
}

int tflc_cmd_convert(int argc, char **argv) {
  if (cli_wants_help(argc, argv)) return fputs(usage, stdout), 0;
  const char *paths[2] = {NULL, NULL};
  int npaths = 0, dequantize = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--dequantize") == 0) dequantize = 1;
    else if (argv[i][0] == '-' && argv[i][1] != 0) return cli_error("unknown option '%s' (see tflc convert --help)", argv[i]);
    else if (npaths < 2) paths[npaths++] = argv[i];
    else return cli_error("unexpected argument '%s'", argv[i]);
  }
  if (!dequantize) return cli_error("expected --dequantize (the only conversion tflc makes; see tflc convert --help)");
  if (npaths != 2) return cli_error("expected IN.tflite and OUT.tflite (see tflc convert --help)");
  return convert_file(paths[0], paths[1]);
}
