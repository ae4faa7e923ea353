/*
 * read.c - stage 1 of the pipeline: the readers.
 *
 * A px_reader turns a list of paths (files, directories, "-" for stdin)
 * into px_records, one article at a time, without looking at what the
 * article says. It knows four input formats:
 *
 *   text   one article per file; the whole file is the body.
 *   JSONL  one JSON object per line (news-please, newspaper, CC-NEWS
 *          exports, SemEval-2022 Task 8 ...). A ".json" file (or one that
 *          starts with '[' or with a lone '{' line) that fits in max_record
 *          is first tried as one JSON document: an object is one record, an
 *          array gives one record per object element.
 *          JSON is parsed with cJSON and must be valid UTF-8 with nothing
 *          after the value; a name given twice keeps its last value;
 *          numbers are read as doubles (integers exact up to 2^53); a
 *          string is cut at an escaped NUL (\u0000). px_reader_field gives
 *          any member of the record's object by name, px_reader_pair_side
 *          either article of a pair line (SemEval-2022 Task 8: title1,
 *          text1, lang1, title2, ...) as a record of its own.
 *   HTML   one web page per file; kind PX_BODY_HTML.
 *
 * Directories are walked depth-first, entries in byte order of their names
 * (strcmp), hidden entries (".name") skipped, symbolic links to
 * directories not followed, other non-regular files found while walking
 * ignored. Every regular file found is read.
 *   WARC   web archives, plain or gzipped (one gzip member per record, as
 *          Common Crawl writes them, or one member for the whole file);
 *          only HTML "response" records with a 2xx status become records,
 *          the others are skipped and counted (px_reader_skipped).
 *
 * Any file may be gzipped: that is decided by its first bytes (1f 8b), not
 * by its name. The format comes from opts->format, else from the name
 * (.jsonl .ndjson .json .txt .html .htm .warc, each optionally + .gz), else
 * from the first non-blank bytes of the content.
 *
 * Guarantees
 *  - Streaming: memory is bounded by max_record (plus a 1 MiB read buffer
 *    and a window of at most about twice max_record), never by file size.
 *  - A broken record is reported (px_error: file, offset, reason) and
 *    skipped; reading goes on with the next record, or with the next file
 *    when the rest of the file cannot be trusted (truncated gzip in a
 *    non-WARC file). WARC readers resynchronise at the next gzip member or
 *    "WARC/1." header.
 *  - Offsets: for text and JSONL the byte offset of the record in the
 *    (uncompressed) stream; for WARC the offset of the "WARC/1." line in an
 *    uncompressed file, and for gzipped WARC the offset in the compressed
 *    file of the gzip member the record starts in (what Common Crawl's
 *    index calls "offset" and what tools that seek expect). Records of a
 *    JSON document (whole-file .json) have offset 0.
 *  - Records and their strings are owned by the reader until the next call.
 *  - No global mutable state.
 */
#define _GNU_SOURCE
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define RD_CHUNK (1u << 20)          /* read buffer and initial window */
#define RD_MEM_CHUNK (16u << 10)     /* window for in-memory input (fuzzing) */
#define RD_DEFAULT_MAX ((size_t)64 << 20)
#define RD_MAX_DEPTH 64              /* directory nesting followed */
#define RD_WARC_HDR_MAX (64u << 10)  /* largest WARC / HTTP header block */

/* ------------------------------------------------------------ the stream */

/* Where a gzip member starts: its first uncompressed byte and its offset in
 * the compressed file. */
typedef struct rd_member {
    uint64_t uoff, coff;
} rd_member;

/* One input file as a window of uncompressed bytes: buf[pos..len) are the
 * unread bytes, buf_off the stream offset of buf[0]. The window is
 * allocated with one spare byte so buf[len] can always hold a NUL. */
typedef struct rd_stream {
    int fd;                          /* -1 when reading from memory */
    bool own_fd;
    /* raw bytes as in the file (compressed for gzip) */
    unsigned char *raw;
    size_t raw_cap, raw_len, raw_pos;
    uint64_t raw_off;                /* file offset of raw[0] */
    bool raw_eof;
    bool raw_is_mem;                 /* raw points at caller memory */
    /* gzip */
    bool gz, z_ready, z_between;
    z_stream z;
    uint64_t member_coff;            /* compressed offset of current member */
    rd_member *members;
    size_t n_members, cap_members;
    /* the window */
    unsigned char *buf;
    size_t cap, len, pos, limit;
    uint64_t buf_off;
    bool eof;
    /* an error met while filling, reported once the window is drained */
    px_status err;
    uint64_t err_coff;               /* gzip member the error is in */
    char errmsg[200];
} rd_stream;

/* ------------------------------------------------------------ the reader */

enum rd_mode { M_NONE, M_TEXT, M_HTML, M_JSONL, M_JSONDOC, M_WARC };

typedef struct rd_pending {
    char *path;
    int depth;                       /* 0 for paths the caller gave */
} rd_pending;

struct px_reader {
    px_format format;
    size_t max_record;
    size_t chunk;
    /* paths still to read, as a stack (top = next) */
    rd_pending *stack;
    size_t n_stack, cap_stack;
    /* in-memory input (px_reader_open_mem) */
    const unsigned char *mem;
    size_t mem_len;
    bool mem_pending;
    char *mem_name;
    /* the current file */
    bool open, file_done;
    char *path;                      /* owned */
    int mode;
    rd_stream st;
    bool warc_resync;                /* look for the next WARC header first */
    cJSON *doc;                      /* whole-file JSON document */
    cJSON *doc_next;                 /* its next array element */
    size_t doc_index;
    /* the record handed out */
    px_record rec;
    cJSON *json;                     /* the JSONL line's object */
    const cJSON *obj;                /* the record's object (in json or doc) */
    px_buf byline, id, dec;          /* reused scratch */
    char num[9][48];                 /* numbers turned into strings */
    char pair_num[2][4][48];         /* ... for each side of a pair */
    unsigned char *saved_at;         /* byte overwritten by a NUL, restored */
    unsigned char saved_ch;
    /* counts */
    uint64_t n_records, n_failures, n_skipped;
};

/* ------------------------------------------------------------ stream helpers */

/* Read from the file descriptor, retrying on EINTR. Returns bytes read, 0
 * at end of file, -1 on error (errno set). */
static ssize_t rd_read_fd(int fd, void *p, size_t n)
{
    for (;;) {
        ssize_t k = read(fd, p, n);
        if (k >= 0 || errno != EINTR) return k;
    }
}

/* Latch an error in the stream; the first one wins. */
static void st_error(rd_stream *st, px_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void st_error(rd_stream *st, px_status code, const char *fmt, ...)
{
    if (st->err != PX_OK) return;
    st->err = code;
    st->err_coff = st->member_coff;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(st->errmsg, sizeof st->errmsg, fmt, ap);
    va_end(ap);
}

/* Move the unread raw bytes to the front and read more after them.
 * Returns bytes added, 0 at end of input, -1 on a read error (latched). */
static ssize_t st_raw_refill(rd_stream *st)
{
    if (st->raw_eof) return 0;
    if (st->raw_pos > 0) {
        memmove(st->raw, st->raw + st->raw_pos, st->raw_len - st->raw_pos);
        st->raw_off += st->raw_pos;
        st->raw_len -= st->raw_pos;
        st->raw_pos = 0;
    }
    if (st->raw_len == st->raw_cap) return 0; /* cannot happen: callers drain */
    ssize_t k = rd_read_fd(st->fd, st->raw + st->raw_len, st->raw_cap - st->raw_len);
    if (k < 0) {
        st_error(st, PX_ERR_IO, "read error: %s", strerror(errno));
        st->raw_eof = true;
        return -1;
    }
    if (k == 0) st->raw_eof = true;
    st->raw_len += (size_t)k;
    return k;
}

/* Record that a gzip member starts at the current window end. */
static bool st_push_member(rd_stream *st, uint64_t coff)
{
    void *m = st->members;
    if (!px_grow(&m, &st->cap_members, st->n_members + 1, sizeof(rd_member)))
        return false;
    st->members = m;
    st->members[st->n_members].uoff = st->buf_off + st->len;
    st->members[st->n_members].coff = coff;
    st->n_members++;
    return true;
}

/* The compressed offset of the gzip member holding stream offset uoff, or
 * uoff itself when the stream is not gzipped. */
static uint64_t st_coff(const rd_stream *st, uint64_t uoff)
{
    if (!st->gz) return uoff;
    uint64_t c = st->n_members ? st->members[0].coff : 0;
    for (size_t i = 0; i < st->n_members && st->members[i].uoff <= uoff; i++)
        c = st->members[i].coff;
    return c;
}

/* Drop member entries wholly before the window. */
static void st_trim_members(rd_stream *st)
{
    size_t k = 0;
    while (k + 1 < st->n_members && st->members[k + 1].uoff <= st->buf_off) k++;
    if (k) {
        memmove(st->members, st->members + k, (st->n_members - k) * sizeof(rd_member));
        st->n_members -= k;
    }
}

/* Inflate into the window's free space. Handles member boundaries
 * (concatenated gzip members). Returns bytes produced; 0 with st->eof at a
 * clean end, 0 with st->err on damage. */
static size_t st_inflate(rd_stream *st)
{
    size_t produced = 0;
    while (produced == 0 && st->len < st->cap) {
        if (st->z_between) {
            /* a new member must start here, or the input ends */
            if (st->raw_len - st->raw_pos < 2 && st_raw_refill(st) < 0) return 0;
            size_t avail = st->raw_len - st->raw_pos;
            if (avail == 0) {
                st->eof = true;
                return 0;
            }
            const unsigned char *p = st->raw + st->raw_pos;
            if (avail < 2 || p[0] != 0x1f || p[1] != 0x8b) {
                st->member_coff = st->raw_off + st->raw_pos;
                st_error(st, PX_ERR_FORMAT, "trailing garbage after gzip member");
                return 0;
            }
            st->member_coff = st->raw_off + st->raw_pos;
            if (inflateReset(&st->z) != Z_OK) {
                st_error(st, PX_ERR_FORMAT, "cannot reset inflate");
                return 0;
            }
            if (!st_push_member(st, st->member_coff)) {
                st_error(st, PX_ERR_NOMEM, "out of memory");
                return 0;
            }
            st->z_between = false;
        }
        if (st->raw_pos == st->raw_len) {
            ssize_t k = st_raw_refill(st);
            if (k < 0) return 0;
            if (k == 0) {
                st_error(st, PX_ERR_FORMAT, "truncated gzip member (unexpected end of file)");
                return 0;
            }
        }
        st->z.next_in = st->raw + st->raw_pos;
        st->z.avail_in = (uInt)PX_MIN(st->raw_len - st->raw_pos, (size_t)UINT32_MAX);
        st->z.next_out = st->buf + st->len;
        st->z.avail_out = (uInt)PX_MIN(st->cap - st->len, (size_t)UINT32_MAX);
        int ret = inflate(&st->z, Z_NO_FLUSH);
        size_t used = (size_t)(st->z.next_in - (st->raw + st->raw_pos));
        size_t out = (size_t)(st->z.next_out - (st->buf + st->len));
        st->raw_pos += used;
        st->len += out;
        produced += out;
        if (ret == Z_STREAM_END) {
            st->z_between = true;
        } else if (ret == Z_OK || ret == Z_BUF_ERROR) {
            if (used == 0 && out == 0 && st->raw_pos < st->raw_len) {
                st_error(st, PX_ERR_FORMAT, "gzip stream stalled");
                return produced;
            }
        } else if (ret == Z_MEM_ERROR) {
            st_error(st, PX_ERR_NOMEM, "out of memory in inflate");
            return produced;
        } else {
            st_error(st, PX_ERR_FORMAT, "corrupt gzip data: %s",
                     st->z.msg ? st->z.msg : "inflate error");
            return produced;
        }
    }
    return produced;
}

/* Make room in the window: drop the read bytes and, when it is full, grow
 * it (up to st->limit). Returns false when the window cannot grow. */
static bool st_make_room(rd_stream *st)
{
    if (st->pos > 0) {
        memmove(st->buf, st->buf + st->pos, st->len - st->pos);
        st->buf_off += st->pos;
        st->len -= st->pos;
        st->pos = 0;
        st_trim_members(st);
    }
    if (st->len < st->cap) return true;
    if (st->cap >= st->limit) return false;
    size_t ncap = st->cap * 2;
    if (ncap > st->limit) ncap = st->limit;
    unsigned char *nb = realloc(st->buf, ncap + 1);
    if (!nb) return false;
    st->buf = nb;
    st->cap = ncap;
    return true;
}

/* Read more bytes into the window (this may move the window: offsets
 * relative to st->pos stay valid, pointers do not). Returns >0 when bytes
 * were added, 0 at the end of the stream, <0 (the latched status) on an
 * error. An error is only returned once nothing more can be read, so the
 * bytes before a damaged spot are all delivered first. */
static int st_fill(rd_stream *st)
{
    if (st->err != PX_OK) return st->err;
    if (st->eof) return 0;
    if (!st_make_room(st)) {
        st_error(st, PX_ERR_TOOBIG, "record larger than the read window");
        return st->err;
    }
    size_t got = 0;
    if (st->gz) {
        got = st_inflate(st);
    } else if (st->raw_pos < st->raw_len) {
        /* bytes read ahead while sniffing for gzip */
        got = PX_MIN(st->raw_len - st->raw_pos, st->cap - st->len);
        memcpy(st->buf + st->len, st->raw + st->raw_pos, got);
        st->raw_pos += got;
        st->len += got;
    } else if (st->fd >= 0 && !st->raw_eof) {
        ssize_t k = rd_read_fd(st->fd, st->buf + st->len, st->cap - st->len);
        if (k < 0) {
            st_error(st, PX_ERR_IO, "read error: %s", strerror(errno));
        } else if (k == 0) {
            st->raw_eof = true;
        } else {
            got = (size_t)k;
            st->len += got;
        }
    }
    if (got > 0) return 1;
    if (st->err != PX_OK) return st->err;
    st->eof = true; /* (st_inflate only returns nothing at an end or error) */
    return 0;
}

/* Make sure n unread bytes are in the window. Returns 1 when they are,
 * 0 at end of stream, <0 on error. */
static int st_need(rd_stream *st, size_t n)
{
    while (st->len - st->pos < n) {
        int k = st_fill(st);
        if (k <= 0) return k;
    }
    return 1;
}

/* After damage in a gzip stream: drop the window and go on at the next
 * plausible gzip member header (1f 8b 08, no reserved flags) after the
 * damaged member's start. Returns true when one was found. */
static bool st_resync_gz(rd_stream *st)
{
    st->buf_off += st->len;
    st->len = st->pos = 0;
    st->n_members = 0;
    st->err = PX_OK;
    st->errmsg[0] = '\0';
    /* rescan from just after the damaged member's start when the raw
     * buffer still holds it, else from where inflate stopped */
    uint64_t from = st->member_coff + 1;
    if (from >= st->raw_off && from <= st->raw_off + st->raw_len)
        st->raw_pos = (size_t)(from - st->raw_off);
    for (;;) {
        const unsigned char *p = st->raw + st->raw_pos;
        size_t avail = st->raw_len - st->raw_pos;
        size_t i = 0;
        for (; i + 4 <= avail; i++) {
            if (p[i] == 0x1f && p[i + 1] == 0x8b && p[i + 2] == 8 && (p[i + 3] & 0xe0) == 0) {
                st->raw_pos += i;
                st->z_between = true;
                st->eof = false;
                return true;
            }
        }
        st->raw_pos += i;
        ssize_t k = st_raw_refill(st);
        if (k <= 0) {
            st->err = PX_OK; /* a read error here just ends the file */
            st->eof = true;
            st->raw_pos = st->raw_len;
            return false;
        }
    }
}

/* Release what the stream holds for one file; the buffers are kept for the
 * next file. */
static void st_close(rd_stream *st)
{
    if (st->own_fd && st->fd >= 0) close(st->fd);
    st->fd = -1;
    st->own_fd = false;
    if (st->z_ready) inflateEnd(&st->z);
    st->z_ready = false;
    if (st->raw_is_mem) {
        st->raw = NULL;
        st->raw_cap = 0;
        st->raw_is_mem = false;
    }
}

/* Start reading a file (fd >= 0) or memory (fd < 0: mem/mem_len): read the
 * first bytes and check for the gzip magic. Returns PX_OK or an error
 * status with the stream's error message set. */
static px_status st_open(rd_stream *st, int fd, bool own_fd, const unsigned char *mem,
                         size_t mem_len, size_t chunk, size_t limit)
{
    st->fd = fd;
    st->own_fd = own_fd;
    st->raw_len = st->raw_pos = 0;
    st->raw_off = 0;
    st->raw_eof = false;
    st->gz = st->z_between = false;
    st->member_coff = 0;
    st->n_members = 0;
    st->len = st->pos = 0;
    st->buf_off = 0;
    st->eof = false;
    st->err = PX_OK;
    st->errmsg[0] = '\0';
    st->limit = limit;
    if (!st->buf) {
        st->buf = malloc(chunk + 1);
        if (!st->buf) return PX_ERR_NOMEM;
        st->cap = chunk;
    }
    if (fd < 0) {
        st->raw = (unsigned char *)mem; /* only read, never written */
        st->raw_cap = st->raw_len = mem_len;
        st->raw_is_mem = true;
        st->raw_eof = true;
    } else {
        if (!st->raw) {
            st->raw = malloc(RD_CHUNK);
            if (!st->raw) return PX_ERR_NOMEM;
            st->raw_cap = RD_CHUNK;
        }
        /* read until two bytes are there (pipes may deliver one) */
        while (st->raw_len < 2 && !st->raw_eof)
            if (st_raw_refill(st) < 0) return st->err;
    }
    if (st->raw_len >= 2 && st->raw[0] == 0x1f && st->raw[1] == 0x8b) {
        memset(&st->z, 0, sizeof st->z);
        if (inflateInit2(&st->z, 16 + MAX_WBITS) != Z_OK) return PX_ERR_NOMEM;
        st->z_ready = true;
        st->gz = true;
        st->z_between = true;
    }
    return PX_OK;
}

/* ------------------------------------------------------------ small helpers */

/* Does s[0..n) contain needle, ignoring ASCII case? */
static bool has_ci(const unsigned char *s, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++)
        if (strncasecmp((const char *)s + i, needle, m) == 0) return true;
    return false;
}

/* The name's final component. */
static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* Does name end with ext (case-insensitive)? */
static bool ends_with_ci(const char *name, size_t n, const char *ext)
{
    size_t m = strlen(ext);
    return n >= m && strncasecmp(name + n - m, ext, m) == 0;
}

/* The mode a file's name implies, M_NONE when it says nothing. */
static int mode_from_name(const char *path)
{
    const char *b = base_name(path);
    size_t n = strlen(b);
    if (ends_with_ci(b, n, ".gz")) n -= 3;
    if (ends_with_ci(b, n, ".jsonl") || ends_with_ci(b, n, ".ndjson")) return M_JSONL;
    if (ends_with_ci(b, n, ".json")) return M_JSONDOC;
    if (ends_with_ci(b, n, ".txt")) return M_TEXT;
    if (ends_with_ci(b, n, ".html") || ends_with_ci(b, n, ".htm")) return M_HTML;
    if (ends_with_ci(b, n, ".warc")) return M_WARC;
    return M_NONE;
}

/* The mode the first bytes of the content suggest. */
static int mode_from_content(const unsigned char *p, size_t n)
{
    size_t i = 0;
    if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) i = 3;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n')) i++;
    if (i >= n) return M_TEXT;
    if (p[i] == '[') return M_JSONDOC;
    if (p[i] == '{') {
        /* a lone "{" on the first line: a pretty-printed document */
        size_t j = i + 1;
        while (j < n && (p[j] == ' ' || p[j] == '\t' || p[j] == '\r')) j++;
        return (j < n && p[j] == '\n') ? M_JSONDOC : M_JSONL;
    }
    if (n - i >= 5 && memcmp(p + i, "WARC/", 5) == 0) return M_WARC;
    if (p[i] == '<') {
        size_t m = PX_MIN(n - i, (size_t)1024);
        if (has_ci(p + i, m, "html") || has_ci(p + i, m, "doctype")) return M_HTML;
    }
    return M_TEXT;
}

/* Set r->rec.id to the file's base name without its extension(s): ".gz",
 * then one extension of 1-6 ASCII letters/digits
 * ("a.txt.gz" -> "a", "2019.reuters.txt" -> "2019.reuters"). stdin is
 * "stdin". */
static void set_file_id(px_reader *r)
{
    const char *path = r->path;
    if (strcmp(path, "-") == 0) {
        r->rec.id = "stdin";
        return;
    }
    const char *b = base_name(path);
    size_t n = strlen(b);
    if (ends_with_ci(b, n, ".gz")) n -= 3;
    for (size_t i = n; i > 1; i--) {
        if (b[i - 1] == '.') {
            if (n - i >= 1 && n - i <= 6) n = i - 1;
            break;
        }
        unsigned char c = (unsigned char)b[i - 1];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) break;
    }
    r->id.len = 0;
    if (!px_buf_append(&r->id, b, n) || !r->id.data) {
        r->rec.id = NULL;
        return;
    }
    r->rec.id = r->id.data;
}

/* Begin a fresh record for the current file. */
static void rec_reset(px_reader *r)
{
    memset(&r->rec, 0, sizeof r->rec);
    r->rec.file = r->path;
}

/* NUL-terminate a string inside the window, remembering the byte it
 * covers so the next call can put it back (only one at a time). */
static void terminate_at(px_reader *r, unsigned char *p)
{
    r->saved_at = p;
    r->saved_ch = *p;
    *p = '\0';
}

static void restore_saved(px_reader *r)
{
    if (r->saved_at) *r->saved_at = r->saved_ch;
    r->saved_at = NULL;
}

/* ------------------------------------------------------------ opening paths */

static bool push_path(px_reader *r, const char *path, size_t len, int depth)
{
    void *s = r->stack;
    if (!px_grow(&s, &r->cap_stack, r->n_stack + 1, sizeof(rd_pending))) return false;
    r->stack = s;
    char *p = malloc(len + 1);
    if (!p) return false;
    memcpy(p, path, len);
    p[len] = '\0';
    r->stack[r->n_stack].path = p;
    r->stack[r->n_stack].depth = depth;
    r->n_stack++;
    return true;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Push a directory's entries (hidden ones skipped) so that they are read in
 * name (byte) order. Returns PX_OK or an error for the directory. */
static px_status push_dir(px_reader *r, const char *dir, int depth, px_error *err)
{
    DIR *d = opendir(dir);
    if (!d) return px_fail(err, PX_ERR_IO, dir, PX_NO_OFFSET, "cannot open directory: %s", strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    px_status st = PX_OK;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        void *a = names;
        char *nm = strdup(e->d_name);
        if (!nm || !px_grow(&a, &cap, n + 1, sizeof(char *))) {
            free(nm);
            st = px_fail(err, PX_ERR_NOMEM, dir, PX_NO_OFFSET, "out of memory");
            break;
        }
        names = a;
        names[n++] = nm;
    }
    closedir(d);
    if (n) qsort(names, n, sizeof(char *), cmp_names);
    size_t dl = strlen(dir);
    while (dl > 1 && dir[dl - 1] == '/') dl--;
    for (size_t i = n; i-- > 0;) {
        if (st == PX_OK) {
            size_t nl = strlen(names[i]);
            char *full = malloc(dl + 1 + nl + 1);
            if (!full) {
                st = px_fail(err, PX_ERR_NOMEM, dir, PX_NO_OFFSET, "out of memory");
            } else {
                memcpy(full, dir, dl);
                full[dl] = '/';
                memcpy(full + dl + 1, names[i], nl + 1);
                if (!push_path(r, full, dl + 1 + nl, depth + 1))
                    st = px_fail(err, PX_ERR_NOMEM, dir, PX_NO_OFFSET, "out of memory");
                free(full);
            }
        }
        free(names[i]);
    }
    free(names);
    return st;
}

/* Close the current file and forget its per-file state. */
static void close_file(px_reader *r)
{
    restore_saved(r);
    cJSON_Delete(r->json);
    r->json = NULL;
    cJSON_Delete(r->doc);
    r->doc = NULL;
    r->obj = NULL;
    st_close(&r->st);
    free(r->path);
    r->path = NULL;
    r->open = false;
}

/* Pick the mode for the freshly opened file: forced, by name, by content. */
static px_status choose_mode(px_reader *r, px_error *err)
{
    switch (r->format) {
    case PX_FORMAT_TEXT: r->mode = M_TEXT; return PX_OK;
    case PX_FORMAT_HTML: r->mode = M_HTML; return PX_OK;
    case PX_FORMAT_JSONL: r->mode = M_JSONL; return PX_OK;
    case PX_FORMAT_WARC: r->mode = M_WARC; return PX_OK;
    default: break;
    }
    r->mode = mode_from_name(r->path);
    if (r->mode != M_NONE) return PX_OK;
    /* sniff: gather up to 1 KiB (a pipe may deliver less at a time) */
    rd_stream *st = &r->st;
    while (st->len - st->pos < 1024) {
        int k = st_fill(st);
        if (k == 0) break;
        if (k < 0) {
            r->file_done = true;
            r->mode = M_JSONL;
            return px_fail(err, k, r->path, st_coff(st, 0), "%s%s", st->errmsg,
                           st->gz ? " (offset of the gzip member)" : "");
        }
    }
    r->mode = mode_from_content(st->buf + st->pos, st->len - st->pos);
    return PX_OK;
}

/* Open the next path on the stack (or the memory input). Returns PX_OK
 * with r->open set, PX_OK with nothing open when a directory was expanded,
 * PX_EOF when nothing is left, or an error for the path. */
static px_status open_next(px_reader *r, px_error *err)
{
    if (r->mem_pending) {
        r->mem_pending = false;
        r->path = strdup(r->mem_name);
        if (!r->path) return px_fail(err, PX_ERR_NOMEM, "", PX_NO_OFFSET, "out of memory");
        px_status s = st_open(&r->st, -1, false, r->mem, r->mem_len, r->chunk, r->st.limit);
        r->open = true;
        r->file_done = false;
        r->warc_resync = false;
        r->doc_index = 0;
        if (s != PX_OK) {
            r->file_done = true;
            return px_fail(err, s, r->path, 0, "%s", r->st.errmsg[0] ? r->st.errmsg : "cannot open");
        }
        return choose_mode(r, err);
    }
    if (r->n_stack == 0) return PX_EOF;
    rd_pending p = r->stack[--r->n_stack];
    int fd;
    bool own = true;
    if (strcmp(p.path, "-") == 0 && p.depth == 0) {
        fd = STDIN_FILENO;
        own = false;
    } else {
        struct stat sb;
        if (p.depth > 0 && lstat(p.path, &sb) == 0 && S_ISLNK(sb.st_mode) && stat(p.path, &sb) == 0 &&
            S_ISDIR(sb.st_mode)) {
            /* a symbolic link to a directory met while walking is not
             * followed: it could loop back */
            free(p.path);
            return PX_OK;
        }
        if (stat(p.path, &sb) != 0) {
            px_status s = px_fail(err, PX_ERR_IO, p.path, PX_NO_OFFSET, "cannot open: %s", strerror(errno));
            free(p.path);
            return s;
        }
        if (S_ISDIR(sb.st_mode)) {
            px_status s = PX_OK;
            if (p.depth >= RD_MAX_DEPTH)
                s = px_fail(err, PX_ERR_IO, p.path, PX_NO_OFFSET, "directory nesting deeper than %d", RD_MAX_DEPTH);
            else
                s = push_dir(r, p.path, p.depth, err);
            free(p.path);
            return s;
        }
        if (!S_ISREG(sb.st_mode) && p.depth > 0) {
            free(p.path); /* sockets, fifos found while walking: not ours */
            return PX_OK;
        }
        fd = open(p.path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            px_status s = px_fail(err, PX_ERR_IO, p.path, PX_NO_OFFSET, "cannot open: %s", strerror(errno));
            free(p.path);
            return s;
        }
    }
    r->path = p.path;
    r->open = true;
    r->file_done = false;
    r->warc_resync = false;
    r->doc_index = 0;
    size_t limit = r->max_record + r->chunk + RD_WARC_HDR_MAX;
    if (limit < r->max_record) limit = SIZE_MAX / 2;
    px_status s = st_open(&r->st, fd, own, NULL, 0, r->chunk, limit);
    if (s != PX_OK) {
        r->file_done = true;
        if (s == PX_ERR_NOMEM) return px_fail(err, s, r->path, PX_NO_OFFSET, "out of memory");
        return px_fail(err, s, r->path, 0, "%s", r->st.errmsg);
    }
    return choose_mode(r, err);
}

/* Report a stream error for the current file and stop reading it. */
static px_status stream_fail(px_reader *r, uint64_t rec_off, px_error *err)
{
    rd_stream *st = &r->st;
    r->file_done = true;
    if (st->gz)
        return px_fail(err, st->err, r->path, rec_off,
                       "%s: gzip member at offset %" PRIu64 " (record at uncompressed offset %" PRIu64 ")",
                       st->errmsg, st->err_coff, rec_off);
    return px_fail(err, st->err, r->path, rec_off, "%s", st->errmsg);
}

/* ------------------------------------------------------------ text and HTML */

/* The whole file is one record. TOOBIG when it exceeds max_record. */
static px_status next_whole(px_reader *r, px_error *err)
{
    if (r->file_done) return PX_EOF;
    r->file_done = true;
    rd_stream *st = &r->st;
    for (;;) {
        if (st->len - st->pos > r->max_record)
            return px_fail(err, PX_ERR_TOOBIG, r->path, 0, "file larger than the record limit (%zu bytes)",
                           r->max_record);
        int k = st_fill(st);
        if (k == 0) break;
        if (k < 0) return stream_fail(r, 0, err);
    }
    rec_reset(r);
    st->buf[st->len] = '\0';
    r->rec.body = (const char *)st->buf + st->pos;
    r->rec.body_len = st->len - st->pos;
    r->rec.kind = r->mode == M_HTML ? PX_BODY_HTML : PX_BODY_TEXT;
    r->rec.offset = st->buf_off + st->pos;
    set_file_id(r);
    st->pos = st->len;
    return PX_OK;
}

/* ------------------------------------------------------------ JSON records */

static const char *const K_ID[] = {"id", "_id", "doc_id", "uuid", "pair_id", NULL};
static const char *const K_TITLE[] = {"title", "headline", NULL};
static const char *const K_BODY[] = {"text", "maintext", "body", "content", "article", "articleBody", NULL};
static const char *const K_HTML[] = {"html", "raw_html", "content_html", NULL};
static const char *const K_DESC[] = {"description", NULL};
static const char *const K_DATE[] = {"date", "date_publish", "publish_date", "published", "date_published",
                                     "datePublished", "pubdate", "published_at", "date_download", NULL};
static const char *const K_URL[] = {"url", "link", "source_url", NULL};
static const char *const K_SOURCE[] = {"source_domain", "source", "outlet", "publisher", "site_name",
                                       "hostname", "domain", NULL};
static const char *const K_LANG[] = {"lang", "language", "meta_lang", NULL};

/* Every field name above, with the field it feeds and its rank there. */
enum { F_ID, F_TITLE, F_BODY, F_HTML, F_DESC, F_DATE, F_URL, F_SOURCE, F_LANG, F_BYLINE, F_N };
#define F_RANKS 10
static const char *const K_BYLINE[] = {"byline", "author", "authors", NULL};
static const char *const *const K_ALL[F_N] = {K_ID, K_TITLE, K_BODY, K_HTML, K_DESC,
                                              K_DATE, K_URL, K_SOURCE, K_LANG, K_BYLINE};

/* The fields of object o: found[f][rank] is the member named by
 * K_ALL[f][rank], the last one when a name repeats (as a JSON object
 * keeps it). One pass over o's members. */
static void json_slots(const cJSON *o, const cJSON *found[F_N][F_RANKS])
{
    memset(found, 0, sizeof(const cJSON *) * F_N * F_RANKS);
    for (const cJSON *m = o->child; m; m = m->next) {
        const char *k = m->string;
        if (!k) continue;
        for (int f = 0; f < F_N; f++)
            for (int i = 0; K_ALL[f][i]; i++)
                if (K_ALL[f][i][0] == k[0] && strcmp(K_ALL[f][i], k) == 0) found[f][i] = m;
    }
}

/* A JSON scalar as a string: a string as it is (*len its length; a string
 * is cut at an escaped NUL, \u0000), a number or boolean written into
 * out (48 bytes). NULL for null, objects and arrays. Numbers are read as
 * doubles: integers are exact up to 2^53. */
static const char *json_scalar(const cJSON *v, char *out, size_t *len)
{
    const char *s;
    if (cJSON_IsString(v)) {
        s = v->valuestring;
    } else if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;
        /* range first: converting an out-of-range double is undefined */
        if (d > -9007199254740992.0 && d < 9007199254740992.0 && d == (double)(long long)d)
            snprintf(out, 48, "%lld", (long long)d);
        else
            snprintf(out, 48, "%.17g", d);
        s = out;
    } else if (cJSON_IsBool(v)) {
        s = cJSON_IsTrue(v) ? "true" : "false";
    } else {
        return NULL;
    }
    *len = strlen(s);
    return s;
}

/* The first member of a field (in rank order) with a usable value: a
 * non-empty string, or a number / boolean written as a string into
 * r->num[slot]. Objects, arrays, nulls and empty strings are passed over.
 * Returns NULL when none. */
static const char *json_field(px_reader *r, const cJSON *const *found, int slot, size_t *len)
{
    for (int i = 0; i < F_RANKS; i++) {
        if (!found[i]) continue;
        size_t n;
        const char *s = json_scalar(found[i], r->num[slot], &n);
        if (!s || n == 0) continue;
        if (len) *len = n;
        return s;
    }
    return NULL;
}

/* The byline: byline / author / authors, a string or an array of strings
 * (or of objects with a "name") joined with ", ". NULL when none. */
static const char *json_byline(px_reader *r, const cJSON *const *found)
{
    for (int k = 0; k < F_RANKS; k++) {
        const cJSON *v = found[k];
        if (!v) continue;
        if (cJSON_IsString(v) && v->valuestring[0]) return v->valuestring;
        if (!cJSON_IsArray(v)) continue;
        r->byline.len = 0;
        for (const cJSON *m = v->child; m; m = m->next) {
            const cJSON *e = cJSON_IsObject(m) ? cJSON_GetObjectItemCaseSensitive(m, "name") : m;
            if (!cJSON_IsString(e) || !e->valuestring[0]) continue;
            size_t n = strlen(e->valuestring);
            if (r->byline.len && !px_buf_append(&r->byline, ", ", 2)) return NULL;
            if (!px_buf_append(&r->byline, e->valuestring, n)) return NULL;
        }
        if (r->byline.len) return r->byline.data;
    }
    return NULL;
}

/* Fill r->rec from a JSON object (which must stay alive while the record
 * is out). */
static void rec_from_json(px_reader *r, const cJSON *o, uint64_t offset)
{
    const cJSON *found[F_N][F_RANKS];
    json_slots(o, found);
    rec_reset(r);
    r->obj = o;
    r->rec.offset = offset;
    r->rec.id = json_field(r, found[F_ID], 0, NULL);
    r->rec.title = json_field(r, found[F_TITLE], 1, NULL);
    size_t blen = 0;
    r->rec.kind = PX_BODY_TEXT;
    r->rec.body = json_field(r, found[F_BODY], 2, &blen);
    if (!r->rec.body) {
        r->rec.body = json_field(r, found[F_HTML], 2, &blen);
        if (r->rec.body) r->rec.kind = PX_BODY_HTML;
        else r->rec.body = json_field(r, found[F_DESC], 2, &blen);
    }
    r->rec.body_len = r->rec.body ? blen : 0;
    r->rec.date = json_field(r, found[F_DATE], 3, NULL);
    r->rec.url = json_field(r, found[F_URL], 4, NULL);
    r->rec.source = json_field(r, found[F_SOURCE], 5, NULL);
    r->rec.lang = json_field(r, found[F_LANG], 6, NULL);
    r->rec.byline = json_byline(r, found[F_BYLINE]);
}

/* Where s[0..n) stops being valid UTF-8 (as px_utf8_decode judges: no
 * overlong forms, surrogates or values above U+10FFFF), or n when it is
 * valid. ASCII is skipped 16 bytes at a time. */
static size_t utf8_valid_prefix(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        while (i + 16 <= n) {
            uint64_t w0, w1;
            memcpy(&w0, s + i, 8);
            memcpy(&w1, s + i + 8, 8);
            if ((w0 | w1) & 0x8080808080808080ULL) break;
            i += 16;
        }
        if (i >= n) break;
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c < 0xC2) return i;
        if (c < 0xE0) {
            if (i + 1 >= n || (s[i + 1] & 0xC0) != 0x80) return i;
            i += 2;
            continue;
        }
        if (c < 0xF0) {
            if (i + 2 >= n) return i;
            unsigned c1 = s[i + 1];
            if ((c1 & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80) return i;
            if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) return i; /* overlong, surrogate */
            i += 3;
            continue;
        }
        if (c < 0xF5) {
            if (i + 3 >= n) return i;
            unsigned c1 = s[i + 1];
            if ((c1 & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80 || (s[i + 3] & 0xC0) != 0x80) return i;
            if ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90)) return i; /* overlong, > U+10FFFF */
            i += 4;
            continue;
        }
        return i;
    }
    return n;
}

/* Parse one JSON text s[0..n) (no NUL bytes in it) with cJSON: the whole
 * of it must be one JSON value in valid UTF-8. Returns the value, or NULL
 * with the reason in why. */
static cJSON *json_parse(const unsigned char *s, size_t n, char *why, size_t whylen)
{
    size_t bad = utf8_valid_prefix(s, n);
    if (bad < n) {
        snprintf(why, whylen, "invalid UTF-8 at byte %zu", bad + 1);
        return NULL;
    }
    const char *end = NULL;
    cJSON *v = cJSON_ParseWithLengthOpts((const char *)s, n, &end, false);
    if (v) {
        const unsigned char *e = (const unsigned char *)end;
        while (e < s + n && (*e == ' ' || *e == '\t' || *e == '\r' || *e == '\n')) e++;
        if (e == s + n) return v;
        cJSON_Delete(v);
        snprintf(why, whylen, "text after the value at byte %zu", (size_t)(e - s) + 1);
        return NULL;
    }
    if (end && (const unsigned char *)end >= s && (const unsigned char *)end < s + n)
        snprintf(why, whylen, "invalid JSON at byte %zu", (size_t)((const unsigned char *)end - s) + 1);
    else
        snprintf(why, whylen, "the JSON text ends too early");
    return NULL;
}

/* One JSON object per line. Blank lines are skipped; a line longer than
 * max_record is skipped without being buffered (TOOBIG); a NUL byte, bad
 * JSON or a non-object is a FORMAT error for that line. A last line
 * without a newline still counts. */
static px_status next_jsonl(px_reader *r, px_error *err)
{
    rd_stream *st = &r->st;
    cJSON_Delete(r->json);
    r->json = NULL;
    r->obj = NULL;
    for (;;) {
        if (r->file_done) return PX_EOF;
        if (st->buf_off + st->pos == 0) {
            /* a UTF-8 byte order mark at the start of the file */
            int k = st_need(st, 3);
            if (k < 0) return stream_fail(r, 0, err);
            if (st->len - st->pos >= 3 && memcmp(st->buf + st->pos, "\xef\xbb\xbf", 3) == 0) st->pos += 3;
        }
        uint64_t line_off = st->buf_off + st->pos;
        size_t scanned = 0;
        bool skipping = false;
        size_t line_len;
        for (;;) {
            size_t avail = st->len - st->pos;
            unsigned char *nl = avail > scanned ? memchr(st->buf + st->pos + scanned, '\n', avail - scanned) : NULL;
            if (nl) {
                line_len = (size_t)(nl - (st->buf + st->pos));
                break;
            }
            scanned = avail;
            if (!skipping && scanned > r->max_record) skipping = true;
            if (skipping) {
                st->pos = st->len; /* drop what is buffered of the long line */
                scanned = 0;
            }
            int k = st_fill(st);
            if (k < 0) return stream_fail(r, line_off, err);
            if (k == 0) {
                line_len = st->len - st->pos;
                r->file_done = true;
                break;
            }
        }
        unsigned char *line = st->buf + st->pos;
        size_t consumed = line_len + (line_len < st->len - st->pos ? 1 : 0);
        st->pos += consumed;
        if (skipping || line_len > r->max_record) {
            r->n_failures++;
            return px_fail(err, PX_ERR_TOOBIG, r->path, line_off,
                           "line longer than the record limit (%zu bytes); skipped", r->max_record);
        }
        size_t n = line_len;
        while (n && (line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t')) n--;
        size_t b = 0;
        while (b < n && (line[b] == ' ' || line[b] == '\t' || line[b] == '\r')) b++;
        if (b == n) {
            if (r->file_done) return PX_EOF;
            continue;
        }
        if (memchr(line, 0, n)) {
            r->n_failures++;
            return px_fail(err, PX_ERR_FORMAT, r->path, line_off, "NUL byte in the line; skipped");
        }
        char why[96];
        cJSON *o = json_parse(line, n, why, sizeof why);
        if (!o) {
            r->n_failures++;
            return px_fail(err, PX_ERR_FORMAT, r->path, line_off, "bad JSON: %s of the line", why);
        }
        if (!cJSON_IsObject(o)) {
            cJSON_Delete(o);
            r->n_failures++;
            return px_fail(err, PX_ERR_FORMAT, r->path, line_off, "the line is not a JSON object");
        }
        r->json = o;
        rec_from_json(r, o, line_off);
        return PX_OK;
    }
}

/* A whole-file JSON document (object or array of objects) when the file
 * fits in max_record and parses; otherwise the file is read as JSONL. */
static px_status next_jsondoc(px_reader *r, px_error *err)
{
    rd_stream *st = &r->st;
    r->obj = NULL;
    if (r->file_done && !r->doc) return PX_EOF;
    if (!r->doc) {
        bool fits = true;
        for (;;) {
            if (st->len - st->pos > r->max_record) {
                fits = false;
                break;
            }
            int k = st_fill(st);
            if (k == 0) break;
            if (k < 0) return stream_fail(r, 0, err);
        }
        cJSON *d = NULL;
        const unsigned char *p = st->buf + st->pos;
        size_t n = st->len - st->pos;
        if (fits && n && !memchr(p, 0, n)) {
            char why[96];
            d = json_parse(p, n, why, sizeof why);
            if (d && !cJSON_IsObject(d) && !cJSON_IsArray(d)) {
                cJSON_Delete(d);
                d = NULL;
            }
        }
        if (!d) {
            r->mode = M_JSONL;
            return next_jsonl(r, err);
        }
        r->doc = d;
        r->doc_next = d->child;
        r->doc_index = 0;
        st->pos = st->len;
    }
    if (cJSON_IsObject(r->doc)) {
        if (r->doc_index++ > 0) return PX_EOF;
        rec_from_json(r, r->doc, 0);
        return PX_OK;
    }
    while (r->doc_next) {
        size_t i = r->doc_index++;
        const cJSON *e = r->doc_next;
        r->doc_next = e->next;
        if (!cJSON_IsObject(e)) {
            r->n_failures++;
            return px_fail(err, PX_ERR_FORMAT, r->path, 0, "element %zu of the JSON array is not an object", i);
        }
        rec_from_json(r, e, 0);
        return PX_OK;
    }
    return PX_EOF;
}

/* ------------------------------------------------------------ WARC */

/* Find the value of header name in the header block h[0..n) (lines
 * "Name: value"), trimmed. Returns its start and sets *vlen, or NULL. */
static unsigned char *hdr_get(unsigned char *h, size_t n, const char *name, size_t *vlen)
{
    size_t m = strlen(name);
    size_t i = 0;
    while (i < n) {
        unsigned char *eol = memchr(h + i, '\n', n - i);
        size_t e = eol ? (size_t)(eol - h) : n;
        if (e - i > m && h[i + m] == ':' && strncasecmp((const char *)h + i, name, m) == 0) {
            size_t a = i + m + 1, z = e;
            while (a < z && (h[a] == ' ' || h[a] == '\t')) a++;
            while (z > a && (h[z - 1] == '\r' || h[z - 1] == ' ' || h[z - 1] == '\t')) z--;
            *vlen = z - a;
            return h + a;
        }
        i = e + 1;
    }
    return NULL;
}

/* The end of a header block in p[0..n): the index just past the blank
 * line ("\r\n\r\n" or "\n\n"), or 0 when it is not there. */
static size_t hdr_end(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++) {
        if (p[i] != '\n') continue;
        if (p[i + 1] == '\n') return i + 2;
        if (p[i + 1] == '\r' && i + 2 < n && p[i + 2] == '\n') return i + 3;
    }
    return 0;
}

/* Undo chunked transfer coding in place. Returns the decoded length, or
 * SIZE_MAX when p is not well-formed chunked data. */
static size_t dechunk(unsigned char *p, size_t n)
{
    size_t in = 0, out = 0;
    for (;;) {
        size_t size = 0;
        int digits = 0;
        while (in < n) {
            unsigned char c = p[in];
            int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                  : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (v < 0) break;
            if (size > (SIZE_MAX >> 4)) return SIZE_MAX;
            size = size * 16 + (size_t)v;
            digits++;
            in++;
        }
        if (!digits) return SIZE_MAX;
        unsigned char *eol = memchr(p + in, '\n', n - in);
        if (!eol) return SIZE_MAX;
        in = (size_t)(eol - p) + 1;
        if (size == 0) return out;
        if (size > n - in) return SIZE_MAX;
        memmove(p + out, p + in, size);
        out += size;
        in += size;
        if (in < n && p[in] == '\r') in++;
        if (in < n && p[in] == '\n') in++;
    }
}

/* Inflate a gzip/zlib-coded HTTP body into r->dec, at most max_record
 * bytes. Returns PX_OK, PX_ERR_TOOBIG, PX_ERR_FORMAT or PX_ERR_NOMEM. */
static px_status http_gunzip(px_reader *r, const unsigned char *p, size_t n)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 32 + MAX_WBITS) != Z_OK) return PX_ERR_NOMEM;
    r->dec.len = 0;
    z.next_in = (unsigned char *)p;
    z.avail_in = (uInt)PX_MIN(n, (size_t)UINT32_MAX);
    px_status s = PX_OK;
    for (;;) {
        if (!px_buf_reserve(&r->dec, 64 << 10)) {
            s = PX_ERR_NOMEM;
            break;
        }
        z.next_out = (unsigned char *)r->dec.data + r->dec.len;
        z.avail_out = (uInt)PX_MIN(r->dec.cap - r->dec.len - 1, (size_t)UINT32_MAX);
        uInt before = z.avail_out;
        int ret = inflate(&z, Z_NO_FLUSH);
        r->dec.len += before - z.avail_out;
        if (r->dec.len > r->max_record) {
            s = PX_ERR_TOOBIG;
            break;
        }
        if (ret == Z_STREAM_END) break;
        if (ret == Z_OK) continue;
        if (ret == Z_BUF_ERROR && z.avail_out > 0) {
            /* input ended early: keep what was decoded (truncated pages
             * are common in crawls) */
            if (r->dec.len == 0) s = PX_ERR_FORMAT;
            break;
        }
        if (ret == Z_BUF_ERROR) continue;
        s = r->dec.len ? PX_OK : PX_ERR_FORMAT;
        break;
    }
    inflateEnd(&z);
    if (r->dec.data) r->dec.data[r->dec.len] = '\0';
    return s;
}

/* Does an HTTP body with no content type look like HTML? */
static bool looks_html(const unsigned char *p, size_t n)
{
    size_t i = 0;
    if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) i = 3;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n')) i++;
    if (i >= n || p[i] != '<') return false;
    size_t m = PX_MIN(n - i, (size_t)1024);
    return has_ci(p + i, m, "<html") || has_ci(p + i, m, "<!doctype html") || has_ci(p + i, m, "<head") ||
           has_ci(p + i, m, "<body");
}

/* Report a damaged WARC record at offset off and arrange to resume at the
 * next gzip member (gzipped) or WARC header (plain). */
static px_status warc_damaged(px_reader *r, uint64_t off, px_error *err, const char *what)
{
    rd_stream *st = &r->st;
    r->n_failures++;
    if (st->gz) {
        uint64_t coff = st->err != PX_OK ? st->err_coff : off;
        px_status s = px_fail(err, PX_ERR_FORMAT, r->path, coff, "%s at offset %" PRIu64 " (gzip member)%s%s",
                              what, coff, st->errmsg[0] ? ": " : "", st->errmsg);
        if (st->err == PX_ERR_NOMEM) {
            s = PX_ERR_NOMEM;
            if (err) err->code = s;
        }
        if (st->err != PX_OK) {
            if (!st_resync_gz(st)) r->file_done = true;
        } else {
            r->warc_resync = true;
        }
        return s;
    }
    if (st->err != PX_OK) {
        r->file_done = true;
        return px_fail(err, st->err == PX_ERR_IO ? PX_ERR_IO : PX_ERR_FORMAT, r->path, off,
                       "%s at offset %" PRIu64 ": %s", what, off, st->errmsg);
    }
    r->warc_resync = true;
    return px_fail(err, PX_ERR_FORMAT, r->path, off, "%s at offset %" PRIu64, what, off);
}

/* Skip to the next "WARC/1." at the start of a line. Returns 1 when the
 * window starts there, 0 at end of stream, <0 on a stream error. */
static int warc_seek_header(rd_stream *st)
{
    if (st->pos < st->len) st->pos++; /* not the header we are standing on */
    for (;;) {
        size_t avail = st->len - st->pos;
        unsigned char *p = st->buf + st->pos;
        unsigned char *hit = avail >= 8 ? memmem(p, avail, "\nWARC/1.", 8) : NULL;
        if (hit) {
            st->pos += (size_t)(hit - p) + 1;
            return 1;
        }
        if (avail > 8) st->pos += avail - 8;
        int k = st_fill(st);
        if (k <= 0) return k;
    }
}

/* The next HTML response record of a WARC file. */
static px_status next_warc(px_reader *r, px_error *err)
{
    rd_stream *st = &r->st;
    for (;;) {
        if (r->file_done) return PX_EOF;
        if (r->warc_resync) {
            r->warc_resync = false;
            int k = warc_seek_header(st);
            if (k < 0) {
                if (st->gz) {
                    uint64_t off = st->err_coff;
                    return warc_damaged(r, off, err, "damaged gzip member");
                }
                return stream_fail(r, st->buf_off + st->pos, err);
            }
            if (k == 0) return PX_EOF;
        }
        /* skip the blank lines between records */
        for (;;) {
            while (st->pos < st->len && (st->buf[st->pos] == '\r' || st->buf[st->pos] == '\n')) st->pos++;
            if (st->pos < st->len) break;
            int k = st_fill(st);
            if (k == 0) {
                r->file_done = true;
                return PX_EOF;
            }
            if (k < 0) {
                if (st->gz) return warc_damaged(r, st->err_coff, err, "damaged gzip member");
                return stream_fail(r, st->buf_off + st->pos, err);
            }
        }
        uint64_t uoff = st->buf_off + st->pos;
        uint64_t off = st_coff(st, uoff);
        int k = st_need(st, 8);
        if (k == 0) {
            r->file_done = true;
            r->n_failures++;
            return px_fail(err, PX_ERR_FORMAT, r->path, off, "truncated WARC record at offset %" PRIu64 "%s", off,
                           st->gz ? " (gzip member)" : "");
        }
        if (k < 0) return warc_damaged(r, off, err, "damaged WARC record");
        if (memcmp(st->buf + st->pos, "WARC/1.", 7) != 0) return warc_damaged(r, off, err, "no WARC header");
        /* the WARC header block */
        size_t hlen = 0, scanned = 0;
        for (;;) {
            size_t avail = st->len - st->pos;
            size_t from = scanned > 3 ? scanned - 3 : 0;
            size_t e = hdr_end(st->buf + st->pos + from, avail - from);
            if (e) {
                hlen = from + e;
                break;
            }
            scanned = avail;
            if (avail > RD_WARC_HDR_MAX) return warc_damaged(r, off, err, "WARC header too long");
            k = st_fill(st);
            if (k == 0) {
                r->file_done = true;
                r->n_failures++;
                return px_fail(err, PX_ERR_FORMAT, r->path, off, "truncated WARC header at offset %" PRIu64, off);
            }
            if (k < 0) return warc_damaged(r, off, err, "damaged WARC record");
        }
        size_t vl;
        unsigned char *v = hdr_get(st->buf + st->pos, hlen, "Content-Length", &vl);
        uint64_t clen = 0;
        bool ok = v && vl > 0 && vl < 19;
        for (size_t i = 0; ok && i < vl; i++) {
            if (v[i] < '0' || v[i] > '9') ok = false;
            else clen = clen * 10 + (uint64_t)(v[i] - '0');
        }
        if (!ok) return warc_damaged(r, off, err, "WARC record without a valid Content-Length");
        v = hdr_get(st->buf + st->pos, hlen, "WARC-Type", &vl);
        bool response = v && vl == 8 && strncasecmp((const char *)v, "response", 8) == 0;
        if (clen > r->max_record) {
            /* skip the block without buffering it */
            st->pos += hlen;
            uint64_t left = clen;
            while (left) {
                size_t avail = st->len - st->pos;
                size_t take = (size_t)PX_MIN((uint64_t)avail, left);
                st->pos += take;
                left -= take;
                if (!left) break;
                k = st_fill(st);
                if (k == 0) {
                    r->file_done = true;
                    break;
                }
                if (k < 0) return warc_damaged(r, off, err, "damaged WARC record");
            }
            if (response) {
                r->n_failures++;
                return px_fail(err, PX_ERR_TOOBIG, r->path, off,
                               "WARC record at offset %" PRIu64 "%s larger than the record limit (%zu bytes)", off,
                               st->gz ? " (gzip member)" : "", r->max_record);
            }
            r->n_skipped++;
            continue;
        }
        k = st_need(st, hlen + (size_t)clen);
        if (k == 0) {
            r->file_done = true;
            r->n_failures++;
            return px_fail(err, PX_ERR_FORMAT, r->path, off, "truncated WARC record at offset %" PRIu64 "%s", off,
                           st->gz ? " (gzip member)" : "");
        }
        if (k < 0) return warc_damaged(r, off, err, "damaged WARC record");
        unsigned char *h = st->buf + st->pos;
        unsigned char *block = h + hlen;
        st->pos += hlen + (size_t)clen;
        if (!response) {
            r->n_skipped++;
            continue;
        }
        /* the HTTP response inside */
        size_t he = hdr_end(block, (size_t)clen);
        if (clen < 12 || memcmp(block, "HTTP/", 5) != 0 || he == 0) {
            r->n_skipped++;
            continue;
        }
        const unsigned char *sp = memchr(block, ' ', he);
        int status = 0;
        if (sp && (size_t)(sp - block) + 4 <= he && sp[1] >= '0' && sp[1] <= '9')
            status = (sp[1] - '0') * 100 + (sp[2] - '0') * 10 + (sp[3] - '0');
        if (status < 200 || status > 299) {
            r->n_skipped++;
            continue;
        }
        unsigned char *body = block + he;
        size_t blen = (size_t)clen - he;
        size_t ctl = 0, tel = 0, cel = 0;
        unsigned char *ct = hdr_get(block, he, "Content-Type", &ctl);
        unsigned char *te = hdr_get(block, he, "Transfer-Encoding", &tel);
        unsigned char *ce = hdr_get(block, he, "Content-Encoding", &cel);
        /* with no content type the (decoded) page is sniffed below */
        bool html = false;
        if (ct && ctl) {
            html = (ctl >= 9 && strncasecmp((const char *)ct, "text/html", 9) == 0) ||
                   (ctl >= 21 && strncasecmp((const char *)ct, "application/xhtml+xml", 21) == 0);
            if (!html) {
                r->n_skipped++;
                continue;
            }
        }
        bool chunked = te && has_ci(te, tel, "chunked");
        bool gzipped = ce && (has_ci(ce, cel, "gzip") || has_ci(ce, cel, "deflate"));
        if (chunked) {
            size_t d = dechunk(body, blen);
            if (d != SIZE_MAX) blen = d;
        }
        rec_reset(r);
        r->rec.offset = off;
        r->rec.kind = PX_BODY_HTML;
        if (gzipped && blen >= 2 && ((body[0] == 0x1f && body[1] == 0x8b) || (body[0] & 0x0f) == 8)) {
            px_status s = http_gunzip(r, body, blen);
            if (s == PX_ERR_NOMEM) {
                r->n_failures++;
                return px_fail(err, s, r->path, off, "out of memory");
            }
            if (s == PX_ERR_TOOBIG) {
                r->n_failures++;
                return px_fail(err, s, r->path, off,
                               "decoded page of WARC record at offset %" PRIu64 " larger than the record limit", off);
            }
            if (s == PX_OK) {
                r->rec.body = r->dec.data;
                r->rec.body_len = r->dec.len;
            }
        }
        if (!r->rec.body) {
            r->rec.body = (const char *)body;
            r->rec.body_len = blen;
            terminate_at(r, body + blen);
        }
        if (!html && !looks_html((const unsigned char *)r->rec.body, r->rec.body_len)) {
            r->n_skipped++;
            restore_saved(r);
            continue;
        }
        /* header values: find them all, then NUL-terminate in place (the
         * header block is consumed, nothing reads it again) */
        size_t ul = 0, dl = 0, il = 0, csl = 0;
        unsigned char *url = hdr_get(h, hlen, "WARC-Target-URI", &ul);
        unsigned char *date = hdr_get(h, hlen, "WARC-Date", &dl);
        unsigned char *rid = hdr_get(h, hlen, "WARC-Record-ID", &il);
        unsigned char *cs = NULL;
        if (ct) {
            for (size_t i = 0; i + 8 <= ctl; i++) {
                if (strncasecmp((const char *)ct + i, "charset=", 8) == 0) {
                    cs = ct + i + 8;
                    csl = ctl - i - 8;
                    if (csl && (*cs == '"' || *cs == '\'')) cs++, csl--;
                    size_t j = 0;
                    while (j < csl && cs[j] != ';' && cs[j] != ' ' && cs[j] != '"' && cs[j] != '\'') j++;
                    csl = j;
                    break;
                }
            }
        }
        if (rid && il >= 2 && rid[0] == '<' && rid[il - 1] == '>') rid++, il -= 2;
        if (url && ul >= 2 && url[0] == '<' && url[ul - 1] == '>') url++, ul -= 2; /* WARC 1.0 style */
        if (url && ul) url[ul] = '\0', r->rec.url = (const char *)url;
        if (date && dl) date[dl] = '\0', r->rec.date = (const char *)date;
        if (rid && il) rid[il] = '\0', r->rec.id = (const char *)rid;
        if (cs && csl) cs[csl] = '\0', r->rec.charset = (const char *)cs;
        return PX_OK;
    }
}

/* ------------------------------------------------------------ the API */

/* Common set-up of a reader; paths are pushed by the callers. */
static px_reader *reader_new(const px_reader_opts *opts, px_error *err)
{
    if (opts && (opts->format < PX_FORMAT_AUTO || opts->format > PX_FORMAT_WARC)) {
        px_fail(err, PX_ERR_ARG, "", PX_NO_OFFSET, "unknown input format %d", (int)opts->format);
        return NULL;
    }
    px_reader *r = calloc(1, sizeof *r);
    if (!r) {
        px_fail(err, PX_ERR_NOMEM, "", PX_NO_OFFSET, "out of memory");
        return NULL;
    }
    r->format = opts ? opts->format : PX_FORMAT_AUTO;
    r->max_record = opts && opts->max_record ? opts->max_record : RD_DEFAULT_MAX;
    r->chunk = RD_CHUNK;
    r->st.fd = -1;
    return r;
}

px_reader *px_reader_open(const char *const *paths, size_t npaths, const px_reader_opts *opts, px_error *err)
{
    if (!paths && npaths) {
        px_fail(err, PX_ERR_ARG, "", PX_NO_OFFSET, "no paths");
        return NULL;
    }
    for (size_t i = 0; i < npaths; i++) {
        if (!paths[i] || !paths[i][0]) {
            px_fail(err, PX_ERR_ARG, "", PX_NO_OFFSET, "path %zu is empty", i);
            return NULL;
        }
    }
    px_reader *r = reader_new(opts, err);
    if (!r) return NULL;
    for (size_t i = npaths; i-- > 0;) {
        if (!push_path(r, paths[i], strlen(paths[i]), 0)) {
            px_reader_close(r);
            px_fail(err, PX_ERR_NOMEM, "", PX_NO_OFFSET, "out of memory");
            return NULL;
        }
    }
    return r;
}

px_reader *px_reader_open_mem(const void *data, size_t len, const char *name, const px_reader_opts *opts,
                              px_error *err)
{
    if (!data && len) {
        px_fail(err, PX_ERR_ARG, "", PX_NO_OFFSET, "no data");
        return NULL;
    }
    px_reader *r = reader_new(opts, err);
    if (!r) return NULL;
    r->mem = data ? data : (const void *)"";
    r->mem_len = len;
    r->mem_pending = true;
    r->chunk = RD_MEM_CHUNK;
    r->mem_name = strdup(name && name[0] ? name : "memory");
    if (!r->mem_name) {
        px_reader_close(r);
        px_fail(err, PX_ERR_NOMEM, "", PX_NO_OFFSET, "out of memory");
        return NULL;
    }
    size_t limit = r->max_record + r->chunk + RD_WARC_HDR_MAX;
    r->st.limit = limit < r->max_record ? SIZE_MAX / 2 : limit;
    return r;
}

px_status px_reader_next(px_reader *r, const px_record **rec, px_error *err)
{
    if (rec) *rec = NULL;
    if (!r || !rec) return px_fail(err, PX_ERR_ARG, "", PX_NO_OFFSET, "no reader or record pointer");
    restore_saved(r);
    r->obj = NULL;
    for (;;) {
        if (!r->open) {
            px_status s = open_next(r, err);
            if (s == PX_EOF) return PX_EOF;
            if (s != PX_OK) {
                r->n_failures++;
                return s;
            }
            continue;
        }
        px_status s;
        uint64_t before = r->n_failures;
        switch (r->mode) {
        case M_TEXT:
        case M_HTML: s = next_whole(r, err); break;
        case M_JSONDOC: s = next_jsondoc(r, err); break;
        case M_WARC: s = next_warc(r, err); break;
        default: s = next_jsonl(r, err); break;
        }
        if (s == PX_OK) {
            r->n_records++;
            *rec = &r->rec;
            return PX_OK;
        }
        if (s == PX_EOF) {
            close_file(r);
            continue;
        }
        if (r->n_failures == before) r->n_failures++;
        return s;
    }
}

/* Member key of the current record's object as a string (json_scalar into
 * out), the last of a repeated name; NULL when absent or not a scalar. */
static const char *obj_field(const px_reader *r, const char *key, char *out, size_t *len)
{
    const cJSON *v = NULL;
    for (const cJSON *m = r->obj->child; m; m = m->next)
        if (m->string && strcmp(m->string, key) == 0) v = m;
    size_t n = 0;
    const char *s = v ? json_scalar(v, out, &n) : NULL;
    if (len) *len = n;
    return s;
}

const char *px_reader_field(px_reader *r, const char *key, size_t *len)
{
    if (len) *len = 0;
    if (!r || !r->obj || !key) return NULL;
    return obj_field(r, key, r->num[8], len);
}

px_status px_reader_pair_side(px_reader *r, int side, px_record *out, px_error *err)
{
    if (out) memset(out, 0, sizeof *out);
    if (!r || !out) return px_fail(err, PX_ERR_ARG, "", PX_NO_OFFSET, "no reader or record pointer");
    if (side != 1 && side != 2)
        return px_fail(err, PX_ERR_ARG, "", PX_NO_OFFSET, "pair side %d: not 1 or 2", side);
    if (!r->obj)
        return px_fail(err, PX_ERR_ARG, "", PX_NO_OFFSET, "no JSON record out to take a pair side from");
    char (*num)[48] = r->pair_num[side - 1];
    char key[8];
    snprintf(key, sizeof key, "text%d", side);
    size_t len;
    const char *body = obj_field(r, key, num[0], &len);
    if (!body)
        return px_fail(err, PX_ERR_FORMAT, r->rec.file, r->rec.offset,
                       "no \"%s\": the record has no article %d of a pair", key, side);
    out->body = body;
    out->body_len = len;
    out->kind = PX_BODY_TEXT;
    snprintf(key, sizeof key, "title%d", side);
    out->title = obj_field(r, key, num[1], NULL);
    snprintf(key, sizeof key, "lang%d", side);
    out->lang = obj_field(r, key, num[2], NULL);
    out->id = obj_field(r, "pair_id", num[3], NULL);
    out->file = r->rec.file;
    out->offset = r->rec.offset;
    return PX_OK;
}

uint64_t px_reader_records(const px_reader *r) { return r ? r->n_records : 0; }
uint64_t px_reader_failures(const px_reader *r) { return r ? r->n_failures : 0; }
uint64_t px_reader_skipped(const px_reader *r) { return r ? r->n_skipped : 0; }

void px_reader_close(px_reader *r)
{
    if (!r) return;
    if (r->open) close_file(r);
    for (size_t i = 0; i < r->n_stack; i++) free(r->stack[i].path);
    free(r->stack);
    free(r->st.buf);
    if (!r->st.raw_is_mem) free(r->st.raw);
    free(r->st.members);
    px_buf_free(&r->byline);
    px_buf_free(&r->id);
    px_buf_free(&r->dec);
    free(r->mem_name);
    free(r);
}
