/*
** registration.c — TfLiteRegistration kernels: the adapter between tflc's kernel contract
** (kernel.h) and TensorFlow Lite's (common.h), plus the TfLiteContext it hands them.
**
** Every node gets a TfLiteNode (inputs, outputs, empty intermediates and temporaries, custom
** options) and a TfLiteRegistration describing it, so delegates and GetNodeAndRegistration see
** the graph. A node resolved by a caller's registration runs through the adapter kernel, with the
** interpreter's one TfLiteContext (its tensors array is the interpreter's own TfLiteTensor array).
** Calls follow TFLite: init when the interpreter is created (a custom op gets its options bytes,
** a builtin gets NULL/0), prepare at each AllocateTensors, invoke at each Invoke, free at delete.
** Also here: delegates (offered the graph, never given operators), the kernel of unresolved
** custom ops (kTfLiteUnresolvedOps at AllocateTensors, as in TFLite) and cancellation.
*/
#include "runtime/registration.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/interpreter.h"

enum { PHASE_NONE, PHASE_INIT, PHASE_PREPARE, PHASE_INVOKE };

/* Per-interpreter state behind the C API's registrations, delegates and cancellation. */
struct tflc_capi_state {
  TfLiteContext context;           /* impl_ = the interpreter */
  const tflc_capi_options *options; /* read only during TfLiteInterpreterCreate (the caller may delete them after) */
  TfLiteNode *nodes;               /* [nnodes] every node as TFLite presents it */
  TfLiteRegistration *registrations; /* [nnodes] the caller's (shallow copies) or a description */
  bool *initialized;               /* [nnodes] init was called: free must be */
  TfLiteIntArray *execution_plan;  /* 0..nnodes-1 */
  void **buffers;                  /* AllocatePersistentBuffer */
  int32_t nbuffers, buffers_capacity;
  int phase;
  int32_t current_node;            /* the node whose registration is running, or -1 */
  bool cancellation;
  atomic_bool cancel_requested;
};

static TfLiteInterpreter *interpreter_of(const TfLiteContext *context) { return context->impl_; }

/* ---- The TfLiteContext ---- */

/* ReportError: the formatted message becomes the interpreter's error, named after the node. */
static void context_report_error(TfLiteContext *context, const char *format, ...) {
  TfLiteInterpreter *in = interpreter_of(context);
  char message[768];
  va_list ap;
  va_start(ap, format);
  vsnprintf(message, sizeof message, format, ap);
  va_end(ap);
  int32_t n = in->capi->current_node;
  if (n >= 0 && n < in->nnodes)
    tflc_interpreter_error(in, "operator %d (%s): %s", n, in->nodes[n].op_name, message);
  else
    tflc_interpreter_error(in, "%s", message);
}

static TfLiteTensor *context_get_tensor(const TfLiteContext *context, int index) {
  TfLiteInterpreter *in = interpreter_of(context);
  return index >= 0 && index < in->ntensors ? &in->tensors[index] : NULL;
}

static TfLiteEvalTensor *context_get_eval_tensor(const TfLiteContext *context, int index) {
  (void)context, (void)index;
  return NULL; /* TFLite Micro only */
}

/*
** Sets a tensor's shape. In prepare any shape; in invoke only the planned one (tflc plans every
** activation at AllocateTensors and has no dynamic tensors).
*/
static TfLiteStatus resize_tensor(TfLiteContext *context, TfLiteTensor *tensor, int ndims, const int *dims) {
  TfLiteInterpreter *in = interpreter_of(context);
  if (tensor == NULL || tensor < in->tensors || tensor >= in->tensors + in->ntensors) {
    context->ReportError(context, "ResizeTensor: the tensor is not one of this interpreter's");
    return kTfLiteError;
  }
  if (in->capi->phase == PHASE_INVOKE) {
    if (TfLiteIntArrayEqualsArray(tensor->dims, ndims, dims)) return kTfLiteOk;
    context->ReportError(context, "ResizeTensor of tensor %d (%s) during Invoke: tflc does not support dynamic tensors",
                         (int)(tensor - in->tensors), tensor->name);
    return kTfLiteError;
  }
  return tflc_resize_output(&in->context, tensor, ndims, dims);
}

/* ResizeTensor takes ownership of new_size, whatever happens (as in TFLite). */
static TfLiteStatus context_resize_tensor(TfLiteContext *context, TfLiteTensor *tensor, TfLiteIntArray *new_size) {
  if (new_size == NULL) {
    context->ReportError(context, "ResizeTensor: no shape given");
    return kTfLiteError;
  }
  TfLiteStatus status = resize_tensor(context, tensor, new_size->size, new_size->data);
  TfLiteIntArrayFree(new_size);
  return status;
}

static TfLiteStatus context_resize_tensor_explicit(TfLiteContext *context, TfLiteTensor *tensor, int ndims,
                                                   const int *shape) {
  if (ndims < 0 || (ndims > 0 && shape == NULL)) {
    context->ReportError(context, "ResizeTensorExplicit: %d dimensions without a shape", ndims);
    return kTfLiteError;
  }
  return resize_tensor(context, tensor, ndims, shape);
}

static TfLiteStatus context_get_execution_plan(TfLiteContext *context, TfLiteIntArray **plan) {
  *plan = interpreter_of(context)->capi->execution_plan;
  return kTfLiteOk;
}

/* Every node has a TfLiteNode; nodes run by tflc's kernels have a registration without functions. */
static TfLiteStatus context_get_node_and_registration(TfLiteContext *context, int index, TfLiteNode **node,
                                                      TfLiteRegistration **registration) {
  TfLiteInterpreter *in = interpreter_of(context);
  struct tflc_capi_state *s = in->capi;
  if (index < 0 || index >= in->nnodes || s->nodes[index].inputs == NULL) {
    context->ReportError(context, "GetNodeAndRegistration: no node %d", index);
    return kTfLiteError;
  }
  *node = &s->nodes[index];
  *registration = &s->registrations[index];
  return kTfLiteOk;
}

static void *context_allocate_persistent_buffer(TfLiteContext *context, size_t bytes) {
  struct tflc_capi_state *s = interpreter_of(context)->capi;
  if (s->nbuffers == s->buffers_capacity) {
    int32_t capacity = s->buffers_capacity ? 2 * s->buffers_capacity : 8;
    void **grown = realloc(s->buffers, (size_t)capacity * sizeof *grown);
    if (grown == NULL) return NULL;
    s->buffers = grown;
    s->buffers_capacity = capacity;
  }
  void *buffer = aligned_alloc(64, bytes ? (bytes + 63) & ~(size_t)63 : 64);
  if (buffer != NULL) s->buffers[s->nbuffers++] = buffer;
  return buffer;
}

static TfLiteStatus context_get_model_metadata(const TfLiteContext *context, const char *name, const char **ptr,
                                               size_t *bytes) {
  const tflc_model_buffer *b = tflc_model_find_metadata(&interpreter_of(context)->model->parsed, name);
  if (b == NULL || b->data == NULL) return kTfLiteError;
  *ptr = (const char *)b->data;
  *bytes = b->size;
  return kTfLiteOk;
}

/* The services of TFLite's context that tflc does not offer: a message and kTfLiteError. */
static TfLiteStatus context_add_tensors(TfLiteContext *context, int count, int *first) {
  (void)count, (void)first;
  context->ReportError(context, "AddTensors is not supported by tflc (tensors come from the model only)");
  return kTfLiteError;
}

/* Replacing no node is accepted; tflc keeps every operator on its own kernels. */
static TfLiteStatus context_replace_nodes(TfLiteContext *context, TfLiteRegistration registration,
                                          const TfLiteIntArray *nodes, TfLiteDelegate *delegate) {
  (void)registration, (void)delegate;
  if (nodes == NULL || nodes->size == 0) return kTfLiteOk;
  context->ReportError(context, "ReplaceNodeSubsetsWithDelegateKernels: tflc does not hand operators to delegates "
                                "(%d operators asked for)", nodes->size);
  return kTfLiteDelegateError;
}

static TfLiteStatus context_preview_partitioning(TfLiteContext *context, const TfLiteIntArray *nodes,
                                                 TfLiteDelegateParams **params, int *count) {
  (void)nodes, (void)params, (void)count;
  context->ReportError(context, "PreviewDelegatePartitioning: tflc does not apply delegates");
  return kTfLiteDelegateError;
}

static TfLiteStatus context_allocate_buffer_for_eval(TfLiteContext *context, size_t bytes, void **ptr) {
  (void)bytes, (void)ptr;
  context->ReportError(context, "AllocateBufferForEval is TFLite Micro's and not supported by tflc");
  return kTfLiteError;
}

static TfLiteStatus context_request_scratch(TfLiteContext *context, size_t bytes, int *index) {
  (void)bytes, (void)index;
  context->ReportError(context, "RequestScratchBufferInArena is TFLite Micro's and not supported by tflc");
  return kTfLiteError;
}

static void *context_get_scratch(TfLiteContext *context, int index) {
  (void)context, (void)index;
  return NULL;
}

static TfLiteExternalContext *context_get_external(TfLiteContext *context, TfLiteExternalContextType type) {
  (void)context, (void)type;
  return NULL;
}

static void context_set_external(TfLiteContext *context, TfLiteExternalContextType type, TfLiteExternalContext *ext) {
  (void)context, (void)type, (void)ext;
}

static void init_context(TfLiteContext *c, TfLiteInterpreter *in) {
  memset(c, 0, sizeof *c);
  c->tensors_size = (size_t)in->ntensors;
  c->tensors = in->tensors;
  c->impl_ = in;
  c->GetExecutionPlan = context_get_execution_plan;
  c->ResizeTensor = context_resize_tensor;
  c->ReportError = context_report_error;
  c->AddTensors = context_add_tensors;
  c->GetNodeAndRegistration = context_get_node_and_registration;
  c->ReplaceNodeSubsetsWithDelegateKernels = context_replace_nodes;
  c->recommended_num_threads = in->num_threads;
  c->GetExternalContext = context_get_external;
  c->SetExternalContext = context_set_external;
  c->AllocatePersistentBuffer = context_allocate_persistent_buffer;
  c->AllocateBufferForEval = context_allocate_buffer_for_eval;
  c->RequestScratchBufferInArena = context_request_scratch;
  c->GetScratchBuffer = context_get_scratch;
  c->ResizeTensorExplicit = context_resize_tensor_explicit;
  c->PreviewDelegatePartitioning = context_preview_partitioning;
  c->GetTensor = context_get_tensor;
  c->GetEvalTensor = context_get_eval_tensor;
  c->GetModelMetadata = context_get_model_metadata;
}

/* ---- The adapter kernel ---- */

/* Runs one of the registration's prepare/invoke for the node, with the phase recorded. */
static TfLiteStatus call_registration(tflc_context *ctx, tflc_node *node, int phase) {
  TfLiteInterpreter *in = ctx->interpreter;
  struct tflc_capi_state *s = in->capi;
  const TfLiteRegistration *r = &s->registrations[node->index];
  TfLiteStatus (*fn)(TfLiteContext *, TfLiteNode *) = phase == PHASE_PREPARE ? r->prepare : r->invoke;
  if (fn == NULL) return kTfLiteOk;
  s->context.recommended_num_threads = in->num_threads;
  s->phase = phase;
  s->current_node = node->index;
  TfLiteStatus status = fn(&s->context, &s->nodes[node->index]);
  s->phase = PHASE_NONE;
  s->current_node = -1;
  if (status != kTfLiteOk && in->error[0] == 0)
    tflc_kernel_error(ctx, node, "the registration's %s returned status %d", phase == PHASE_PREPARE ? "prepare" : "invoke",
                      (int)status);
  return status;
}

static TfLiteStatus adapter_prepare(tflc_context *ctx, tflc_node *node) { return call_registration(ctx, node, PHASE_PREPARE); }
static TfLiteStatus adapter_invoke(tflc_context *ctx, tflc_node *node) { return call_registration(ctx, node, PHASE_INVOKE); }

static const tflc_kernel tflc_registration_kernel = {"TfLiteRegistration", adapter_prepare, adapter_invoke};

/*
** A custom op that nothing resolves: as in TFLite, the interpreter is created and AllocateTensors
** fails with kTfLiteUnresolvedOps and TFLite's message.
*/
static TfLiteStatus unresolved_prepare(tflc_context *ctx, tflc_node *node) {
  tflc_interpreter_error(ctx->interpreter,
                         "operator %d: custom op %s version %d is not supported by tflc and was not registered "
                         "(TfLiteInterpreterOptionsAddCustomOp). Encountered unresolved custom op: %s.\nSee instructions: "
                         "https://www.tensorflow.org/lite/guide/ops_custom\nNode number %d (%s) failed to prepare.",
                         (int)node->index, node->op_name, (int)node->version, node->op_name, (int)node->index,
                         node->op_name);
  return kTfLiteUnresolvedOps;
}

static TfLiteStatus unresolved_invoke(tflc_context *ctx, tflc_node *node) {
  return tflc_kernel_error(ctx, node, "unresolved custom op");
}

static const tflc_kernel unresolved_custom_kernel = {"unresolved custom op", unresolved_prepare, unresolved_invoke};

/* ---- Resolution ---- */

static bool version_in(const tflc_op_registration *op, int32_t version) {
  return version >= op->min_version && version <= op->max_version;
}

/* The registration the options give for the node, or NULL. Later additions win, as in TFLite. */
static const TfLiteRegistration *find_registration(const tflc_capi_options *o, const tflc_node *node,
                                                   const char *custom_name) {
  bool custom = node->builtin_code == kTfLiteBuiltinCustom;
  if (o->find_builtin_op != NULL || o->find_custom_op != NULL) {
    if (custom) return o->find_custom_op && custom_name ? o->find_custom_op(o->resolver_data, custom_name, node->version) : NULL;
    return o->find_builtin_op ? o->find_builtin_op(o->resolver_data, (TfLiteBuiltinOperator)node->builtin_code, node->version)
                              : NULL;
  }
  for (int32_t i = o->nops - 1; i >= 0; i--) {
    const tflc_op_registration *op = &o->ops[i];
    if (!version_in(op, node->version)) continue;
    if (custom ? op->custom_name && custom_name && strcmp(op->custom_name, custom_name) == 0
               : op->custom_name == NULL && op->builtin_code == node->builtin_code)
      return &op->registration;
  }
  return NULL;
}

static TfLiteIntArray *int_array_of(int32_t n, const int32_t *values) {
  TfLiteIntArray *a = TfLiteIntArrayCreate(n);
  if (a != NULL)
    for (int32_t i = 0; i < n; i++) a->data[i] = values[i];
  return a;
}

/*
** Gives every node a TfLiteNode and a TfLiteRegistration describing it (builtin_code, custom_name,
** version), so delegates and GetNodeAndRegistration see the whole graph as in TFLite. Nodes run
** by tflc's own kernels have a registration without functions.
*/
static TfLiteStatus describe_node(TfLiteInterpreter *in, tflc_node *node, const char *custom_name) {
  struct tflc_capi_state *s = in->capi;
  TfLiteNode *tn = &s->nodes[node->index];
  TfLiteRegistration *r = &s->registrations[node->index];
  memset(r, 0, sizeof *r);
  r->builtin_code = node->builtin_code;
  r->custom_name = node->builtin_code == kTfLiteBuiltinCustom ? custom_name : NULL;
  r->version = node->version;
  tn->inputs = int_array_of(node->ninputs, node->inputs);
  tn->outputs = int_array_of(node->noutputs, node->outputs);
  tn->intermediates = TfLiteIntArrayCreate(0);
  tn->temporaries = TfLiteIntArrayCreate(0);
  if (!tn->inputs || !tn->outputs || !tn->intermediates || !tn->temporaries)
    return tflc_interpreter_error(in, "out of memory creating operator %d (%s)", node->index, node->op_name);
  bool custom = node->builtin_code == kTfLiteBuiltinCustom;
  tn->custom_initial_data = custom ? node->custom_options : NULL;
  tn->custom_initial_data_size = custom ? (int)node->custom_options_size : 0;
  return kTfLiteOk;
}

/* Makes the registration the node's kernel and calls its init, as TFLite's InterpreterBuilder does. */
static void bind_registration(TfLiteInterpreter *in, tflc_node *node, const TfLiteRegistration *r) {
  struct tflc_capi_state *s = in->capi;
  TfLiteNode *tn = &s->nodes[node->index];
  TfLiteRegistration *copy = &s->registrations[node->index];
  int32_t code = copy->builtin_code, version = copy->version;
  const char *name = copy->custom_name;
  *copy = *r;
  /* What the model says the node is, whatever the caller's struct carries. */
  copy->builtin_code = code;
  copy->custom_name = name;
  copy->version = version;
  node->kernel = &tflc_registration_kernel;
  bool custom = node->builtin_code == kTfLiteBuiltinCustom;
  if (r->init != NULL) {
    s->phase = PHASE_INIT;
    s->current_node = node->index;
    tn->user_data = r->init(&s->context, custom ? (const char *)node->custom_options : NULL,
                            custom ? node->custom_options_size : 0);
    s->phase = PHASE_NONE;
    s->current_node = -1;
  }
  s->initialized[node->index] = true;
}

TfLiteStatus tflc_capi_resolve_node(TfLiteInterpreter *in, tflc_node *node, const char *custom_name) {
  if (in->capi == NULL) return kTfLiteOk;
  if (describe_node(in, node, custom_name) != kTfLiteOk) return kTfLiteError;
  bool custom = node->builtin_code == kTfLiteBuiltinCustom;
  const tflc_capi_options *o = in->capi->options;
  const TfLiteRegistration *r = o ? find_registration(o, node, custom_name) : NULL;
  if (r != NULL) {
    bind_registration(in, node, r);
    return kTfLiteOk;
  }
  /* SetOpResolver and CreateWithSelectedOps leave tflc's own kernels out, as TFLite does. */
  bool only_registered = o != NULL && (o->selected_ops_only || o->find_builtin_op != NULL || o->find_custom_op != NULL);
  if (only_registered) node->kernel = NULL;
  if (node->kernel != NULL) return kTfLiteOk;
  if (custom) {
    node->kernel = &unresolved_custom_kernel; /* fails at AllocateTensors, as in TFLite */
    return kTfLiteOk;
  }
  if (!only_registered) return kTfLiteOk; /* the interpreter reports the builtin op tflc lacks */
  return tflc_interpreter_error(in, "Didn't find op for builtin opcode '%s' version '%d'. An older version of this "
                                "builtin might be supported. Are you using an old TFLite binary with a newer model?",
                                node->op_name, (int)node->version);
}

/* ---- Delegates: offered the graph; claiming operators is refused ---- */

/*
** Calls the delegate's Prepare with the interpreter's context, as TFLite's ModifyGraphWithDelegate
** does: it may read the execution plan and every node. A delegate that asks to take over
** operators (ReplaceNodeSubsetsWithDelegateKernels with any node) is refused, and so its Prepare
** normally fails: kTfLiteDelegateError. A delegate that takes nothing leaves the graph to tflc.
*/
TfLiteStatus tflc_capi_offer_graph(TfLiteInterpreter *in, TfLiteDelegate *delegate) {
  struct tflc_capi_state *s = in->capi;
  if (s == NULL || delegate == NULL) return kTfLiteError;
  if (delegate->Prepare == NULL) {
    tflc_interpreter_error(in, "delegate has no Prepare function");
    return kTfLiteDelegateError;
  }
  in->error[0] = 0;
  s->phase = PHASE_NONE;
  s->current_node = -1;
  TfLiteStatus status = delegate->Prepare(&s->context, delegate);
  if (status == kTfLiteOk) return kTfLiteOk;
  if (in->error[0] == 0) tflc_interpreter_error(in, "the delegate's Prepare failed (status %d)", (int)status);
  return kTfLiteDelegateError;
}

TfLiteStatus tflc_capi_apply_delegates(TfLiteInterpreter *in) {
  const tflc_capi_options *o = in->capi ? in->capi->options : NULL;
  for (int32_t i = 0; o != NULL && i < o->ndelegates; i++)
    if (tflc_capi_offer_graph(in, o->delegates[i]) != kTfLiteOk) return kTfLiteError;
  if (in->capi) in->capi->options = NULL; /* the caller may delete the options now */
  return kTfLiteOk;
}

/* ---- Life of the state ---- */

TfLiteStatus tflc_capi_attach(TfLiteInterpreter *in, const TfLiteInterpreterOptions *options) {
  const tflc_capi_options *o = options ? &options->capi : NULL;
  if (o != NULL && o->out_of_memory)
    return tflc_interpreter_error(in, "the options lost an operator registration (out of memory when it was added)");
  struct tflc_capi_state *s = calloc(1, sizeof *s);
  if (s == NULL) return tflc_interpreter_error(in, "out of memory creating the interpreter");
  in->capi = s;
  size_t n = (size_t)in->nnodes + 1;
  s->nodes = calloc(n, sizeof *s->nodes);
  s->registrations = calloc(n, sizeof *s->registrations);
  s->initialized = calloc(n, sizeof *s->initialized);
  s->execution_plan = TfLiteIntArrayCreate(in->nnodes);
  if (!s->nodes || !s->registrations || !s->initialized || !s->execution_plan)
    return tflc_interpreter_error(in, "out of memory creating the interpreter");
  for (int32_t i = 0; i < in->nnodes; i++) s->execution_plan->data[i] = i;
  init_context(&s->context, in);
  s->current_node = -1;
  s->options = o;
  s->cancellation = o != NULL && o->cancellation;
  atomic_init(&s->cancel_requested, false);
  return kTfLiteOk;
}

void tflc_capi_release(TfLiteInterpreter *in) {
  struct tflc_capi_state *s = in->capi;
  if (s == NULL) return;
  for (int32_t i = 0; s->initialized && i < in->nnodes; i++) {
    if (!s->initialized[i]) continue;
    if (s->registrations[i].free != NULL) s->registrations[i].free(&s->context, s->nodes[i].user_data);
  }
  for (int32_t i = 0; s->nodes && i < in->nnodes; i++) {
    TfLiteIntArrayFree(s->nodes[i].inputs);
    TfLiteIntArrayFree(s->nodes[i].outputs);
    TfLiteIntArrayFree(s->nodes[i].intermediates);
    TfLiteIntArrayFree(s->nodes[i].temporaries);
  }
  for (int32_t i = 0; i < s->nbuffers; i++) free(s->buffers[i]);
  free(s->buffers);
  free(s->nodes);
  free(s->registrations);
  free(s->initialized);
  TfLiteIntArrayFree(s->execution_plan);
  free(s);
  in->capi = NULL;
}

void tflc_capi_invoke_begins(TfLiteInterpreter *in) {
  if (in->capi) atomic_store(&in->capi->cancel_requested, false);
}

bool tflc_capi_cancel_requested(const TfLiteInterpreter *in) {
  return in->capi != NULL && atomic_load(&in->capi->cancel_requested);
}

TfLiteStatus tflc_capi_request_cancel(const TfLiteInterpreter *in) {
  if (in == NULL || in->capi == NULL || !in->capi->cancellation) return kTfLiteError;
  atomic_store(&in->capi->cancel_requested, true);
  return kTfLiteOk;
}

void tflc_capi_options_release(tflc_capi_options *o) {
  for (int32_t i = 0; i < o->nops; i++) free(o->ops[i].custom_name);
  free(o->ops);
  o->ops = NULL;
  free(o->delegates);
  o->delegates = NULL;
  o->ndelegates = 0;
  o->nops = o->capacity = 0;
}
