/*
** fetch.c — download, extract, verify and cache catalog models (see fetch.h).
*/
#include "tasks/fetch.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tasks/sha256.h"
#include "tasks/zip.h"

int tflc_fetch_cache_dir(char *out, size_t outlen, char *err, size_t errlen) {
  const char *dir = getenv("TFLC_CACHE_DIR"), *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
  size_t n;
  if (dir && dir[0]) n = (size_t)snprintf(out, outlen, "%s", dir);
  else if (xdg && xdg[0] == '/') n = (size_t)snprintf(out, outlen, "%s/tflc/models", xdg);
  else if (home && home[0]) n = (size_t)snprintf(out, outlen, "%s/.cache/tflc/models", home);
  else return snprintf(err, errlen, "no cache directory: set TFLC_CACHE_DIR, XDG_CACHE_HOME or HOME"), -1;
  if (n >= outlen) return snprintf(err, errlen, "cache directory path is too long"), -1;
  return 0;
}

int tflc_fetch_mirror_url(const char *url, const char *mirror, char *out, size_t outlen, char *err, size_t errlen) {
  if (mirror == NULL || mirror[0] == 0) {
    if ((size_t)snprintf(out, outlen, "%s", url) >= outlen) return snprintf(err, errlen, "URL too long"), -1;
    return 0;
  }
  static const char bucket[] = "download.tensorflow.org/";
  const char *rest = strstr(url, "://");
  rest = rest ? rest + 3 : url;
  const char *path = NULL;
  if (strncmp(rest, bucket, sizeof bucket - 1) == 0) path = rest + sizeof bucket - 1;
  else if (strncmp(rest, "storage.googleapis.com/", 23) == 0 && strncmp(rest + 23, bucket, sizeof bucket - 1) == 0)
    path = rest + 23 + sizeof bucket - 1;
  else if (strncmp(rest, "storage.cloud.google.com/", 25) == 0 && strncmp(rest + 25, bucket, sizeof bucket - 1) == 0)
    path = rest + 25 + sizeof bucket - 1;
  if (path == NULL) return snprintf(err, errlen, "cannot map %s onto TFLC_MODEL_MIRROR: not under download.tensorflow.org", url), -1;
  size_t mlen = strlen(mirror);
  while (mlen > 0 && mirror[mlen - 1] == '/') mlen--;
  if ((size_t)snprintf(out, outlen, "%.*s/%s", (int)mlen, mirror, path) >= outlen) return snprintf(err, errlen, "URL too long"), -1;
  return 0;
}

int tflc_fetch_cached_path(const tflc_catalog_entry *entry, const char *cache_dir, char *out, size_t outlen,
                           char *err, size_t errlen) {
  if (entry->name[0] == '.' || strchr(entry->name, '/') != NULL)
    return snprintf(err, errlen, "catalog name '%s' cannot be a file name", entry->name), -1;
  if ((size_t)snprintf(out, outlen, "%s/%s.tflite", cache_dir, entry->name) >= outlen)
    return snprintf(err, errlen, "cache path too long"), -1;
  return 0;
}

/* mkdir -p: creates each missing directory of path. */
static int make_dirs(const char *path, char *err, size_t errlen) {
  char buf[4096];
  if ((size_t)snprintf(buf, sizeof buf, "%s", path) >= sizeof buf) return snprintf(err, errlen, "path too long"), -1;
  for (char *p = buf + 1;; p++) {
    if (*p == '/' || *p == 0) {
      char saved = *p;
      *p = 0;
      if (mkdir(buf, 0755) != 0 && errno != EEXIST) return snprintf(err, errlen, "cannot create %s: %s", buf, strerror(errno)), -1;
      *p = saved;
      if (saved == 0) return 0;
    }
  }
}

/* A new temporary file in dir, named .NAME.TAG.XXXXXX so it never looks like a cached model. */
static FILE *temp_file(const char *dir, const char *name, const char *tag, char *path, size_t pathlen, char *err,
                       size_t errlen) {
  if ((size_t)snprintf(path, pathlen, "%s/.%s.%s.XXXXXX", dir, name, tag) >= pathlen) return snprintf(err, errlen, "path too long"), NULL;
  int fd = mkstemp(path);
  if (fd < 0) return snprintf(err, errlen, "cannot create a file in %s: %s", dir, strerror(errno)), NULL;
  FILE *f = fdopen(fd, "w+b");
  if (f == NULL) {
    snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
    close(fd);
    unlink(path);
  }
  return f;
}

/* Flushes and fsyncs f, then closes it; -1 (with a message) when any step fails. */
static int finish_file(FILE *f, const char *path, char *err, size_t errlen) {
  int failed = fflush(f) != 0 || fsync(fileno(f)) != 0;
  failed |= fclose(f) != 0;
  if (failed) return snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno)), -1;
  return 0;
}

typedef struct progress_state {
  const char *name;
  int drawn;
} progress_state;

/* libcurl progress callback: one redrawn line on stderr (only set up for terminals). */
static int draw_progress(void *user, curl_off_t total, curl_off_t now, curl_off_t ut, curl_off_t un) {
  progress_state *p = user;
  if (total <= 0 && now <= 0) return 0;
  int width = 30, filled = total > 0 ? (int)(now * width / total) : 0;
  char bar[31];
  for (int i = 0; i < width; i++) bar[i] = i < filled ? '#' : ' ';
  bar[width] = 0;
  if (total > 0) fprintf(stderr, "\r%s [%s] %3d%% %.1f/%.1f MB", p->name, bar, (int)(now * 100 / total), now / 1e6, total / 1e6);
  else fprintf(stderr, "\r%s %.1f MB", p->name, now / 1e6);
  p->drawn = 1;
  return 0;
}

/* Downloads url into the open file f. Returns 0, or -1 saying why (HTTP status, truncation, network). */
static int download(const char *url, FILE *f, const char *name, int progress, char *err, size_t errlen) {
  CURL *curl = curl_easy_init();
  if (curl == NULL) return snprintf(err, errlen, "cannot initialise libcurl"), -1;
  char curl_err[CURL_ERROR_SIZE] = "";
  progress_state state = {name, 0};
  curl_easy_setopt(curl, CURLOPT_URL, url);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, f);
  curl_easy_setopt(curl, CURLOPT_FAILONERROR, 1L);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 10L);
#if LIBCURL_VERSION_NUM >= 0x075500
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#endif
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 30L);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, 60L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curl_err);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, progress ? 0L : 1L);
  if (progress) {
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, draw_progress);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &state);
  }
  CURLcode rc = curl_easy_perform(curl);
  if (state.drawn) fputc('\n', stderr);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK) {
    const char *why = curl_err[0] ? curl_err : curl_easy_strerror(rc);
    if (rc == CURLE_PARTIAL_FILE) return snprintf(err, errlen, "download of %s was cut short (%s)", url, why), -1;
    return snprintf(err, errlen, "download of %s failed: %s", url, why), -1;
  }
  if (fflush(f) != 0) return snprintf(err, errlen, "cannot write the download: %s", strerror(errno)), -1;
  return 0;
}

/* Copies the member out of the zip archive at path into out, hashing it. */
static int zip_extract_member(const char *path, const char *member, FILE *out, tflc_sha256 *sha, uint64_t *size,
                              char *err, size_t errlen) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno)), -1;
  uint8_t *buf = NULL;
  long len = -1;
  if (fseek(f, 0, SEEK_END) == 0) len = ftell(f);
  if (len < 0 || (uint64_t)len > TFLC_FETCH_MAX_ZIP || fseek(f, 0, SEEK_SET) != 0 ||
      (buf = malloc((size_t)len + 1)) == NULL || fread(buf, 1, (size_t)len, f) != (size_t)len) {
    fclose(f);
    free(buf);
    return snprintf(err, errlen, "cannot read zip archive %s (unreadable or over %zu bytes)", path, TFLC_FETCH_MAX_ZIP), -1;
  }
  fclose(f);
  tflc_zip zip;
  int rc = tflc_zip_open(buf, (size_t)len, &zip, err, errlen);
  if (rc == 1) snprintf(err, errlen, "download is not a zip archive");
  tflc_zip_cursor cursor = {0};
  tflc_zip_entry e;
  int found = 0;
  while (rc == 0 && !found && (rc = tflc_zip_next(&zip, &cursor, &e, err, errlen)) == 0) {
    char name[4096];
    snprintf(name, sizeof name, "%.*s", (int)e.name_len, e.name);
    size_t n = strlen(name), m = strlen(member);
    const char *base = name;
    while (base[0] == '.' && base[1] == '/') base += 2;
    if (!(strcmp(base, member) == 0 || (n > m && name[n - m - 1] == '/' && strcmp(name + n - m, member) == 0))) continue;
    found = 1;
    if (name[0] == '/' || strcmp(name, "..") == 0 || strncmp(name, "../", 3) == 0 || strstr(name, "/../") != NULL) {
      rc = -1;
      snprintf(err, errlen, "archive member '%s' has an unsafe path (absolute or with '..'); refusing it", name);
      break;
    }
    uint8_t *data = NULL;
    size_t data_size = 0;
    rc = tflc_zip_extract(&zip, &e, (size_t)TFLC_FETCH_MAX_MODEL, &data, &data_size, err, errlen);
    if (rc == 0 && fwrite(data, 1, data_size, out) != data_size) rc = -1, snprintf(err, errlen, "cannot write the extracted file: %s", strerror(errno));
    if (rc == 0) tflc_sha256_update(sha, data, data_size), *size = data_size;
    free(data);
  }
  if (rc == 1) rc = -1, snprintf(err, errlen, "archive has no member '%s'", member);
  free(buf);
  return rc;
}

/* Copies a whole bare download into out, hashing it. */
static int copy_bare(FILE *in, FILE *out, tflc_sha256 *sha, uint64_t *size, char *err, size_t errlen) {
  uint8_t buf[1 << 16];
  size_t n;
  *size = 0;
  rewind(in);
  while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
    if (fwrite(buf, 1, n, out) != n) return snprintf(err, errlen, "cannot write the model: %s", strerror(errno)), -1;
    tflc_sha256_update(sha, buf, n);
    *size += n;
  }
  return ferror(in) ? (snprintf(err, errlen, "cannot read the download back"), -1) : 0;
}

/* Ends with suffix? */
static int ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Writes "HEX  NAME.tflite" beside the model, atomically (temp file + rename). */
static int record_digest(const char *cache_dir, const tflc_catalog_entry *e, const char *model_path, const char *hex,
                         char *err, size_t errlen) {
  char tmp[4200], final[4200];
  snprintf(final, sizeof final, "%s.sha256", model_path);
  FILE *f = temp_file(cache_dir, e->name, "sha256", tmp, sizeof tmp, err, errlen);
  if (f == NULL) return -1;
  fprintf(f, "%s  %s.tflite\n", hex, e->name);
  if (fchmod(fileno(f), 0644) != 0) return fclose(f), unlink(tmp), snprintf(err, errlen, "cannot set the mode of %s: %s", tmp, strerror(errno)), -1;
  if (finish_file(f, tmp, err, errlen) != 0 || rename(tmp, final) != 0) {
    if (!err[0]) snprintf(err, errlen, "cannot store %s: %s", final, strerror(errno));
    unlink(tmp);
    return -1;
  }
  return 0;
}

/* Reads the digest recorded beside an unverified model; 0 when one was read. */
static int read_recorded_digest(const char *model_path, char hex[65]) {
  char path[4200];
  snprintf(path, sizeof path, "%s.sha256", model_path);
  FILE *f = fopen(path, "r");
  if (f == NULL) return -1;
  int ok = fscanf(f, "%64s", hex) == 1 && strlen(hex) == 64;
  fclose(f);
  return ok ? 0 : -1;
}

/* Uses the cached file when present and intact; 1 when it must be (re)downloaded. */
static int check_cached(const tflc_catalog_entry *e, tflc_fetch_result *r, char *err, size_t errlen) {
  if (access(r->path, F_OK) != 0) return 1;
  char recorded[65] = "";
  if (tflc_sha256_file(r->path, r->sha256, &r->size, err, errlen) != 0) return -1;
  if (e->sha256) {
    if (strcmp(r->sha256, e->sha256) == 0) return r->verified = 1, r->from_cache = 1, 0;
  } else if (read_recorded_digest(r->path, recorded) == 0 && strcmp(recorded, r->sha256) == 0) {
    return r->from_cache = 1, 0;
  }
  fprintf(stderr, "tflc: cached %s does not match its digest; downloading it again\n", r->path);
  unlink(r->path);
  return 1;
}

/* Checks the extracted model against the catalog's size and digest. */
static int verify(const tflc_catalog_entry *e, const tflc_fetch_result *r, char *err, size_t errlen) {
  if (r->size == 0) return snprintf(err, errlen, "the extracted model is empty"), -1;
  if (e->bytes >= 0 && r->size != (uint64_t)e->bytes)
    return snprintf(err, errlen, "size mismatch: got %llu bytes, the catalog says %lld; nothing was stored", (unsigned long long)r->size, (long long)e->bytes), -1;
  if (e->sha256 && strcmp(r->sha256, e->sha256) != 0)
    return snprintf(err, errlen, "checksum mismatch: got sha256 %s, expected %s; nothing was stored", r->sha256, e->sha256), -1;
  return 0;
}

/* Downloads into a temp file, extracts into another, verifies, renames into place. */
static int fetch_fresh(const tflc_catalog_entry *e, const char *cache_dir, const char *url, int progress,
                       tflc_fetch_result *r, char *err, size_t errlen) {
  char dl_path[4200], model_tmp[4200];
  FILE *dl = temp_file(cache_dir, e->name, "download", dl_path, sizeof dl_path, err, errlen);
  if (dl == NULL) return -1;
  FILE *model = temp_file(cache_dir, e->name, "tflite", model_tmp, sizeof model_tmp, err, errlen);
  if (model == NULL) return fclose(dl), unlink(dl_path), -1;
  tflc_sha256 sha;
  tflc_sha256_init(&sha);
  int rc = download(url, dl, e->name, progress, err, errlen);
  if (rc == 0) {
    if (strcmp(e->member, "-") == 0) rc = copy_bare(dl, model, &sha, &r->size, err, errlen);
    else if (ends_with(e->url, ".zip")) rc = zip_extract_member(dl_path, e->member, model, &sha, &r->size, err, errlen);
    else rc = tflc_tgz_extract(dl_path, e->member, model, &sha, TFLC_FETCH_MAX_MODEL, &r->size, err, errlen);
    if (rc != 0 && strncmp(err, "download of", 11) != 0) {
      char inner[1024];
      snprintf(inner, sizeof inner, "%s", err);
      snprintf(err, errlen, "%s: %s", url, inner);
    }
  }
  fclose(dl);
  unlink(dl_path);
  if (rc == 0) tflc_sha256_final_hex(&sha, r->sha256), rc = verify(e, r, err, errlen);
  char scratch[256];
  if (rc == 0 && fchmod(fileno(model), 0644) != 0) rc = -1, snprintf(err, errlen, "cannot set the mode of %s: %s", model_tmp, strerror(errno));
  if (finish_file(model, model_tmp, rc == 0 ? err : scratch, rc == 0 ? errlen : sizeof scratch) != 0) rc = -1;
  if (rc == 0 && !e->sha256) rc = record_digest(cache_dir, e, r->path, r->sha256, err, errlen);
  if (rc == 0 && rename(model_tmp, r->path) != 0) rc = -1, snprintf(err, errlen, "cannot store %s: %s", r->path, strerror(errno));
  if (rc != 0) unlink(model_tmp);
  r->verified = rc == 0 && e->sha256 != NULL;
  return rc;
}

int tflc_fetch_model(const tflc_catalog_entry *e, const tflc_fetch_options *o, tflc_fetch_result *r, char *err,
                     size_t errlen) {
  memset(r, 0, sizeof *r);
  err[0] = 0;
  char cache_dir[4096], url[4096];
  if (o && o->cache_dir) snprintf(cache_dir, sizeof cache_dir, "%s", o->cache_dir);
  else if (tflc_fetch_cache_dir(cache_dir, sizeof cache_dir, err, errlen) != 0) return -1;
  const char *mirror = o && o->mirror ? o->mirror : getenv("TFLC_MODEL_MIRROR");
  if (tflc_fetch_cached_path(e, cache_dir, r->path, sizeof r->path, err, errlen) != 0) return -1;
  int cached = check_cached(e, r, err, errlen);
  if (cached <= 0) return cached;
  if (tflc_fetch_mirror_url(e->url, mirror, url, sizeof url, err, errlen) != 0) return -1;
  if (make_dirs(cache_dir, err, errlen) != 0) return -1;
  return fetch_fresh(e, cache_dir, url, o ? o->progress : 0, r, err, errlen);
}
