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

/* ------------------------------------------------------------ big tables (util.c) */

/* Zeroed memory for n elements of size bytes (NULL on overflow or no
 * memory; freed with free()). A table of 2 MiB or more is aligned to
 * huge pages and asks the system to back it with them, so that its
 * random lookups miss the TLB less. */
void *px_calloc_big(size_t n, size_t size);

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
    uint32_t *tok_form;  uint32_t n_forms;  /* each token's distinct matching
                                               form, 0 .. n_forms - 1 (tokens
                                               of one form share their norm
                                               and stem pointers) */
};

/* ------------------------------------------------------------ the context */

struct sb_stemmer;
#define PX_MAX_STEMMERS 32

/* analyze.c: what the analyse stage learnt about each word form it has
 * seen, kept across documents so a word is folded, stemmed and looked up
 * in the stopword, month and weekday tables once per context rather than
 * once per document. Keyed by (language, token kind, bytes as written);
 * set-associative, evicting the forms seen in the fewest documents; 4 MiB,
 * doubling up to 16 MiB as forms are evicted (see analyze.c).
 * Nothing in it is handed out: documents copy what they keep into their
 * own arena, so they stay valid after the context is freed. */
typedef struct px_wentry px_wentry;
typedef struct px_ana px_ana;
typedef struct px_wcache {
    px_wentry *slots;               /* sets of ways, (mask + 1) sets */
    size_t mask;
    size_t evicted;                 /* forms evicted since it last grew */
    uint32_t epoch;                 /* bumped per analysed document */
} px_wcache;

struct px_ctx {
    struct {
        const char *lang;           /* ISO 639-1 */
        struct sb_stemmer *stemmer; /* NULL when the language has none */
    } stemmers[PX_MAX_STEMMERS];
    int n_stemmers;
    px_buf scratch;
    px_wcache words;                /* analyze.c's word cache */
    uint8_t *cclass;                /* analyze.c's character class table */
    px_ana *ana;                    /* analyze.c's working arrays, reused */
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

/* analyze.c: close the context's stemmers and free its scratch memory and
 * word cache (px_ctx_free calls it; the context itself is freed by the
 * caller). */
void px_ctx_release(px_ctx *ctx);

/* analyze.c: is the folded word w[0..len) a stopword of lang? */
bool px_is_stopword(const char *lang, const char *w, size_t len);

/* date.c: month number (1..12) of a month name or abbreviation w[0..len)
 * in any case, an optional final '.' ignored ("Jun.", "czerwca", "Şubat"),
 * when it is a name in lang (ISO 639-1; NULL or "und" = any language);
 * 0 when it is none. */
int px_month_name(const char *w, size_t len, const char *lang);

/* date.c: ISO weekday (1 = Monday .. 7 = Sunday) of a full weekday name
 * w[0..len) in lang (NULL = any), 0 when none. */
int px_weekday_name(const char *w, size_t len, const char *lang);

/* date.c: calendar helpers (proleptic Gregorian). px_valid_ymd: a real day
 * of years 1..9999. Days are counted from 1970-01-01. */
bool px_valid_ymd(int y, int m, int d);
int64_t px_days_from_civil(int y, int m, int d);
void px_civil_from_days(int64_t days, int *y, int *m, int *d);

/* ------------------------------------------------------------ read.c */

/* A reader over one in-memory input (plain or gzipped), as if it were a
 * file called name (the name picks the format in PX_FORMAT_AUTO, as for
 * files; "memory" when NULL). data must outlive the reader. For fuzzing
 * and tests. */
px_reader *px_reader_open_mem(const void *data, size_t len, const char *name,
                              const px_reader_opts *opts, px_error *err);

/* ------------------------------------------------------------ compare (features.c, compare.c) */

/* A term of a weighted vector: key is the 64-bit FNV-1a hash of the term
 * (a stem, a folded word, a name); vectors are sorted by key with unique
 * keys and unit L2 norm, so a cosine is one merge. */
typedef struct px_term {
    uint64_t key;
    float w;
} px_term;

typedef struct px_vec {
    px_term *t;
    uint32_t n;
} px_vec;

/* A distinct name (or acronym) of a document with the forms it matches by. */
#define PX_NAME_TOKS 6
typedef struct px_pname {
    const char *norm;          /* folded words joined by one space */
    const char *squash;        /* norm without spaces, hyphens, dots, apostrophes */
    uint32_t squash_len;
    uint64_t key;              /* hash of squash */
    uint64_t tok[PX_NAME_TOKS];/* hashes of the space-separated words */
    uint8_t ntok;
    uint8_t acronym;           /* from an acronym mention */
    uint8_t kind;              /* px_evidence_kind guess: person, org, place, name */
    uint8_t place;             /* a place's gazetteer kind (places.h PX_PLACE_*), 0 none */
    uint16_t country;          /* a place's country (places.h: ISO 3166-1 alpha-2 as
                                  c0 << 8 | c1), 0 none or not a place */
    uint16_t count;            /* mentions */
    int32_t first;             /* index of the first mention */
    float w;                   /* rarity weight (idf of key) */
} px_pname;

/* A country the document's places are in, with its mentions. */
typedef struct px_pcountry {
    uint16_t cc;               /* ISO 3166-1 alpha-2 as c0 << 8 | c1 */
    uint16_t n;
} px_pcountry;

/* A quote: the hashes of its folded words, sorted, unique. */
typedef struct px_pquote {
    uint64_t *tok;
    uint32_t n;
    int32_t ment;              /* mention index */
} px_pquote;

/* A number or date mention: key of its canonical form. */
typedef struct px_pnum {
    uint64_t key;
    float w;                   /* rarity: more digits, more weight */
    int32_t ment;              /* first mention with this key */
} px_pnum;

/* A sentence as a set of content stems: terms[start .. start+n) of the
 * profile's sentence term array, sorted by key, weight = idf; sig is a
 * 64-bit Bloom signature of the keys, to skip pairs sharing nothing. */
typedef struct px_psent {
    uint32_t start, n;
    float norm;                /* sum of the weights */
    uint32_t sent;             /* index in px_doc_sentences() */
    uint64_t sig;
} px_psent;

/* A posting of the first sentences of a profile: a key's top 32 bits, the
 * sentence (index into the profile's sentence sets) and the key's weight.
 * Sorted by key, so two profiles' sentence overlaps are one merge. */
#define PX_POST_SENTS 60
typedef struct px_spost {
    uint32_t key;
    uint16_t sent;
    float w;
} px_spost;

enum px_style_stat {
    PX_ST_WORDS = 0,           /* log(1 + words) */
    PX_ST_SENTLEN,             /* mean words per sentence */
    PX_ST_QUOTES,              /* quoted share of words */
    PX_ST_NUMBERS,             /* number mentions per 100 words */
    PX_ST_NAMES,               /* name mentions per 100 words */
    PX_ST_PARALEN,             /* mean words per paragraph */
    PX_ST_TITLELEN,            /* words in the title */
    PX_ST_LONGWORDS,           /* share of words of 8+ letters */
    PX_ST_PUNCT,               /* ! and ? per 100 words */
    PX_NSTYLE
};

struct px_profile {
    px_arena arena;
    const px_doc *doc;
    const px_lexicon *lx;
    const char *lang;
    px_vec body, title, lead, words;   /* stems (body, title, lead), folded words */
    px_vec cross, xtitle, xlead;       /* body, title, lead in the cross-lingual
                                          space: top 32 bits of keys, English stems
                                          of translated words added */
    px_pname *names;  uint32_t n_names;
    px_pcountry *countries; uint32_t n_countries; /* not in a lite profile */
    px_pnum *nums;    uint32_t n_nums;
    px_pnum *dates;   uint32_t n_dates;
    px_pquote *quotes; uint32_t n_quotes;
    px_term *sterms; px_psent *sents; uint32_t n_sents;   /* body sentences */
    px_term *xterms; px_psent *xsents;                    /* the same with the
                                          English stems of translated words added
                                          (== sterms/sents without a table) */
    px_spost *post, *xpost; uint32_t n_post, n_xpost;    /* postings of the first
                                          PX_POST_SENTS sentences (xpost: of xterms) */
    double style[PX_NSTYLE];
    int32_t pubday;                    /* days since 1970-01-01; INT32_MIN unknown */
};

/* features.c: px_profile_new, or when lite only what px_cluster_doc_new
 * reads outside its baseline (body and title vectors; names' forms, keys,
 * words and counts; numbers; no lead, words, cross-lingual vectors,
 * sentences, dates, quotes, style, name kinds, name weights nor publication
 * day): the same values for those, never to be compared. */
px_profile *px_profile_make(const px_doc *d, const px_lexicon *lx, bool lite, px_error *err);

/* features.c: FNV-1a 64-bit hash of s[0..len), seeded by a namespace byte so
 * stems, words and names do not collide. */
uint64_t px_term_hash(unsigned char ns, const char *s, size_t len);
/* util.c: sort terms by key, stable (equal keys keep their order). */
void px_terms_sort(px_term *t, size_t n);
#define PX_NS_STEM 's'
#define PX_NS_WORD 'w'
#define PX_NS_NAME 'n'
#define PX_NS_NUM  '#'

/* features.c: document frequency of key in the lexicon (0 when unseen). */
uint32_t px_lexicon_df(const px_lexicon *lx, uint64_t key);

/* features.c: inverse document frequency of key (1 without a corpus). */
float px_lexicon_idf(const px_lexicon *lx, uint64_t key);

/* features.c: the English stem keys (their top 32 bits) of a stem key of
 * lang; returns how many (0 when lang has no table or the stem no entry). */
uint32_t px_lexicon_translate(const px_lexicon *lx, const char *lang, uint64_t key,
                              const uint32_t **to);
/* The cross-lingual space (translations) compares the top 32 bits of keys. */
#define PX_KEY_HI 0xFFFFFFFF00000000ULL

/* features.c: cosine of two unit vectors. */
double px_vec_cos(px_vec a, px_vec b);

/* features.c: the gazetteer entry (lib/places.h) of a name's squashed
 * matching form s[0..len) (folded, no spaces, hyphens, dots, apostrophes,
 * underscores), -1 when it names no known place; *kind (if not NULL) gets
 * its kind (PX_PLACE_*), or 0. */
int32_t px_place_find(const char *s, size_t len, int *kind);
enum { PX_PLACE_COUNTRY = 1, PX_PLACE_PEOPLE, PX_PLACE_REGION, PX_PLACE_CITY };

/* features.c: how two names match: 0 not, else 1 prefix of a compound or
 * a country and its people, 2 token subset or one country in two
 * languages, 3 same folded form; *how gets a label. */
int px_name_match(const px_pname *a, const px_pname *b, const char **how);

/* features.c: share of the words of the shorter quote found in the other. */
double px_quote_overlap(const px_pquote *a, const px_pquote *b);

/* compare.c: similarity of two sentence sets: idf weight of the stems in
 * both over the mean weight of the two (Dice), 0..1. The sets come from
 * the terms arrays ta and tb (native or cross-lingual space). */
double px_sent_sim(const px_term *ta, const px_psent *a, const px_term *tb, const px_psent *b);

/* ------------------------------------------------------------ cluster (cluster.c) */

/* An article's clustering features from terms already made: t[0..nl) are
 * words of the article's language, t[nl..n) names and numbers (each part
 * sorted by key, keys != 0, raw weights > 0); time in seconds since 1970
 * or INT64_MIN. For tests and for stores that keep features, not profiles.
 * NULL on no memory or unsorted input. */
px_cluster_doc *px_cluster_doc_from_terms(const px_term *t, uint32_t n, uint32_t nl,
                                          int64_t time, px_error *err);

/* The terms of an article's clustering features (raw weights, sorted by
 * key; odd keys are names and numbers) and how many there are. */
const px_term *px_cluster_doc_terms(const px_cluster_doc *d, uint32_t *n);

#endif /* PX_INTERNAL_H */
