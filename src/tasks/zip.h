/*
** zip.h — a reader for the ZIP archive that TFLite metadata appends to a .tflite file.
**
** tflite-support writes associated files (label lists, vocabularies) as a ZIP archive
** after the FlatBuffer, so the file is both a model and a ZIP whose central directory
** sits at the end. The reader works on the file's bytes in memory and trusts nothing:
** every offset and length is checked against the buffer before use. Only what such
** archives need is supported: stored and deflated entries, no ZIP64, no encryption,
** one disk.
**
** Functions return 0 on success and -1 with a message in err for a malformed archive
** (tflc_zip_open also returns 1 when the bytes hold no ZIP archive at all).
*/
#ifndef TFLC_TASKS_ZIP_H_
#define TFLC_TASKS_ZIP_H_

#include <stddef.h>
#include <stdint.h>

typedef struct tflc_zip {
  const uint8_t *buf;
  size_t size;
  uint64_t cd_pos;  /* absolute offset of the central directory in buf */
  uint64_t cd_size;
  uint64_t base;    /* bytes before the archive (the model): added to its offsets */
  uint32_t nentries;
} tflc_zip;

typedef struct tflc_zip_entry {
  const char *name; /* points into the buffer; NOT NUL-terminated */
  size_t name_len;
  uint16_t flags, method;
  uint32_t crc32, compressed_size, size;
  uint64_t local_header; /* absolute offset in buf */
} tflc_zip_entry;

/* Iteration state for tflc_zip_next; start with {0}. */
typedef struct tflc_zip_cursor {
  uint64_t pos;   /* offset inside the central directory */
  uint32_t index; /* entries read so far */
} tflc_zip_cursor;

/*
** Finds the end-of-central-directory record by scanning backwards from the end (it may
** be followed by a comment of up to 65535 bytes) and checks where it points. A candidate
** signature whose directory does not check out is skipped, since model weights can
** contain the signature bytes by chance. Returns 0 (found), 1 (no archive) or -1.
*/
int tflc_zip_open(const uint8_t *buf, size_t size, tflc_zip *zip, char *err, size_t errlen);

/* Reads the next central directory entry: 0 and *entry set, 1 at the end, -1 if malformed. */
int tflc_zip_next(const tflc_zip *zip, tflc_zip_cursor *cursor, tflc_zip_entry *entry, char *err,
                  size_t errlen);

/*
** Extracts an entry into a new buffer (malloc; caller frees) with a NUL appended after
** its `size` bytes. Refuses entries larger than max_size, and checks the CRC-32.
*/
int tflc_zip_extract(const tflc_zip *zip, const tflc_zip_entry *entry, size_t max_size,
                     uint8_t **out, size_t *out_size, char *err, size_t errlen);

#endif /* TFLC_TASKS_ZIP_H_ */
