/*
** fetch.h — downloading catalog models into the local cache, checked.
**
** tflc_fetch_model downloads an entry's URL with libcurl (http/https only), extracts the
** .tflite member from a .tgz (zlib + the checked tar reader below) or .zip (tasks/zip.h),
** or takes a bare .tflite as is, checks its size and sha256 when the catalog knows them,
** and moves it into the cache with rename(2), so the cache only ever holds complete files:
**   CACHE/NAME.tflite          the model
**   CACHE/NAME.tflite.sha256   "HEX  NAME.tflite" for files without a published digest
**                              (the digest of what was received, not a verification)
** Temporary files (.NAME.*) are removed on every failure path. The member is matched by
** base name (the archives put it at "./x.tflite" or "dir/x.tflite"); a member whose path is
** absolute or contains a ".." component is refused, whatever its base name.
*/
#ifndef TFLC_TASKS_FETCH_H_
#define TFLC_TASKS_FETCH_H_

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tasks/catalog.h"

#define TFLC_FETCH_MAX_MODEL ((uint64_t)2 << 30) /* bytes of one extracted .tflite */
#define TFLC_FETCH_MAX_ZIP ((size_t)1 << 30)     /* zip archives are read into memory */

typedef struct tflc_fetch_options {
  const char *cache_dir; /* NULL: tflc_fetch_cache_dir() */
  const char *mirror;    /* NULL: $TFLC_MODEL_MIRROR (may be unset: the published URL) */
  int progress;          /* draw a progress bar on stderr (callers pass isatty(2)) */
} tflc_fetch_options;

typedef struct tflc_fetch_result {
  char path[4096];  /* the cached .tflite */
  char sha256[65];  /* its digest */
  uint64_t size;
  int verified;     /* 1: digest equals the catalog's published one */
  int from_cache;   /* 1: nothing was downloaded */
} tflc_fetch_result;

/* $TFLC_CACHE_DIR, else $XDG_CACHE_HOME/tflc/models, else $HOME/.cache/tflc/models. */
int tflc_fetch_cache_dir(char *out, size_t outlen, char *err, size_t errlen);

/*
** The URL to download: `url` itself without a mirror, else mirror + "/" + url's path below
** download.tensorflow.org (named as the host, or as the first path segment on
** storage.googleapis.com / storage.cloud.google.com). -1 for a URL outside that bucket.
*/
int tflc_fetch_mirror_url(const char *url, const char *mirror, char *out, size_t outlen, char *err, size_t errlen);

/* Where the entry's file lives in cache_dir (whether or not it is there). */
int tflc_fetch_cached_path(const tflc_catalog_entry *entry, const char *cache_dir, char *out, size_t outlen,
                           char *err, size_t errlen);

/*
** Makes sure the entry's .tflite is in the cache: a cached file is checked (against the
** published digest, else the recorded one) and used; otherwise it is downloaded. Returns 0,
** or -1 with a message saying what failed (HTTP status, truncation, checksum, archive).
*/
int tflc_fetch_model(const tflc_catalog_entry *entry, const tflc_fetch_options *options, tflc_fetch_result *result,
                     char *err, size_t errlen);

/*
** Copies the regular file whose path matches `member` (see above) out of the gzip-compressed
** tar archive at `archive` into `out`, feeding its bytes to the digest when sha is not NULL.
** Every header's checksum, size and name is checked. Returns 0, or -1 with a message (no such
** member, unsafe path, truncated or corrupt archive, larger than max_size).
*/
struct tflc_sha256;
int tflc_tgz_extract(const char *archive, const char *member, FILE *out, struct tflc_sha256 *sha, uint64_t max_size,
                     uint64_t *size, char *err, size_t errlen);

#endif /* TFLC_TASKS_FETCH_H_ */
