/*
** farmhash.h — FarmHash's Fingerprint64 (farmhashna::Hash64), the hash TensorFlow Lite's
** LSH_PROJECTION applies to its seed + input keys (::util::Fingerprint64).
*/
#ifndef TFLC_KERNELS_FARMHASH_H_
#define TFLC_KERNELS_FARMHASH_H_

#include <stddef.h>
#include <stdint.h>

/* The 64-bit fingerprint of len bytes at s; stable across platforms (little-endian reads). */
uint64_t tflc_fingerprint64(const void *s, size_t len);

#endif /* TFLC_KERNELS_FARMHASH_H_ */
