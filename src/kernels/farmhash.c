/*
** farmhash.c — FarmHash Fingerprint64, written from its published algorithm (google/farmhash,
** the "na" variant behind Fingerprint64): separate mixes for 0-16, 17-32 and 33-64 bytes, and a
** 64-byte-block loop over 56 bytes of state for longer inputs. All arithmetic wraps mod 2^64;
** words are read little-endian whatever the host.
*/
#include "kernels/farmhash.h"

static const uint64_t K0 = 0xc3a5c85c97cb3127ULL;
static const uint64_t K1 = 0xb492b66fbe98f273ULL;
static const uint64_t K2 = 0x9ae16a3b2f90404fULL;

typedef struct pair64 {
  uint64_t first, second;
} pair64;

/* The little-endian 64-bit word at p. */
static uint64_t load64(const uint8_t *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--) v = v << 8 | p[i];
  return v;
}

/* The little-endian 32-bit word at p. */
static uint64_t load32(const uint8_t *p) {
  return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24;
}

/* Rotates right by shift (0 < shift < 64). */
static uint64_t rotate(uint64_t v, int shift) { return (v >> shift) | (v << (64 - shift)); }

static uint64_t shift_mix(uint64_t v) { return v ^ (v >> 47); }

/* Murmur-inspired mix of two words with multiplier mul. */
static uint64_t mix16(uint64_t u, uint64_t v, uint64_t mul) {
  uint64_t a = (u ^ v) * mul;
  a ^= a >> 47;
  uint64_t b = (v ^ a) * mul;
  b ^= b >> 47;
  return b * mul;
}

/* Inputs of 0 to 16 bytes. */
static uint64_t hash_0_to_16(const uint8_t *s, size_t len) {
  if (len >= 8) {
    uint64_t mul = K2 + len * 2;
    uint64_t a = load64(s) + K2, b = load64(s + len - 8);
    uint64_t c = rotate(b, 37) * mul + a, d = (rotate(a, 25) + b) * mul;
    return mix16(c, d, mul);
  }
  if (len >= 4) {
    uint64_t mul = K2 + len * 2;
    return mix16(len + (load32(s) << 3), load32(s + len - 4), mul);
  }
  if (len > 0) {
    uint32_t y = (uint32_t)s[0] + ((uint32_t)s[len >> 1] << 8);
    uint32_t z = (uint32_t)len + ((uint32_t)s[len - 1] << 2);
    return shift_mix(y * K2 ^ z * K0) * K2;
  }
  return K2;
}

/* Inputs of 17 to 32 bytes. */
static uint64_t hash_17_to_32(const uint8_t *s, size_t len) {
  uint64_t mul = K2 + len * 2;
  uint64_t a = load64(s) * K1, b = load64(s + 8);
  uint64_t c = load64(s + len - 8) * mul, d = load64(s + len - 16) * K2;
  return mix16(rotate(a + b, 43) + rotate(c, 30) + d, a + rotate(b + K2, 18) + c, mul);
}

/* Inputs of 33 to 64 bytes: two 32-byte mixes, the second seeded by the first. */
static uint64_t hash_33_to_64(const uint8_t *s, size_t len) {
  uint64_t mul = K2 + len * 2;
  uint64_t a = load64(s) * K2, b = load64(s + 8);
  uint64_t c = load64(s + len - 8) * mul, d = load64(s + len - 16) * K2;
  uint64_t y = rotate(a + b, 43) + rotate(c, 30) + d;
  uint64_t z = mix16(y, a + rotate(b + K2, 18) + c, mul);
  uint64_t e = load64(s + 16) * mul, f = load64(s + 24);
  uint64_t g = (y + load64(s + len - 32)) * mul, h = (z + load64(s + len - 24)) * mul;
  return mix16(rotate(e + f, 43) + rotate(g, 30) + h, e + rotate(f + a, 18) + g, mul);
}

/* A quick 16-byte mix of the 32 bytes at s with seeds a and b. */
static pair64 weak_hash_32(const uint8_t *s, uint64_t a, uint64_t b) {
  uint64_t w = load64(s), x = load64(s + 8), y = load64(s + 16), z = load64(s + 24);
  a += w;
  b = rotate(b + a + z, 21);
  uint64_t c = a;
  a += x + y;
  b += rotate(a, 44);
  return (pair64){a + z, b + c};
}

/* Inputs over 64 bytes: 64-byte blocks, then the last 64 bytes (overlapping the previous block). */
static uint64_t hash_long(const uint8_t *s, size_t len) {
  const uint64_t seed = 81;
  uint64_t x = seed, y = seed * K1 + 113, z = shift_mix(y * K2 + 113) * K2;
  pair64 v = {0, 0}, w = {0, 0};
  x = x * K2 + load64(s);
  const uint8_t *end = s + ((len - 1) / 64) * 64, *last64 = s + len - 64;
  do {
    x = rotate(x + y + v.first + load64(s + 8), 37) * K1;
    y = rotate(y + v.second + load64(s + 48), 42) * K1;
    x ^= w.second;
    y += v.first + load64(s + 40);
    z = rotate(z + w.first, 33) * K1;
    v = weak_hash_32(s, v.second * K1, x + w.first);
    w = weak_hash_32(s + 32, z + w.second, y + load64(s + 16));
    uint64_t t = z;
    z = x;
    x = t;
    s += 64;
  } while (s != end);
  uint64_t mul = K1 + ((z & 0xff) << 1);
  s = last64;
  w.first += (len - 1) & 63;
  v.first += w.first;
  w.first += v.first;
  x = rotate(x + y + v.first + load64(s + 8), 37) * mul;
  y = rotate(y + v.second + load64(s + 48), 42) * mul;
  x ^= w.second * 9;
  y += v.first * 9 + load64(s + 40);
  z = rotate(z + w.first, 33) * mul;
  v = weak_hash_32(s, v.second * mul, x + w.first);
  w = weak_hash_32(s + 32, z + w.second, y + load64(s + 16));
  uint64_t t = z;
  z = x;
  x = t;
  return mix16(mix16(v.first, w.first, mul) + shift_mix(y) * K0 + z, mix16(v.second, w.second, mul) + x, mul);
}

uint64_t tflc_fingerprint64(const void *data, size_t len) {
  const uint8_t *s = data;
  if (len <= 16) return hash_0_to_16(s, len);
  if (len <= 32) return hash_17_to_32(s, len);
  if (len <= 64) return hash_33_to_64(s, len);
  return hash_long(s, len);
}
