/*
** xnnpack_delegate.c — TfLiteXNNPackDelegate* for programs written for TFLite 2.9: a delegate that
** looks at the graph and takes nothing, since tflc's kernels run every operator (see the header).
*/
#include <stdlib.h>
#include <string.h>

#include "tensorflow/lite/delegates/xnnpack/xnnpack_delegate.h"

typedef struct xnnpack_delegate {
  TfLiteDelegate delegate; /* first: the pointer handed out is this struct's */
  TfLiteXNNPackDelegateOptions options;
} xnnpack_delegate;

/* Keeps every operator on tflc's kernels: replaces an empty set of nodes, as a delegate that supports none. */
static TfLiteStatus take_nothing(TfLiteContext *context, TfLiteDelegate *delegate) {
  (void)context, (void)delegate;
  return kTfLiteOk;
}

TFL_CAPI_EXPORT TfLiteXNNPackDelegateOptions TfLiteXNNPackDelegateOptionsDefault(void) {
  TfLiteXNNPackDelegateOptions options = {0, 0};
  return options;
}

TFL_CAPI_EXPORT TfLiteDelegate *TfLiteXNNPackDelegateCreate(const TfLiteXNNPackDelegateOptions *options) {
  xnnpack_delegate *d = calloc(1, sizeof *d);
  if (d == NULL) return NULL;
  d->delegate = TfLiteDelegateCreate();
  d->delegate.data_ = d;
  d->delegate.Prepare = take_nothing;
  d->options = options ? *options : TfLiteXNNPackDelegateOptionsDefault();
  return &d->delegate;
}

TFL_CAPI_EXPORT void *TfLiteXNNPackDelegateGetThreadPool(TfLiteDelegate *delegate) {
  (void)delegate;
  return NULL;
}

TFL_CAPI_EXPORT void TfLiteXNNPackDelegateDelete(TfLiteDelegate *delegate) {
  if (delegate != NULL) free(delegate->data_);
}
