/* cmd_classify.c — placeholder until the classifier task lands (see tasks/classifier.h). */
#include "cli.h"
int tflc_cmd_classify(int argc, char **argv) {
  (void)argc, (void)argv;
  return cli_error("classify is not built yet");
}
