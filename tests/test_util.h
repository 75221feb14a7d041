/*
** test_util.h — small helpers shared by tflc's C tests.
*/
#ifndef TFLC_TESTS_TEST_UTIL_H_
#define TFLC_TESTS_TEST_UTIL_H_

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* The shared data folder: $TFLC_SHARED, else ../shared. */
static inline const char *test_shared_dir(void) {
  const char *dir = getenv("TFLC_SHARED");
  return dir && dir[0] ? dir : "../shared";
}

/* The whole file in a new buffer (free it), or NULL. */
static inline uint8_t *test_read_file(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return NULL;
  uint8_t *data = NULL;
  long n = -1;
  if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
    data = malloc((size_t)n + 1);
    if (data && fread(data, 1, (size_t)n, f) != (size_t)n) {
      free(data);
      data = NULL;
    }
  }
  fclose(f);
  if (data) *size = (size_t)n;
  return data;
}

/* CHECK(cond): counts a pass or prints the failed condition with its line. */
#define CHECK(cond)                                                      \
  do {                                                                   \
    if (cond) {                                                          \
      test_passed++;                                                     \
    } else {                                                             \
      test_failed++;                                                     \
      printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);             \
    }                                                                    \
  } while (0)

#define TEST_COUNTERS static int test_passed, test_failed
#define TEST_REPORT()                                              \
  (printf("%d passed, %d failed\n", test_passed, test_failed), test_failed != 0)

#endif /* TFLC_TESTS_TEST_UTIL_H_ */
