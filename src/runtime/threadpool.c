/*
** threadpool.c — see threadpool.h.
*/
#include "runtime/threadpool.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>

#include "runtime/interpreter.h"

/* Polls of the job counter before a worker goes to sleep (a few hundred microseconds). */
enum { SPIN_POLLS = 20000 };

struct tflc_threadpool {
  size_t threads;          /* caller + workers */
  pthread_t *workers;      /* [threads - 1] */
  pthread_mutex_t mutex;
  pthread_cond_t wake;
  atomic_uint generation;  /* bumped once per job */
  atomic_size_t pending;   /* workers still running the current job */
  atomic_bool stop;
  int sleeping;            /* workers waiting on `wake` (under mutex) */
  /* The current job: written by the caller before bumping generation. */
  tflc_parallel_fn fn;
  void *arg;
  size_t n, chunks;
};

typedef struct worker_start {
  tflc_threadpool *pool;
  size_t index;
} worker_start;

/* A spin-wait hint to the CPU (x86 pause). */
static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

/* Runs chunk `t` of the current job. */
static void run_chunk(tflc_threadpool *pool, size_t t) {
  if (t >= pool->chunks) return;
  size_t begin = pool->n * t / pool->chunks, end = pool->n * (t + 1) / pool->chunks;
  if (begin < end) pool->fn(pool->arg, t, begin, end);
}

/* Waits until the generation differs from `seen` (or stop); returns the new generation. */
static unsigned wait_for_job(tflc_threadpool *pool, unsigned seen) {
  for (int i = 0; i < SPIN_POLLS; i++) {
    unsigned g = atomic_load_explicit(&pool->generation, memory_order_acquire);
    if (g != seen || atomic_load(&pool->stop)) return g;
    cpu_relax();
  }
  pthread_mutex_lock(&pool->mutex);
  pool->sleeping++;
  while (atomic_load(&pool->generation) == seen && !atomic_load(&pool->stop)) pthread_cond_wait(&pool->wake, &pool->mutex);
  pool->sleeping--;
  pthread_mutex_unlock(&pool->mutex);
  return atomic_load_explicit(&pool->generation, memory_order_acquire);
}

/* A worker: waits for each job, runs its chunk, reports completion; exits on stop. */
static void *worker_main(void *p) {
  worker_start start = *(worker_start *)p;
  free(p);
  tflc_threadpool *pool = start.pool;
  unsigned seen = 0;
  for (;;) {
    seen = wait_for_job(pool, seen);
    if (atomic_load(&pool->stop)) return NULL;
    run_chunk(pool, start.index);
    atomic_fetch_sub_explicit(&pool->pending, 1, memory_order_release);
  }
}

tflc_threadpool *tflc_threadpool_create(size_t threads) {
  if (threads < 2 || threads > 1024) return NULL;
  tflc_threadpool *pool = calloc(1, sizeof *pool);
  if (!pool) return NULL;
  pool->workers = calloc(threads - 1, sizeof *pool->workers);
  if (!pool->workers || pthread_mutex_init(&pool->mutex, NULL) != 0) {
    free(pool->workers);
    free(pool);
    return NULL;
  }
  pthread_cond_init(&pool->wake, NULL);
  atomic_init(&pool->generation, 0);
  atomic_init(&pool->pending, 0);
  atomic_init(&pool->stop, false);
  pool->threads = 1;
  for (size_t i = 1; i < threads; i++) {
    worker_start *start = malloc(sizeof *start);
    if (!start) break;
    start->pool = pool;
    start->index = i;
    if (pthread_create(&pool->workers[i - 1], NULL, worker_main, start) != 0) {
      free(start);
      break;
    }
    pool->threads++;
  }
  if (pool->threads != threads) {
    tflc_threadpool_destroy(pool);
    return NULL;
  }
  return pool;
}

void tflc_threadpool_destroy(tflc_threadpool *pool) {
  if (!pool) return;
  pthread_mutex_lock(&pool->mutex);
  atomic_store(&pool->stop, true);
  pthread_cond_broadcast(&pool->wake);
  pthread_mutex_unlock(&pool->mutex);
  for (size_t i = 1; i < pool->threads; i++) pthread_join(pool->workers[i - 1], NULL);
  pthread_cond_destroy(&pool->wake);
  pthread_mutex_destroy(&pool->mutex);
  free(pool->workers);
  free(pool);
}

size_t tflc_threadpool_size(const tflc_threadpool *pool) { return pool ? pool->threads : 1; }

void tflc_threadpool_run(tflc_threadpool *pool, size_t max_threads, size_t n, tflc_parallel_fn fn, void *arg) {
  size_t chunks = tflc_threadpool_size(pool);
  if (max_threads < chunks) chunks = max_threads;
  if (n < chunks) chunks = n;
  if (chunks <= 1) {
    if (n > 0) fn(arg, 0, 0, n);
    return;
  }
  pool->fn = fn;
  pool->arg = arg;
  pool->n = n;
  pool->chunks = chunks;
  atomic_store_explicit(&pool->pending, pool->threads - 1, memory_order_relaxed);
  pthread_mutex_lock(&pool->mutex);
  atomic_fetch_add_explicit(&pool->generation, 1, memory_order_release);
  if (pool->sleeping > 0) pthread_cond_broadcast(&pool->wake);
  pthread_mutex_unlock(&pool->mutex);
  run_chunk(pool, 0);
  for (unsigned spins = 0; atomic_load_explicit(&pool->pending, memory_order_acquire) != 0; spins++) {
    if (spins < SPIN_POLLS) cpu_relax();
    else sched_yield();
  }
}

void tflc_parallel_for(tflc_context *ctx, size_t max_threads, size_t n, tflc_parallel_fn fn, void *arg) {
  tflc_threadpool_run(ctx->interpreter->threadpool, max_threads, n, fn, arg);
}
