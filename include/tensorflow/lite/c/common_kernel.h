/*
** common_kernel.h — the second half of common.h: what custom operators and delegates use.
**
** Included by common.h only (inside its extern "C" block); do not include it alone.
** TfLiteNode, TfLiteContext, TfLiteRegistration, TfLiteDelegate and friends are laid out
** field for field as in TensorFlow Lite 2.9 (tests/capi/abi_layout_test.c checks every size
** and offset on x86-64 against numbers taken from TFLite 2.9's own header), so kernels
** written for TFLite compile unchanged and run through TfLiteInterpreterOptionsAddCustomOp.
**
** What tflc's TfLiteContext offers a registration (src/runtime/registration.c):
**   tensors / tensors_size / GetTensor    every tensor of the subgraph
**   ResizeTensor / ResizeTensorExplicit   in prepare (output shapes); in invoke only to the same shape
**   ReportError                           the message becomes the interpreter's error
**   AllocatePersistentBuffer              memory freed when the interpreter is deleted
**   GetNodeAndRegistration, GetExecutionPlan   for the registration's own nodes and the plan
** Functions for delegates and TFLite Micro (AddTensors, ReplaceNodeSubsetsWithDelegateKernels,
** PreviewDelegatePartitioning, RequestScratchBufferInArena, ...) fail with kTfLiteError and a
** message; GetExternalContext returns NULL; GetEvalTensor returns NULL.
*/
#ifndef TENSORFLOW_LITE_C_COMMON_KERNEL_H_
#define TENSORFLOW_LITE_C_COMMON_KERNEL_H_

#ifndef TENSORFLOW_LITE_C_COMMON_H_
#error "include tensorflow/lite/c/common.h instead"
#endif

typedef enum TfLiteExternalContextType {
  kTfLiteEigenContext = 0,
  kTfLiteGemmLowpContext = 1,
  kTfLiteEdgeTpuContext = 2,
  kTfLiteCpuBackendContext = 3,
  kTfLiteMaxExternalContexts = 4
} TfLiteExternalContextType;

struct TfLiteContext;
struct TfLiteDelegate;
struct TfLiteRegistration;

typedef struct TfLiteExternalContext {
  TfLiteExternalContextType type;
  TfLiteStatus (*Refresh)(struct TfLiteContext* context);
} TfLiteExternalContext;

/* One operator of the graph as a registration's prepare and invoke see it. */
typedef struct TfLiteNode {
  TfLiteIntArray* inputs;        /* tensor indices; kTfLiteOptionalTensor for an omitted input */
  TfLiteIntArray* outputs;
  TfLiteIntArray* intermediates;
  TfLiteIntArray* temporaries;
  void* user_data;               /* what the registration's init returned */
  void* builtin_data;            /* NULL in tflc (builtin options are not parsed into TFLite's structs) */
  const void* custom_initial_data; /* a custom op's options bytes (flexbuffer) */
  int custom_initial_data_size;
  struct TfLiteDelegate* delegate;
  bool might_have_side_effect;
} TfLiteNode;

/* The small tensor of TFLite Micro; part of the 2.9 ABI, unused by tflc. */
typedef struct TfLiteEvalTensor {
  TfLitePtrUnion data;
  TfLiteIntArray* dims;
  TfLiteType type;
} TfLiteEvalTensor;

/* Frees the data of a kTfLiteDynamic tensor and sets data to NULL (others are left alone). */
TFL_CAPI_EXPORT void TfLiteTensorDataFree(TfLiteTensor* t);
/* Frees an affine quantization's arrays and params; sets the type to kTfLiteNoQuantization. */
TFL_CAPI_EXPORT void TfLiteQuantizationFree(TfLiteQuantization* quantization);
/* Frees a sparsity structure and every array in it. NULL is ignored. */
TFL_CAPI_EXPORT void TfLiteSparsityFree(TfLiteSparsity* sparsity);
/* Frees a tensor's dynamic data, dims, dims_signature, quantization and sparsity. */
TFL_CAPI_EXPORT void TfLiteTensorFree(TfLiteTensor* t);
/* Frees the tensor's contents (TfLiteTensorFree) and sets every field from the arguments. */
TFL_CAPI_EXPORT void TfLiteTensorReset(TfLiteType type, const char* name, TfLiteIntArray* dims,
                                       TfLiteQuantizationParams quantization, char* buffer, size_t size,
                                       TfLiteAllocationType allocation_type, const void* allocation,
                                       bool is_variable, TfLiteTensor* tensor);
/* Copies src's data into dst; kTfLiteError unless both exist and have the same byte size. */
TFL_CAPI_EXPORT TfLiteStatus TfLiteTensorCopy(const TfLiteTensor* src, TfLiteTensor* dst);
/* Resizes the data of a kTfLiteDynamic tensor to num_bytes (contents kept); others are left alone. */
TFL_CAPI_EXPORT void TfLiteTensorRealloc(size_t num_bytes, TfLiteTensor* tensor);

/* What a delegate's kernel is given: the nodes it replaces and their boundary tensors. */
typedef struct TfLiteDelegateParams {
  struct TfLiteDelegate* delegate;
  TfLiteIntArray* nodes_to_replace;
  TfLiteIntArray* input_tensors;
  TfLiteIntArray* output_tensors;
} TfLiteDelegateParams;

typedef struct TfLiteContext {
  size_t tensors_size;
  TfLiteStatus (*GetExecutionPlan)(struct TfLiteContext* context, TfLiteIntArray** execution_plan);
  TfLiteTensor* tensors;
  void* impl_;
  TfLiteStatus (*ResizeTensor)(struct TfLiteContext*, TfLiteTensor* tensor, TfLiteIntArray* new_size);
  void (*ReportError)(struct TfLiteContext*, const char* msg, ...);
  TfLiteStatus (*AddTensors)(struct TfLiteContext*, int tensors_to_add, int* first_new_tensor_index);
  TfLiteStatus (*GetNodeAndRegistration)(struct TfLiteContext*, int node_index, TfLiteNode** node,
                                         struct TfLiteRegistration** registration);
  TfLiteStatus (*ReplaceNodeSubsetsWithDelegateKernels)(struct TfLiteContext*,
                                                        struct TfLiteRegistration registration,
                                                        const TfLiteIntArray* nodes_to_replace,
                                                        struct TfLiteDelegate* delegate);
  int recommended_num_threads;
  TfLiteExternalContext* (*GetExternalContext)(struct TfLiteContext*, TfLiteExternalContextType);
  void (*SetExternalContext)(struct TfLiteContext*, TfLiteExternalContextType, TfLiteExternalContext*);
  bool allow_fp32_relax_to_fp16;
  void* profiler;
  void* (*AllocatePersistentBuffer)(struct TfLiteContext* ctx, size_t bytes);
  TfLiteStatus (*AllocateBufferForEval)(struct TfLiteContext* ctx, size_t bytes, void** ptr);
  TfLiteStatus (*RequestScratchBufferInArena)(struct TfLiteContext* ctx, size_t bytes, int* buffer_idx);
  void* (*GetScratchBuffer)(struct TfLiteContext* ctx, int buffer_idx);
  TfLiteStatus (*ResizeTensorExplicit)(struct TfLiteContext* ctx, TfLiteTensor* tensor, int dims,
                                       const int* shape);
  TfLiteStatus (*PreviewDelegatePartitioning)(struct TfLiteContext* context,
                                              const TfLiteIntArray* nodes_to_replace,
                                              TfLiteDelegateParams** partition_params_array,
                                              int* num_partitions);
  TfLiteTensor* (*GetTensor)(const struct TfLiteContext* context, int tensor_idx);
  TfLiteEvalTensor* (*GetEvalTensor)(const struct TfLiteContext* context, int tensor_idx);
  TfLiteStatus (*GetModelMetadata)(const struct TfLiteContext* context, const char* name, const char** ptr,
                                   size_t* bytes);
} TfLiteContext;

/*
** An operator implementation, called as TFLite calls it:
**   init(context, buffer, length)  once when the interpreter is created; for a custom op
**                                  buffer/length are its options bytes. Returns user_data.
**   prepare(context, node)         at every AllocateTensors (sets output shapes)
**   invoke(context, node)          at every Invoke
**   free(context, user_data)       when the interpreter is deleted
** Any of them may be NULL.
*/
typedef struct TfLiteRegistration {
  void* (*init)(TfLiteContext* context, const char* buffer, size_t length);
  void (*free)(TfLiteContext* context, void* buffer);
  TfLiteStatus (*prepare)(TfLiteContext* context, TfLiteNode* node);
  TfLiteStatus (*invoke)(TfLiteContext* context, TfLiteNode* node);
  const char* (*profiling_string)(const TfLiteContext* context, const TfLiteNode* node);
  int32_t builtin_code;
  const char* custom_name;
  int version;
} TfLiteRegistration;

typedef enum TfLiteDelegateFlags {
  kTfLiteDelegateFlagsNone = 0,
  kTfLiteDelegateFlagsAllowDynamicTensors = 1,
  kTfLiteDelegateFlagsRequirePropagatedShapes = 2
} TfLiteDelegateFlags;

typedef struct TfLiteDelegate {
  void* data_;
  TfLiteStatus (*Prepare)(TfLiteContext* context, struct TfLiteDelegate* delegate);
  TfLiteStatus (*CopyFromBufferHandle)(TfLiteContext* context, struct TfLiteDelegate* delegate,
                                       TfLiteBufferHandle buffer_handle, TfLiteTensor* tensor);
  TfLiteStatus (*CopyToBufferHandle)(TfLiteContext* context, struct TfLiteDelegate* delegate,
                                     TfLiteBufferHandle buffer_handle, TfLiteTensor* tensor);
  void (*FreeBufferHandle)(TfLiteContext* context, struct TfLiteDelegate* delegate, TfLiteBufferHandle* handle);
  int64_t flags;
} TfLiteDelegate;

/* A delegate with every callback NULL and flags kTfLiteDelegateFlagsNone. */
TFL_CAPI_EXPORT TfLiteDelegate TfLiteDelegateCreate(void);

/* ---- TFLite's error macros for kernels (C versions of common.h's) ---- */
#ifndef TF_LITE_STRIP_ERROR_STRINGS
#define TF_LITE_KERNEL_LOG(context, ...)            \
  do {                                              \
    (context)->ReportError((context), __VA_ARGS__); \
  } while (0)
#define TF_LITE_MAYBE_KERNEL_LOG(context, ...)                        \
  do {                                                                \
    if ((context) != NULL) (context)->ReportError((context), __VA_ARGS__); \
  } while (0)
#else
#define TF_LITE_KERNEL_LOG(context, ...)
#define TF_LITE_MAYBE_KERNEL_LOG(context, ...)
#endif

#define TF_LITE_ENSURE_MSG(context, value, msg)        \
  do {                                                 \
    if (!(value)) {                                    \
      TF_LITE_KERNEL_LOG((context), __FILE__ " " msg); \
      return kTfLiteError;                             \
    }                                                  \
  } while (0)
#define TF_LITE_ENSURE(context, a)                                                        \
  do {                                                                                    \
    if (!(a)) {                                                                           \
      TF_LITE_KERNEL_LOG((context), "%s:%d %s was not true.", __FILE__, __LINE__, #a);    \
      return kTfLiteError;                                                                \
    }                                                                                     \
  } while (0)
#define TF_LITE_ENSURE_STATUS(a)  \
  do {                            \
    const TfLiteStatus s_ = (a);  \
    if (s_ != kTfLiteOk) return s_; \
  } while (0)
#define TF_LITE_ENSURE_EQ(context, a, b)                                                                   \
  do {                                                                                                     \
    if ((a) != (b)) {                                                                                      \
      TF_LITE_KERNEL_LOG((context), "%s:%d %s != %s (%d != %d)", __FILE__, __LINE__, #a, #b, (a), (b));    \
      return kTfLiteError;                                                                                 \
    }                                                                                                      \
  } while (0)
#define TF_LITE_ENSURE_TYPES_EQ(context, a, b)                                                     \
  do {                                                                                             \
    if ((a) != (b)) {                                                                              \
      TF_LITE_KERNEL_LOG((context), "%s:%d %s != %s (%s != %s)", __FILE__, __LINE__, #a, #b,       \
                         TfLiteTypeGetName(a), TfLiteTypeGetName(b));                              \
      return kTfLiteError;                                                                         \
    }                                                                                              \
  } while (0)
#define TF_LITE_ENSURE_NEAR(context, a, b, epsilon)                                                 \
  do {                                                                                              \
    double a_ = (double)(a), b_ = (double)(b);                                                      \
    if ((a_ > b_ ? a_ - b_ : b_ - a_) > (epsilon)) {                                                \
      TF_LITE_KERNEL_LOG((context), "%s:%d %s not near %s (%f != %f)", __FILE__, __LINE__, #a, #b, a_, b_); \
      return kTfLiteError;                                                                          \
    }                                                                                               \
  } while (0)
#define TF_LITE_ENSURE_OK(context, status) \
  do {                                     \
    const TfLiteStatus s_ = (status);      \
    if (s_ != kTfLiteOk) return s_;        \
  } while (0)

#endif /* TENSORFLOW_LITE_C_COMMON_KERNEL_H_ */
