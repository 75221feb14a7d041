/*
** classifier_topk.c — top-K selection over scores. Kept apart from classifier.c so it
** can be linked (and tested) without the interpreter.
*/
#include <math.h>

#include "tasks/classifier.h"

/* Ordering key: NaN sorts below every number, including -inf. */
static int better(float sa, int ia, float sb, int ib) {
  int na = isnan(sa), nb = isnan(sb);
  if (na != nb) return nb;
  if (!na && sa != sb) return sa > sb;
  return ia < ib;
}

int tflc_scores_top_k(const float *scores, int n, int k, tflc_class *out) {
  if (scores == NULL || out == NULL || n <= 0 || k <= 0) return 0;
  int count = 0;
  for (int i = 0; i < n; i++) {
    float s = scores[i];
    /* Indices rise, so a score equal to the worst kept one loses: the list is full. */
    if (count == k && !better(s, i, out[k - 1].score, out[k - 1].index)) continue;
    int pos = count < k ? count++ : k - 1;
    while (pos > 0 && better(s, i, out[pos - 1].score, out[pos - 1].index)) {
      out[pos] = out[pos - 1];
      pos--;
    }
    out[pos].index = i;
    out[pos].score = s;
  }
  return count;
}
