/*
** pool.h — a bump allocator for data that lives exactly as long as its owner (a model's
** arrays). One free releases everything; every allocation is checked.
*/
#ifndef TFLC_RUNTIME_POOL_H_
#define TFLC_RUNTIME_POOL_H_

#include <stddef.h>

typedef struct tflc_pool tflc_pool;

tflc_pool *tflc_pool_init(void);
/* Zeroed, 16-byte aligned memory of `count * size` bytes, or NULL (overflow or out of memory). */
void *tflc_pool_alloc(tflc_pool *pool, size_t count, size_t size);
void tflc_pool_free(tflc_pool *pool);

#endif /* TFLC_RUNTIME_POOL_H_ */
