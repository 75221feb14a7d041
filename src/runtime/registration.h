/*
** registration.h — the C API's operator registrations, delegates and cancellation, as the
** interpreter sees them (implementation in registration.c, c_api_experimental.c).
**
** A TfLiteRegistration given through the options becomes the kernel of every node it resolves:
** an adapter kernel (tflc_registration_kernel) presents each such node to the registration as a
** TfLiteNode with a TfLiteContext, and calls init/prepare/invoke/free as TFLite does.
*/
#ifndef TFLC_RUNTIME_REGISTRATION_H_
#define TFLC_RUNTIME_REGISTRATION_H_

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "tensorflow/lite/builtin_ops.h"
#include "tensorflow/lite/c/common.h"

typedef struct TfLiteInterpreter TfLiteInterpreter;
typedef struct TfLiteInterpreterOptions TfLiteInterpreterOptions;
struct tflc_node;

/* One AddBuiltinOp / AddCustomOp call. */
typedef struct tflc_op_registration {
  int32_t builtin_code;          /* kTfLiteBuiltinCustom for a custom op */
  char *custom_name;             /* owned copy; NULL for a builtin */
  TfLiteRegistration registration;
  int32_t min_version, max_version;
} tflc_op_registration;

/* The part of TfLiteInterpreterOptions the C API's experimental functions set. */
typedef struct tflc_capi_options {
  tflc_op_registration *ops;     /* owned */
  int32_t nops, capacity;
  const TfLiteRegistration *(*find_builtin_op)(void *user_data, TfLiteBuiltinOperator op, int version);
  const TfLiteRegistration *(*find_custom_op)(void *user_data, const char *custom_op, int version);
  void *resolver_data;
  TfLiteDelegate **delegates;    /* owned array of the caller's delegates (offered the graph at creation) */
  int32_t ndelegates, delegates_capacity;
  bool delegate_fallback;
  bool use_nnapi;                /* accepted, no effect */
  bool cancellation;
  bool selected_ops_only;        /* TfLiteInterpreterCreateWithSelectedOps */
  bool out_of_memory;            /* an Add call could not record its registration */
} tflc_capi_options;

/* Frees what the options own (registrations and their names). */
void tflc_capi_options_release(tflc_capi_options *options);

/*
** At TfLiteInterpreterCreate, after the tensor and node arrays exist and before any node is
** initialized: sets up the state that registrations, delegates and cancellation need. kTfLiteError with the interpreter's error set on failure.
*/
TfLiteStatus tflc_capi_attach(TfLiteInterpreter *in, const TfLiteInterpreterOptions *options);
/*
** At node creation: when a registration from the options resolves the node, makes the adapter
** its kernel and calls the registration's init. A custom op nothing resolves gets a kernel that
** fails AllocateTensors with kTfLiteUnresolvedOps (as TFLite). A builtin op: when only
** registrations may be used (SetOpResolver, CreateWithSelectedOps) and none resolves it, fails
** with TFLite's message; otherwise node->kernel stays as tflc's own kernel lookup set it.
*/
TfLiteStatus tflc_capi_resolve_node(TfLiteInterpreter *in, struct tflc_node *node, const char *custom_name);
/*
** At the end of TfLiteInterpreterCreate: offers the graph to each delegate of the options
** (tflc_capi_offer_graph); kTfLiteError when one fails. Forgets the options.
*/
TfLiteStatus tflc_capi_apply_delegates(TfLiteInterpreter *in);
/* TfLiteInterpreterModifyGraphWithDelegate: kTfLiteOk, or kTfLiteDelegateError with a message. */
TfLiteStatus tflc_capi_offer_graph(TfLiteInterpreter *in, TfLiteDelegate *delegate);
/* At TfLiteInterpreterDelete, before op_data is freed: calls every registration's free. */
void tflc_capi_release(TfLiteInterpreter *in);
/* At the start of Invoke: forgets an earlier cancellation request. */
void tflc_capi_invoke_begins(TfLiteInterpreter *in);
/* Between operators in Invoke: whether TfLiteInterpreterCancel asked this Invoke to stop. */
bool tflc_capi_cancel_requested(const TfLiteInterpreter *in);
/* TfLiteInterpreterCancel: kTfLiteError unless cancellation was enabled in the options. */
TfLiteStatus tflc_capi_request_cancel(const TfLiteInterpreter *in);

#endif /* TFLC_RUNTIME_REGISTRATION_H_ */
