/*
** cmd_reply.c — `tflc reply MODEL "message"`: Smart Reply's suggested replies with their scores
** (src/tasks/reply.h, after TensorFlow Lite's smartreply/predictor.cc), followed by backoff
** responses from --backoff FILE (one per line, empty lines skipped) when the model suggests fewer
** than --num (default 10), each with confidence 1e-4, as the demo app does.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tasks/labels.h"
#include "tasks/reply.h"

static const char usage[] =
    "usage: tflc reply MODEL MESSAGE [--backoff FILE] [--num N]\n"
    "\n"
    "Suggests replies to MESSAGE with a Smart Reply model (string in; responses and confidences\n"
    "out), one per line as \"SCORE<TAB>REPLY\", best first. Backoff responses (from FILE, one per\n"
    "line) fill the list up to N (default 10) with score 0.0001 and \"<TAB>(backoff)\" appended.\n";

typedef struct reply_args {
  const char *model, *message, *backoff;
  int num;
} reply_args;

/* Parses the arguments; 0, or 1 after printing why. */
static int parse_args(int argc, char **argv, reply_args *a) {
  *a = (reply_args){.num = TFLC_REPLY_DEFAULT_NUM_RESPONSE};
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--backoff") == 0 && i + 1 < argc) {
      a->backoff = argv[++i];
    } else if (strcmp(argv[i], "--num") == 0 && i + 1 < argc) {
      if (cli_parse_int(argv[++i], 1, 1000000, &a->num) != 0) return cli_error("--num expects a number from 1 to 1000000");
    } else if (strncmp(argv[i], "--", 2) == 0) {
      return cli_error("unknown option %s\n%s", argv[i], usage);
    } else if (a->model == NULL) {
      a->model = argv[i];
    } else if (a->message == NULL) {
      a->message = argv[i];
    } else {
      return cli_error("unexpected argument %s\n%s", argv[i], usage);
    }
  }
  if (a->model == NULL || a->message == NULL) return cli_error("expects MODEL and MESSAGE\n%s", usage);
  return 0;
}

/* The non-empty lines of the backoff file as a list (pointing into labels); NULL on no memory. */
static const char **backoff_list(const tflc_labels *labels, size_t *count) {
  const char **list = malloc(((size_t)labels->count + 1) * sizeof *list);
  *count = 0;
  for (int i = 0; list != NULL && i < labels->count; i++)
    if (labels->items[i][0] != 0) list[(*count)++] = labels->items[i];
  return list;
}

int tflc_cmd_reply(int argc, char **argv) {
  if (cli_wants_help(argc, argv)) return fputs(usage, stdout), 0;
  reply_args a;
  if (parse_args(argc, argv, &a) != 0) return 1;
  char err[1024];
  tflc_labels labels = {0};
  if (a.backoff != NULL && tflc_labels_load_file(a.backoff, &labels, err, sizeof err) != 0)
    return cli_error("%s", err);
  size_t nbackoff = 0;
  const char **backoff = backoff_list(&labels, &nbackoff);
  TfLiteModel *model = backoff ? cli_load_model(a.model, err, sizeof err) : NULL;
  cli_messages messages;
  TfLiteInterpreter *in = model ? cli_make_interpreter(model, 1, &messages) : NULL;
  int status = 1;
  tflc_replies replies = {0};
  if (backoff == NULL) {
    cli_error("out of memory");
  } else if (model == NULL) {
    cli_error("%s", err);
  } else if (in != NULL) {
    if (tflc_reply_predict(in, a.message, backoff, nbackoff, (size_t)a.num, TFLC_REPLY_DEFAULT_BACKOFF_CONFIDENCE,
                           &replies, err, sizeof err) != 0) {
      cli_error("%s", err);
    } else {
      for (size_t i = 0; i < replies.count; i++)
        printf("%.6f\t%s%s\n", (double)replies.items[i].score, replies.items[i].text,
               replies.items[i].is_backoff ? "\t(backoff)" : "");
      if (replies.count == 0) fprintf(stderr, "tflc: the model suggested no reply (backoff responses come from --backoff FILE)\n");
      status = 0;
    }
  }
  tflc_replies_free(&replies);
  TfLiteInterpreterDelete(in);
  TfLiteModelDelete(model);
  free(backoff);
  tflc_labels_free(&labels);
  return status;
}
