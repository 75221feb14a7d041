/*
** replay_main.c — replays inputs that once crashed a fuzz target, in ordinary builds.
**
** Linked with one of fuzz/fuzz_*.c (tests/CMakeLists.txt), it feeds every file in the
** folders given on the command line to that target's LLVMFuzzerTestOneInput, exactly as
** libFuzzer would. The harness aborts on a finding, and the sanitizer build reports any
** memory error, so the test fails if a fixed crash comes back.
*/
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv) {
  int replayed = 0;
  for (int a = 1; a < argc; a++) {
    DIR *d = opendir(argv[a]);
    if (d == NULL) {
      printf("FAIL cannot open %s\n", argv[a]);
      return 1;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
      if (e->d_name[0] == '.') continue;
      char path[4096];
      snprintf(path, sizeof path, "%s/%s", argv[a], e->d_name);
      size_t size;
      uint8_t *data = test_read_file(path, &size);
      if (data == NULL) continue; /* a folder */
      uint8_t *exact = malloc(size ? size : 1); /* exact size, as libFuzzer passes it */
      memcpy(exact, data, size);
      free(data);
      printf("replaying %s (%zu bytes)\n", path, size);
      fflush(stdout);
      LLVMFuzzerTestOneInput(exact, size);
      free(exact);
      replayed++;
    }
    closedir(d);
  }
  printf("%d inputs replayed without a finding\n", replayed);
  return replayed == 0; /* an empty folder means the inputs went missing */
}
