/*
** threadpool_test.c — tflc's thread pool (src/runtime/threadpool.h): every item of [0, n) is
** processed exactly once, chunks are the documented contiguous ranges of the documented thread,
** for pool sizes 2..5, max_threads below and above the pool, n from 0 to above the pool size,
** and many jobs in a row (workers spinning and sleeping between them). Timing-free.
*/
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/threadpool.h"
#include "test_util.h"

TEST_COUNTERS;

typedef struct job {
  size_t n, chunks;
  atomic_int *hits; /* [n] */
  atomic_int bad_range;
} job;

static void visit(void *arg, size_t thread, size_t begin, size_t end) {
  job *j = arg;
  /* Chunk t is [n*t/T, n*(t+1)/T) (threadpool.h). */
  if (thread >= j->chunks || begin != j->n * thread / j->chunks || end != j->n * (thread + 1) / j->chunks)
    atomic_fetch_add(&j->bad_range, 1);
  for (size_t i = begin; i < end; i++) atomic_fetch_add(&j->hits[i], 1);
}

/* One run; returns 0 when every item was visited once by its chunk. */
static int run_once(tflc_threadpool *pool, size_t max_threads, size_t n) {
  job j = {n, 0, calloc(n + 1, sizeof(atomic_int)), 0};
  size_t chunks = tflc_threadpool_size(pool);
  if (max_threads < chunks) chunks = max_threads;
  if (n < chunks) chunks = n;
  j.chunks = chunks ? chunks : 1;
  tflc_threadpool_run(pool, max_threads, n, visit, &j);
  int bad = atomic_load(&j.bad_range) != 0;
  for (size_t i = 0; i < n; i++)
    if (atomic_load(&j.hits[i]) != 1) {
      printf("FAIL pool %zu, max_threads %zu, n %zu: item %zu visited %d times\n", tflc_threadpool_size(pool),
             max_threads, n, i, atomic_load(&j.hits[i]));
      bad = 1;
      break;
    }
  if (atomic_load(&j.bad_range)) printf("FAIL pool %zu, max_threads %zu, n %zu: a chunk had the wrong range\n",
                                        tflc_threadpool_size(pool), max_threads, n);
  free(j.hits);
  return bad;
}

int main(void) {
  CHECK(tflc_threadpool_create(1) == NULL); /* one thread: no pool, callers run serially */
  CHECK(tflc_threadpool_size(NULL) == 1);
  CHECK(run_once(NULL, 4, 37) == 0);
  for (size_t threads = 2; threads <= 5; threads++) {
    tflc_threadpool *pool = tflc_threadpool_create(threads);
    CHECK(pool != NULL && tflc_threadpool_size(pool) == threads);
    if (!pool) continue;
    const size_t ns[] = {0, 1, 2, threads - 1, threads, threads + 1, 97, 1000};
    for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++)
      for (size_t max_threads = 1; max_threads <= threads + 1; max_threads++)
        CHECK(run_once(pool, max_threads, ns[k]) == 0);
    int bad = 0;
    for (int rep = 0; rep < 300; rep++) bad += run_once(pool, threads, 64);
    CHECK(bad == 0);
    usleep(20000); /* let the workers fall asleep, then wake them */
    CHECK(run_once(pool, threads, 1000) == 0);
    tflc_threadpool_destroy(pool);
  }
  tflc_threadpool_destroy(NULL);
  return TEST_REPORT();
}
