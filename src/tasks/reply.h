/*
** reply.h — Smart Reply: suggested replies to a message, as TensorFlow Lite's
** models/smartreply/predictor.cc computes them.
**
** The message is split into segments at punctuation followed by whitespace (SplitSentence:
** "([?.!,])+" -> " \1", "([?.!,])+\s+" -> "\1<TAB>", "[ ]+" -> " ", "\t+$" -> "", split at tabs).
** Each segment is fed to the model (one string in; outputs 0 and 1: response strings and their
** float confidences); the confidences of each non-empty response are summed over segments. The
** responses are ranked by score, best first (equal scores: by text), and when fewer than
** num_response came out, the backoff responses follow in order with backoff_confidence until
** there are num_response.
*/
#ifndef TFLC_TASKS_REPLY_H_
#define TFLC_TASKS_REPLY_H_

#include <stddef.h>

#include "tensorflow/lite/c/c_api.h"

#define TFLC_REPLY_DEFAULT_NUM_RESPONSE 10
#define TFLC_REPLY_DEFAULT_BACKOFF_CONFIDENCE 1e-4f

typedef struct tflc_reply {
  char *text;
  float score;
  int is_backoff; /* 1 for a backoff response */
} tflc_reply;

typedef struct tflc_replies {
  tflc_reply *items;
  size_t count;
} tflc_replies;

/* SplitSentence: the message's segments (free with tflc_reply_segments_free). Returns 0 or -1 (no memory). */
int tflc_reply_split(const char *message, char ***segments, size_t *count);
void tflc_reply_segments_free(char **segments, size_t count);

/*
** Runs the allocated interpreter on every segment of message and ranks the responses, then adds
** backoff responses up to num_response. Returns 0, or -1 with a message in err; *out is empty on
** failure. Free with tflc_replies_free.
*/
int tflc_reply_predict(TfLiteInterpreter *interpreter, const char *message, const char *const *backoff,
                       size_t nbackoff, size_t num_response, float backoff_confidence, tflc_replies *out, char *err,
                       size_t errlen);
void tflc_replies_free(tflc_replies *replies);

#endif /* TFLC_TASKS_REPLY_H_ */
