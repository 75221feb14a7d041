/*
** threadpool.h — tflc's own small thread pool (pthreads) and the parallel loop kernels use.
**
** A pool of T threads is the caller plus T-1 workers. tflc_threadpool_run splits [0, n) into
** T contiguous chunks (chunk t = [n*t/T, n*(t+1)/T)), runs chunk 0 on the caller and the others
** on the workers, and returns when all are done. Workers spin briefly between jobs (ops follow
** each other within microseconds) and then sleep on a condition variable.
*/
#ifndef TFLC_RUNTIME_THREADPOOL_H_
#define TFLC_RUNTIME_THREADPOOL_H_

#include <stddef.h>

#include "runtime/kernel.h"

typedef struct tflc_threadpool tflc_threadpool;

/* fn(arg, thread, begin, end): process items [begin, end) as thread `thread` (0 = caller). */
typedef void (*tflc_parallel_fn)(void *arg, size_t thread, size_t begin, size_t end);

/* A pool of `threads` threads (>= 2), or NULL when out of memory or threads cannot start. */
tflc_threadpool *tflc_threadpool_create(size_t threads);
/* Stops and joins the workers and frees the pool; NULL is fine. */
void tflc_threadpool_destroy(tflc_threadpool *pool);
/* Threads in the pool (1 for NULL). */
size_t tflc_threadpool_size(const tflc_threadpool *pool);
/* Runs fn over [0, n) split into at most `max_threads` chunks; serially when pool is NULL. */
void tflc_threadpool_run(tflc_threadpool *pool, size_t max_threads, size_t n, tflc_parallel_fn fn, void *arg);

/*
** The parallel loop for kernels: runs fn over [0, n) on the interpreter's pool, in at most
** max_threads chunks (a kernel sizes its per-thread scratch for max_threads in prepare).
*/
void tflc_parallel_for(tflc_context *ctx, size_t max_threads, size_t n, tflc_parallel_fn fn, void *arg);

#endif /* TFLC_RUNTIME_THREADPOOL_H_ */
