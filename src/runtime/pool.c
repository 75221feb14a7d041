/*
** pool.c — see pool.h. Each allocation is its own block on a singly linked list: models
** have a few thousand small arrays at most, so simplicity wins over packing.
*/
#include "runtime/pool.h"

#include <stdint.h>
#include <stdlib.h>

typedef struct pool_block {
  struct pool_block *next;
  _Alignas(16) unsigned char data[];
} pool_block;

struct tflc_pool {
  pool_block *head;
};

tflc_pool *tflc_pool_init(void) { return calloc(1, sizeof(tflc_pool)); }

void *tflc_pool_alloc(tflc_pool *pool, size_t count, size_t size) {
  if (size != 0 && count > (SIZE_MAX - sizeof(pool_block)) / size) return NULL;
  pool_block *b = calloc(1, sizeof(pool_block) + (count * size != 0 ? count * size : 1));
  if (b == NULL) return NULL;
  b->next = pool->head;
  pool->head = b;
  return b->data;
}

void tflc_pool_free(tflc_pool *pool) {
  if (pool == NULL) return;
  for (pool_block *b = pool->head; b != NULL;) {
    pool_block *next = b->next;
    free(b);
    b = next;
  }
  free(pool);
}
