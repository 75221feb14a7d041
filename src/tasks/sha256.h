/*
** sha256.h — SHA-256 (FIPS 180-4), to verify downloaded models against published digests.
*/
#ifndef TFLC_TASKS_SHA256_H_
#define TFLC_TASKS_SHA256_H_

#include <stddef.h>
#include <stdint.h>

typedef struct tflc_sha256 {
  uint32_t state[8];
  uint64_t length; /* bytes hashed so far */
  uint8_t block[64];
  size_t used;     /* bytes waiting in block */
} tflc_sha256;

void tflc_sha256_init(tflc_sha256 *ctx);
void tflc_sha256_update(tflc_sha256 *ctx, const void *data, size_t size);
/* Finishes the hash and writes it as 64 lower-case hex digits and a NUL into hex[65]. */
void tflc_sha256_final_hex(tflc_sha256 *ctx, char hex[65]);
/* Hashes a whole file into hex[65]; returns 0, or -1 with a message. */
int tflc_sha256_file(const char *path, char hex[65], uint64_t *size, char *err, size_t errlen);

#endif /* TFLC_TASKS_SHA256_H_ */
