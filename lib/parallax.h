/*
 * parallax.h - the one public header of libparallax.
 *
 * parallax reads news articles as people get them (scraped text with page
 * junk, JSONL dumps, HTML, WARC), cleans and analyses them, and compares how
 * outlets report the same story.
 *
 * Pipeline (data flows one way):
 *   read -> text -> clean -> analyse -> features -> compare | index -> cluster -> report
 *
 * Conventions
 *  - Opaque handles (px_ctx, px_reader, px_doc) are created and freed in
 *    pairs: px_X_new/px_X_open ... px_X_free/px_X_close.
 *  - Every call that can fail returns a px_status (or NULL) and fills the
 *    px_error it is given (which may be NULL when the caller does not care).
 *  - No global mutable state: a px_ctx holds per-thread resources (stemmers);
 *    use one px_ctx per thread. px_doc objects are immutable once built and
 *    may be read from any thread.
 *  - Text offsets (px_span) are byte offsets into px_doc_text(): the
 *    article's text after UTF-8 repair and NFC normalisation. They always
 *    fall on UTF-8 character boundaries.
 */
#ifndef PARALLAX_H
#define PARALLAX_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PX_VERSION "0.1.0"

/* ---------------------------------------------------------------- errors */

typedef enum px_status {
    PX_OK = 0,
    PX_EOF = 1,          /* no more records (not an error) */
    PX_ERR_IO = -1,      /* a file could not be opened or read */
    PX_ERR_FORMAT = -2,  /* a record is malformed (bad JSON, bad gzip, ...) */
    PX_ERR_TOOBIG = -3,  /* a record is larger than the configured limit */
    PX_ERR_NOMEM = -4,   /* allocation failed */
    PX_ERR_ARG = -5,     /* the caller passed something invalid */
    PX_ERR_EMPTY = -6,   /* a record holds no article text */
    PX_ERR_LANG = -7     /* a language parallax cannot handle */
} px_status;

#define PX_NO_OFFSET UINT64_MAX

typedef struct px_error {
    px_status code;
    uint64_t offset;     /* byte offset of the failing record in its file
                            (uncompressed stream for .gz), or PX_NO_OFFSET */
    char file[512];      /* file the failure is about, "" when none */
    char msg[512];       /* what went wrong, for a person */
} px_error;

/* A short name for a status ("format error", ...). Never NULL. */
const char *px_status_str(px_status s);

/* Free memory that the library returned to the caller (strings from
 * px_doc_to_json and friends). */
void px_free(void *p);

/* ---------------------------------------------------------------- context */

/* A context holds what analysis needs and may reuse across documents
 * (stemmers, scratch buffers). Not thread-safe: one per thread. */
typedef struct px_ctx px_ctx;

px_ctx *px_ctx_new(px_error *err);
void px_ctx_free(px_ctx *ctx);

/* ---------------------------------------------------------------- read */

typedef enum px_format {
    PX_FORMAT_AUTO = 0,  /* by file name, then by content */
    PX_FORMAT_TEXT,      /* one plain-text article per file */
    PX_FORMAT_JSONL,     /* one JSON object per line */
    PX_FORMAT_HTML,      /* one web page per file */
    PX_FORMAT_WARC       /* WARC / WARC.gz web archive */
} px_format;

typedef enum px_body_kind {
    PX_BODY_TEXT = 0,    /* body is article text (maybe with page junk) */
    PX_BODY_HTML = 1     /* body is a web page; the extract stage finds the article */
} px_body_kind;

/* One article as read, before any processing. Strings are NUL-terminated
 * bytes as found in the input (not yet validated as UTF-8), NULL when the
 * input has no such field. Owned by the reader: valid until the next
 * px_reader_next() or px_reader_close(). */
typedef struct px_record {
    const char *id;
    const char *title;
    const char *body;       /* article text or page HTML, see kind */
    size_t body_len;
    px_body_kind kind;
    const char *date;       /* as found: ISO 8601, RFC 2822, "June 7, 2019", ... */
    const char *url;
    const char *source;     /* outlet / source domain */
    const char *lang;       /* language declared by the input, if any */
    const char *byline;
    const char *charset;    /* declared charset (HTTP header, WARC), if any */
    const char *file;       /* path the record came from, "-" for stdin */
    uint64_t offset;        /* byte offset of the record in that file
                               (in the uncompressed stream for .gz) */
} px_record;

typedef struct px_reader_opts {
    px_format format;       /* PX_FORMAT_AUTO to detect */
    size_t max_record;      /* largest record accepted, bytes; 0 = 64 MiB */
} px_reader_opts;

typedef struct px_reader px_reader;

/* Open a reader over paths: files (plain or .gz), directories (walked
 * recursively, in name order, hidden files skipped) or "-" for stdin.
 * Memory use is bounded by the largest record, not by the input size.
 * Returns NULL only for invalid arguments or no memory; a path that cannot
 * be opened is reported by px_reader_next as a PX_ERR_IO. */
px_reader *px_reader_open(const char *const *paths, size_t npaths,
                          const px_reader_opts *opts, px_error *err);

/* Read the next record.
 *   PX_OK   *rec points at the record.
 *   PX_EOF  all input is consumed.
 *   < 0     a broken record (or unreadable file) was skipped; err names
 *           the file, the byte offset and the reason. Call again to go on. */
px_status px_reader_next(px_reader *r, const px_record **rec, px_error *err);

/* Counts so far: records returned, records skipped for errors. */
uint64_t px_reader_records(const px_reader *r);
uint64_t px_reader_failures(const px_reader *r);

void px_reader_close(px_reader *r);

/* ---------------------------------------------------------------- documents */

/* A byte range [start, end) in px_doc_text(). */
typedef struct px_span {
    uint32_t start, end;
} px_span;

/* A line removed by the clean stage, with the reason (a short constant
 * string such as "share-prompt", "icon-run", "photo-credit"). */
typedef struct px_removed {
    px_span span;
    const char *reason;
} px_removed;

typedef struct px_sentence {
    px_span span;
    uint32_t tok_start, tok_end;  /* tokens [tok_start, tok_end) */
    uint32_t para;                /* paragraph index; UINT32_MAX for the title */
} px_sentence;

enum px_token_kind {
    PX_TOK_WORD = 1,     /* letters (and marks, inner apostrophes/hyphens) */
    PX_TOK_NUM = 2,      /* digits, with inner separators: 28,500  3.5  1950-1953 stays 3 tokens */
    PX_TOK_PUNCT = 3,    /* punctuation, including quote marks */
    PX_TOK_SYMBOL = 4,   /* currency and other symbols */
    PX_TOK_IDEO = 5      /* one CJK ideograph / kana / hangul syllable run */
};

enum px_token_flags {
    PX_TOKF_STOP = 1,    /* a stopword of the document's language */
    PX_TOKF_CAP = 2,     /* starts with an upper-case letter */
    PX_TOKF_UPPER = 4,   /* all letters upper-case, at least two */
    PX_TOKF_TITLE = 8,   /* inside the title */
    PX_TOKF_SENT0 = 16   /* first word of its sentence */
};

typedef struct px_token {
    px_span span;
    const char *norm;    /* matching form: case-folded, quotes/dashes unified */
    const char *stem;    /* Snowball stem of norm (norm itself when no stemmer) */
    uint32_t sent;       /* sentence index */
    uint8_t kind;        /* enum px_token_kind */
    uint8_t flags;       /* enum px_token_flags */
} px_token;

typedef enum px_mention_kind {
    PX_MENTION_NAME = 1,     /* multi-word proper name or single capitalised name */
    PX_MENTION_ACRONYM,      /* NATO, U.S., THAAD */
    PX_MENTION_NUMBER,       /* a bare number: 28,500 ; four million */
    PX_MENTION_MONEY,        /* $5 billion ; 10 Mio. Euro */
    PX_MENTION_PERCENT,      /* 25% ; 3.5 per cent */
    PX_MENTION_QUANTITY,     /* number with a unit: 5 km, 28,500 troops */
    PX_MENTION_DATE,         /* June 7 ; 7. Juni 2019 ; 2019-06-25 ; Monday */
    PX_MENTION_QUOTE         /* a quoted span, marks excluded */
} px_mention_kind;

typedef struct px_mention {
    px_span span;
    px_mention_kind kind;
    const char *norm;    /* names: folded words joined by one space;
                            numbers: canonical decimal ("28500", "0.25");
                            dates: ISO 8601, as precise as the text
                            ("2019-06-07", "2019-06", "--06-07", "2019");
                            quotes: folded inner text */
    const char *unit;    /* money: ISO 4217 code; percent: "%"; quantity:
                            the unit word as folded; NULL otherwise */
    double value;        /* numeric value for number/money/percent/quantity */
    uint32_t sent;       /* sentence index */
} px_mention;

typedef struct px_doc px_doc;

enum px_doc_flags {
    PX_DOC_NO_CLEAN = 1,     /* keep every line: no furniture removal */
    PX_DOC_NO_ANALYZE = 2    /* stop after cleaning: no tokens, mentions */
};

typedef struct px_doc_opts {
    unsigned flags;          /* enum px_doc_flags */
    const char *lang;        /* force a language (ISO 639-1); NULL = detect */
} px_doc_opts;

/* Build a document from a record: extract (HTML), text, clean, analyse.
 * Returns NULL with err filled when the record cannot become an article
 * (PX_ERR_EMPTY when no text is left, PX_ERR_NOMEM). opts may be NULL. */
px_doc *px_doc_from_record(px_ctx *ctx, const px_record *rec,
                           const px_doc_opts *opts, px_error *err);

/* Build a document from plain article text (optionally with a title line
 * and leading metadata lines such as "date 2019-06-25"). */
px_doc *px_doc_from_text(px_ctx *ctx, const char *text, size_t len,
                         const px_doc_opts *opts, px_error *err);

void px_doc_free(px_doc *doc);

/* Metadata; NULL when unknown. Date is ISO 8601 (e.g. "2019-06-25" or
 * "2019-06-25T10:00:00Z"). Language is an ISO 639-1 code ("und" when the
 * text is too short or unlike any language handled). */
const char *px_doc_id(const px_doc *d);
const char *px_doc_title(const px_doc *d);
const char *px_doc_date(const px_doc *d);
const char *px_doc_url(const px_doc *d);
const char *px_doc_source(const px_doc *d);
const char *px_doc_byline(const px_doc *d);
const char *px_doc_lang(const px_doc *d);
double px_doc_lang_confidence(const px_doc *d);  /* 0..1 */
const char *px_doc_file(const px_doc *d);
uint64_t px_doc_offset(const px_doc *d);

/* The document text: valid UTF-8, NFC. Every span refers to it. When the
 * document has a title it is the first line of the text. */
const char *px_doc_text(const px_doc *d, size_t *len);
px_span px_doc_title_span(const px_doc *d);        /* {0,0} when none */
size_t px_doc_invalid_bytes(const px_doc *d);      /* invalid UTF-8 bytes replaced by U+FFFD */

/* The matching form of the whole text (case-folded, quotes, dashes and
 * spaces unified) and, for every byte of it, the offset in px_doc_text()
 * of the character it came from. */
const char *px_doc_fold(const px_doc *d, size_t *len);
const uint32_t *px_doc_fold_map(const px_doc *d);

const px_span *px_doc_paragraphs(const px_doc *d, size_t *n);  /* kept body paragraphs */
const px_removed *px_doc_removed(const px_doc *d, size_t *n);
const px_sentence *px_doc_sentences(const px_doc *d, size_t *n);
const px_token *px_doc_tokens(const px_doc *d, size_t *n);
const px_mention *px_doc_mentions(const px_doc *d, size_t *n);

/* The document as one JSON object (see docs/json.md), NUL-terminated;
 * free with px_free. NULL on no memory. */
char *px_doc_to_json(const px_doc *d);

/* ---------------------------------------------------------------- languages */

/* Identify the language of a UTF-8 text. Returns an ISO 639-1 code
 * (static string) or "und"; *confidence (may be NULL) gets 0..1. */
const char *px_langid(const char *text, size_t len, double *confidence);

/* Languages with stemming and stopwords, as ISO 639-1 codes, NULL-ended. */
const char *const *px_languages(void);

/* Parse a date as news carries it (ISO 8601, RFC 2822, "June 7, 2019",
 * "7. Juni 2019", "25/06/2019", ...) into ISO 8601 in out (>= 32 bytes).
 * Returns 1 on success, 0 when the string is not a date. */
int px_parse_date(const char *s, size_t len, char out[32]);

#ifdef __cplusplus
}
#endif
#endif /* PARALLAX_H */
