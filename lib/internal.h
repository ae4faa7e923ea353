/*
 * internal.h - what the stages of libparallax share and the public header
 * does not show: the px_doc layout, the arena the document owns, growable
 * arrays, error helpers, and each stage's entry point.
 *
 * Stages only call the stages before them (read -> extract -> text -> clean
 * -> analyse); doc.c runs them in order. Nothing here is thread-global.
 */
#ifndef PX_INTERNAL_H
#define PX_INTERNAL_H

#include "parallax.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PX_UNUSED(x) ((void)(x))
#define PX_MIN(a, b) ((a) < (b) ? (a) : (b))
#define PX_MAX(a, b) ((a) > (b) ? (a) : (b))

/* ------------------------------------------------------------ errors (util.c) */

/* Fill err (if not NULL) and return code. printf-style message. */
px_status px_fail(px_error *err, px_status code, const char *file,
                  uint64_t offset, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* ------------------------------------------------------------ arena (util.c) */

/* A bump allocator: many small allocations freed at once. Blocks grow
 * geometrically; one allocation larger than a block gets its own block.
 * Allocation failure returns NULL (callers propagate PX_ERR_NOMEM). */
typedef struct px_arena_block px_arena_block;
typedef struct px_arena {
    px_arena_block *head;
    size_t next_size;
} px_arena;

void px_arena_init(px_arena *a);
void *px_arena_alloc(px_arena *a, size_t n);          /* 8-byte aligned */
char *px_arena_strndup(px_arena *a, const char *s, size_t n);
char *px_arena_strdup(px_arena *a, const char *s);    /* NULL -> NULL */
void px_arena_free(px_arena *a);

/* ------------------------------------------------------------ buffers (util.c) */

/* A growable byte buffer; data is always NUL-terminated when len > 0. */
typedef struct px_buf {
    char *data;
    size_t len, cap;
} px_buf;

bool px_buf_reserve(px_buf *b, size_t extra);
bool px_buf_append(px_buf *b, const void *p, size_t n);
bool px_buf_putc(px_buf *b, char c);
void px_buf_free(px_buf *b);

/* Grow an array *arr of *cap elements of size elem so that it holds at
 * least need elements. Returns false on overflow or no memory (the old
 * array stays valid). */
bool px_grow(void **arr, size_t *cap, size_t need, size_t elem);

/* ------------------------------------------------------------ UTF-8 (text.c) */

/* Decode one code point at s[0..len). Returns its length in bytes (1..4) and
 * sets *cp; on an invalid sequence returns 1 and sets *cp = -1. len > 0. */
int px_utf8_decode(const unsigned char *s, size_t len, int32_t *cp);
/* Encode cp into out (>= 4 bytes); returns its length. */
int px_utf8_encode(int32_t cp, char *out);

/* ------------------------------------------------------------ the document */

struct px_doc {
    px_arena arena;                 /* owns every string and array below */

    /* metadata (arena strings, NULL when unknown) */
    char *id, *title, *date, *url, *source, *byline, *file;
    const char *lang;               /* static ISO 639-1 code, or "und" */
    const char *lang_declared;      /* as the input declared it (arena) */
    double lang_conf;
    uint64_t offset;

    /* text stage */
    char *text;                     /* valid UTF-8, NFC, NUL-terminated */
    uint32_t text_len;
    uint32_t invalid_bytes;
    char *fold;                     /* matching form of text */
    uint32_t fold_len;
    uint32_t *fold_map;             /* fold byte -> text offset, fold_len + 1 entries */
    px_span title_span;             /* title line inside text, {0,0} if none */
    px_span body_span;              /* where the body starts and ends in text */

    /* clean stage */
    px_span *paras;      uint32_t n_paras;
    px_removed *removed; uint32_t n_removed;

    /* analyse stage */
    px_sentence *sents;  uint32_t n_sents;
    px_token *toks;      uint32_t n_toks;
    px_mention *ments;   uint32_t n_ments;
};

/* ------------------------------------------------------------ the context */

struct sb_stemmer;
#define PX_MAX_STEMMERS 32
struct px_ctx {
    struct {
        const char *lang;           /* ISO 639-1 */
        struct sb_stemmer *stemmer; /* NULL when the language has none */
    } stemmers[PX_MAX_STEMMERS];
    int n_stemmers;
    px_buf scratch;
};

/* ------------------------------------------------------------ stage entry points */

/* extract.c: find the article in a web page. Fills out (arena strings) with
 * what the page says; body is the article text, paragraphs separated by a
 * blank line. Returns PX_ERR_EMPTY when no article text is found. */
typedef struct px_extracted {
    char *title, *body, *date, *url, *source, *byline, *lang;
    size_t body_len;
} px_extracted;
px_status px_extract_html(px_arena *arena, const char *html, size_t len,
                          const char *url_hint, const char *charset_hint,
                          px_extracted *out, px_error *err);

/* text.c: build doc->text from title and body (invalid UTF-8 replaced by
 * U+FFFD and counted, NFC applied, line ends unified to \n, NUL and other
 * control characters removed, title and body joined by "\n\n"), then the
 * matching form and its map. title may be NULL. */
px_status px_text_prepare(px_doc *doc, const char *title, size_t title_len,
                          const char *body, size_t body_len, px_error *err);

/* text.c: write the matching form of s[0..len) (valid UTF-8) to out;
 * returns false on no memory. Used for tokens and names. */
bool px_fold(const char *s, size_t len, px_buf *out);

/* clean.c: split doc->text's body into lines and paragraphs, take leading
 * metadata lines (date, byline, source, url) into the document's metadata,
 * find a title line when the input had none, and remove page furniture,
 * recording each removed line with its reason. With keep_all, lines are
 * only split into paragraphs. */
px_status px_clean(px_doc *doc, bool keep_all, px_error *err);

/* langid.c: see px_langid() in parallax.h. */

/* analyze.c: sentences, tokens (norm, stem, flags) and mentions for the
 * title and kept paragraphs. doc->lang must be set. */
px_status px_analyze(px_ctx *ctx, px_doc *doc, px_error *err);

/* analyze.c: the context's stemmer for lang (created on first use), or
 * NULL when lang has none. */
struct sb_stemmer *px_ctx_stemmer(px_ctx *ctx, const char *lang);

/* analyze.c: is the folded word w[0..len) a stopword of lang? */
bool px_is_stopword(const char *lang, const char *w, size_t len);

#endif /* PX_INTERNAL_H */
