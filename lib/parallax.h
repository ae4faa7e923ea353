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

/* A member of the JSON object the last record came from (JSONL and JSON
 * input; NULL for other formats), for fields the record does not name
 * (e.g. SemEval pairs' "title1"): a string as it is, a number or boolean
 * written as a string (valid until the next call), NULL when key is absent
 * or its value is null, an object or an array. *len (when not NULL) gets
 * the length. Valid as long as the record. */
const char *px_reader_field(px_reader *r, const char *key, size_t *len);

/* One article of a pair line (SemEval-2022 Task 8: "pair_id", "title1",
 * "text1", "lang1", "title2", "text2", "lang2"), side 1 or 2, from the
 * last record's JSON object: fills out with title = "titleN", body and
 * body_len = "textN", lang = "langN", id = "pair_id", kind PX_BODY_TEXT,
 * and the file and offset of the record; the other fields are NULL.
 * Values are taken as px_reader_field takes them (a number or boolean as
 * written, a string as it is, "" included); an absent title, lang or
 * pair_id is NULL. The strings are owned by the reader and valid as long
 * as the record; the two sides do not overwrite each other.
 *   PX_OK          out is filled.
 *   PX_ERR_FORMAT  the record has no "textN" (absent, null, an object or an
 *                  array): it holds no such side; err names file and offset.
 *   PX_ERR_ARG     r or out is NULL, side is not 1 or 2, or no JSON record
 *                  is out (other formats, or after an error or PX_EOF).
 * On an error *out is all zero (NULL strings). */
px_status px_reader_pair_side(px_reader *r, int side, px_record *out, px_error *err);

/* Counts so far: records returned, records skipped for errors, and records
 * skipped on purpose (WARC records that are not HTML 2xx responses:
 * warcinfo, request, metadata, revisit, images ...). */
uint64_t px_reader_records(const px_reader *r);
uint64_t px_reader_failures(const px_reader *r);
uint64_t px_reader_skipped(const px_reader *r);

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

/* Analyse (tokens, sentences, mentions) a document built with
 * PX_DOC_NO_ANALYZE, with the same result as building it without: so a
 * caller can look the cleaned text up first (a copy already stored) and
 * analyse only what it keeps. */
px_status px_doc_analyze(px_ctx *ctx, px_doc *doc, px_error *err);

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

/* The document text: valid UTF-8, NFC. Every span refers to it. A title
 * given by the input is the first line of the text; a title found in a
 * plain-text body stays where it was found. px_doc_title_span tells. */
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

enum px_json_flags {
    PX_JSON_ANALYSIS = 1,    /* add sentences and mentions */
    PX_JSON_TOKENS = 2,      /* add every token (large) */
    PX_JSON_PRETTY = 4       /* indent */
};

/* The document as one JSON object (see docs/json.md), NUL-terminated;
 * free with px_free. NULL on no memory. flags: enum px_json_flags. */
char *px_doc_to_json(const px_doc *d, unsigned flags);

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

/* ---- compare ---- */

/* How similar two articles are, the way the SemEval-2022 Task 8 annotators
 * judged pairs: seven dimensions, each 1 (very similar) .. 4 (very
 * dissimilar). See docs/compare.md.
 *
 *   px_lexicon *lx = px_lexicon_new(NULL, 0, &err);    // built-in tables
 *   px_profile *pa = px_profile_new(doc_a, lx, &err);  // once per document
 *   px_profile *pb = px_profile_new(doc_b, lx, &err);
 *   px_scores s;
 *   px_compare_scores(pa, pb, &s);                      // cheap, per pair
 *   px_comparison *c = px_compare(pa, pb, &err);        // with the evidence
 */

/* What comparison knows about words beyond two articles: document
 * frequencies from a background corpus (so rare names and words weigh
 * more) and bilingual stem tables (German -> English) for cross-lingual
 * pairs. Immutable once built, except through px_lexicon_count; may be
 * shared by threads that only read it. */
typedef struct px_lexicon px_lexicon;

enum px_lexicon_flags {
    PX_LEX_NO_DF = 1       /* start with no document frequencies (to count some) */
};

/* A lexicon with the document frequencies of df_path (a table written by
 * px_lexicon_save_df), or the built-in table (fitted on the training
 * corpus) when df_path is NULL. NULL with err filled on a bad file. */
px_lexicon *px_lexicon_new(const char *df_path, unsigned flags, px_error *err);
void px_lexicon_free(px_lexicon *lx);

typedef struct px_profile px_profile;

/* Count one more document (its profile, built with any lexicon) into the
 * lexicon's document frequencies. Not thread-safe; do not count into a
 * lexicon that profiles are being built with. */
px_status px_lexicon_count(px_lexicon *lx, const px_profile *p, px_error *err);

/* Documents counted into the lexicon's document frequencies. */
uint32_t px_lexicon_docs(const px_lexicon *lx);

/* Write the document frequencies of terms seen in at least min_df
 * documents to path, as text. */
px_status px_lexicon_save_df(const px_lexicon *lx, const char *path,
                             unsigned min_df, px_error *err);

/* The per-document part of comparison, computed once per document: weighted
 * stem vectors (body, title, lead, words, a cross-lingual one), names with
 * their variant keys, numbers, dates, quotes, style statistics. Borrows doc
 * and lx: both must outlive the profile. Immutable; thread-safe to read. */
px_profile *px_profile_new(const px_doc *doc, const px_lexicon *lx, px_error *err);
void px_profile_free(px_profile *p);
const px_doc *px_profile_doc(const px_profile *p);

/* The seven dimensions, in the order the scores are stored. */
enum px_dim {
    PX_DIM_GEOGRAPHY = 0,
    PX_DIM_ENTITIES,
    PX_DIM_TIME,
    PX_DIM_NARRATIVE,
    PX_DIM_STYLE,
    PX_DIM_TONE,
    PX_DIM_OVERALL,
    PX_NDIMS
};
const char *px_dim_name(int dim);      /* "geography" ... "overall" */

typedef struct px_scores {
    double dim[PX_NDIMS];              /* 1 very similar .. 4 very dissimilar */
} px_scores;

/* The seven scores of a pair by the fitted model. Symmetric in a, b. */
void px_compare_scores(const px_profile *a, const px_profile *b, px_scores *out);

/* The baseline: plain TF-IDF cosine of the two texts' words (no stems,
 * names or model), 0..1. */
double px_compare_baseline(const px_profile *a, const px_profile *b);

/* The feature vector the model reads: writes min(cap, px_feature_count())
 * values to out, returns px_feature_count(). */
size_t px_compare_features(const px_profile *a, const px_profile *b,
                           double *out, size_t cap);
size_t px_feature_count(void);
const char *px_feature_name(size_t i);

/* The verdict on the overall score. */
typedef enum px_verdict {
    PX_SAME_STORY = 0,     /* overall < 2.0 */
    PX_RELATED = 1,        /* overall < 3.0 */
    PX_DIFFERENT = 2
} px_verdict;
px_verdict px_verdict_of(double overall);
const char *px_verdict_str(px_verdict v);  /* "same story", "related", "different" */

/* One piece of evidence: something found in both articles (a >= 0 and
 * b >= 0) or in one only (the other is -1). For names, numbers, dates and
 * quotes, a and b index px_doc_mentions() of each document; for sentence
 * pairs they index px_doc_sentences(). */
typedef enum px_evidence_kind {
    PX_EV_PERSON = 0,      /* a name that looks like a person's */
    PX_EV_ORG,             /* an organisation (acronyms, org words) */
    PX_EV_PLACE,           /* a place: a country, its people, a region or city the
                              gazetteer (places.h) knows, or a name after in/at/from */
    PX_EV_NAME,            /* a name of no clear kind */
    PX_EV_NUMBER,          /* number, money, percent, quantity */
    PX_EV_DATE,
    PX_EV_QUOTE,
    PX_EV_SENTENCE,        /* two sentences that say the same thing */
    PX_EV_NKINDS
} px_evidence_kind;

typedef struct px_evidence {
    px_evidence_kind kind;
    int32_t a, b;          /* index in document A / B, -1 when absent */
    double score;          /* match strength 0..1 (1 = identical) */
    const char *how;       /* how they matched: "exact", "folded", "subset",
                              "prefix", "overlap", "stems"; "" unmatched */
} px_evidence;

typedef struct px_comparison px_comparison;

/* Compare two profiles with the evidence. NULL only on no memory. */
px_comparison *px_compare(const px_profile *a, const px_profile *b, px_error *err);
void px_comparison_free(px_comparison *c);
const px_scores *px_comparison_scores(const px_comparison *c);
const px_evidence *px_comparison_evidence(const px_comparison *c, size_t *n);

/* The comparison as one JSON object (docs/compare.md); free with px_free.
 * flags: PX_JSON_PRETTY. NULL on no memory. */
char *px_comparison_to_json(const px_comparison *c, unsigned flags);

/* ---- cluster ---- */

/* Which articles tell the same story: an online, single-pass clusterer that
 * places every article in a story as it arrives, in publication order.
 *
 *   px_cluster_opts o;
 *   px_cluster_opts_default(&o);
 *   px_clusterer *c = px_clusterer_new(&o, &err);
 *   px_lexicon *lx = px_lexicon_new(NULL, PX_LEX_NO_DF, &err);
 *   for each article, oldest first:
 *       px_profile *p = px_profile_new(doc, lx, &err);
 *       uint64_t story;
 *       px_clusterer_add_profile(c, p, &story, &err);   // story >= 1
 *   ... later: px_clusterer_story(c, story) is the story it is now part of
 *       (stories that turn out to be one are merged; the older id survives)
 *   px_clusterer_free(c);
 *
 * An article is a TF-IDF vector over stems (title and word pairs added),
 * with names, acronyms and numbers as a language-independent part;
 * document frequencies are learned from the articles seen so far, so no
 * outside data is needed. A story is the sum of its articles' vectors, cut
 * to its top terms, which an inverted index maps back to the story, so
 * adding an article only looks at stories that share a term with it.
 * Similarity to a story is the cosine with that centroid (across languages
 * also the cosine of the names and numbers alone), damped by the time
 * between the article and the story's articles (for dated articles: stories
 * go quiet) and raised for big stories still being written (size_prior);
 * a story of a few articles is joined only on more than one shared term
 * (young_size). The last articles
 * added are also kept (their top terms, nn_window of them), so that an
 * article close to one article of a story is drawn to it even when the
 * story's centroid has moved on (nn_weight). A story that stayed one
 * article long for a while is merged into the story most like it when that
 * comes close enough (absorb_ratio). Build profiles with a lexicon
 * made with PX_LEX_NO_DF: the clusterer weights terms itself. See
 * lib/cluster.c for the method and how the defaults were chosen. */
typedef struct px_clusterer px_clusterer;

typedef struct px_cluster_opts {
    double threshold;        /* join the best story at or above this similarity
                                (short articles: a dozen distinct words) */
    double long_threshold;   /* the same for long articles (150+ distinct words;
                                between the two it rises with log(words));
                                0 = threshold for all */
    double merge_threshold;  /* merge two stories whose centroids reach this */
    double half_life_hours;  /* similarity halves per this many hours between an
                                article and its story's last article; 0 = no decay */
    double title_weight;     /* weight of the title vector beside the body's */
    double name_weight;      /* weight of names and acronyms */
    double number_weight;    /* weight of numbers */
    double bigram_weight;    /* weight of pairs of adjacent content words */
    double cross_weight;     /* an article and a story in different languages
                                also compare on names and numbers alone, at
                                this weight (0 = not) */
    unsigned doc_terms;      /* top terms kept per article */
    unsigned story_terms;    /* top terms kept per story centroid */
    double size_prior;       /* the similarity to a story of n articles is
                                multiplied by 1 + size_prior * ln(n): big
                                stories draw articles (0 = not); for dated
                                articles n counts each article decayed by
                                the half-life, so a quiet story draws less */
    double nn_weight;        /* an article also compares with each recent article
                                (its top terms): a story's similarity is at least
                                this times the best cosine with one of its
                                articles (0 = centroids only) */
    unsigned nn_window;      /* how many recent articles keep their terms for that */
    double absorb_ratio;     /* a story still one article long absorb_after
                                articles after it started joins the story most
                                like it when that similarity reaches this times
                                its article's threshold (short articles; rising
                                to 1 x for long ones, as the threshold rises
                                with length): a merge, ids resolve (0 = never) */
    unsigned absorb_after;
    double idf_prior;        /* idf = ln((N + 1 + idf_prior) / (df + 0.5)) over the
                                N articles seen so far: idf_prior pseudo-articles
                                that contain no term keep the first articles'
                                shared words from counting as common (0 = plain) */
    unsigned young_size;     /* a story of at most this many articles is young: an
                                article joins it only when its similarity without
                                the one shared term that adds most still reaches
                                young_rest x the threshold (else the next best
                                story; 0 = no such check), once the clusterer
                                holds more than young_after articles */
    double young_rest;
    unsigned young_after;
    int baseline;            /* plain TF-IDF on words: no stems, names, numbers,
                                title weight, time decay or merging */
} px_cluster_opts;

/* The defaults (fitted on the labelled sets; docs in lib/cluster.c). */
void px_cluster_opts_default(px_cluster_opts *o);

/* The baseline: plain TF-IDF single pass on words, with its own threshold. */
void px_cluster_opts_baseline(px_cluster_opts *o);

/* A new, empty clusterer; opts NULL = defaults. NULL with err filled on no
 * memory or invalid options. */
px_clusterer *px_clusterer_new(const px_cluster_opts *opts, px_error *err);
void px_clusterer_free(px_clusterer *c);

/* An article's clustering features, before corpus statistics: its terms
 * with raw weights and its time. Independent of any clusterer, so a batch
 * can build them first and add them in publication order. */
typedef struct px_cluster_doc px_cluster_doc;

/* Features of the profile's document (its date, when it has one, gives the
 * time). The profile may be freed afterwards. NULL with err on no memory. */
px_cluster_doc *px_cluster_doc_new(const px_profile *p, const px_cluster_opts *opts,
                                   px_error *err);

/* The same features straight from a document, building only the part of
 * the profile they need (cheaper than px_profile_new + px_cluster_doc_new,
 * same result). lx as for px_profile_new. NULL with err on no memory. */
px_cluster_doc *px_cluster_doc_of(const px_doc *doc, const px_lexicon *lx,
                                  const px_cluster_opts *opts, px_error *err);
void px_cluster_doc_free(px_cluster_doc *d);

/* Seconds since 1970-01-01 UTC of the article, or INT64_MIN when undated. */
int64_t px_cluster_doc_time(const px_cluster_doc *d);

/* Seconds since 1970-01-01 UTC of an ISO 8601 date ("2019-06-25",
 * "2019-06-25T10:00:00Z", "...+02:00"); INT64_MIN when s is not one. */
int64_t px_iso_seconds(const char *s);

/* Place an article in a story: the best story it is similar enough to, or a
 * new one. *story gets the story's id (>= 1). Articles should come oldest
 * first; an undated article is compared without time decay.
 * On PX_ERR_NOMEM the article is not placed; the clusterer stays usable. */
px_status px_clusterer_add(px_clusterer *c, const px_cluster_doc *d, uint64_t *story,
                           px_error *err);

/* px_cluster_doc_new + px_clusterer_add + px_cluster_doc_free. */
px_status px_clusterer_add_profile(px_clusterer *c, const px_profile *p, uint64_t *story,
                                   px_error *err);

/* The story a story id is part of now: the id itself unless it was merged
 * into another (then that one's id, following merges). 0 for an unknown id. */
uint64_t px_clusterer_story(const px_clusterer *c, uint64_t story);

/* Counts: articles added, story ids handed out, stories alive (not merged
 * away), merges done, bytes of memory held. */
typedef struct px_cluster_stats {
    uint64_t articles, stories, alive, merges, retired;
    size_t memory;
} px_cluster_stats;
void px_clusterer_stats(const px_clusterer *c, px_cluster_stats *out);

/* ---- similar ---- */

/* The articles of a corpus most like a given one, without comparing it with
 * all of them: an inverted index over the articles' clustering terms
 * (px_cluster_doc: each article posts its 64 heaviest stems, title stems,
 * word pairs, names, numbers) finds candidates by the rare terms they share
 * with the query (both relative weights x idf^2, summed); the caller then
 * scores the best with the compare model (px_compare_scores). A query reads
 * at most max_postings posting entries, whatever the corpus size. See
 * lib/cluster.c (similarity index).
 *
 *   px_simindex *x = px_simindex_new(NULL, &err);
 *   for each article:  px_simindex_add(x, cdoc, &err);   // position 0, 1, ...
 *   px_simcand *c; size_t n;
 *   px_simindex_query(x, qdoc, UINT32_MAX, &c, &n, &err);
 *   ... c[i].pos, best first ...
 *   px_free(c);
 *
 * Adding is not thread-safe; an index nobody adds to may be queried from
 * several threads. */
typedef struct px_simindex px_simindex;

typedef struct px_simindex_opts {
    unsigned query_terms;  /* the query's heaviest terms (raw weight x idf)
                              that probe the index (64) */
    unsigned candidates;   /* candidates returned at most (200) */
    double max_df;         /* terms in more than this share of the articles
                              do not probe, once 100 are indexed (0.2) */
    size_t max_postings;   /* posting entries one query reads at most (32768) */
} px_simindex_opts;
void px_simindex_opts_default(px_simindex_opts *o);

/* opts NULL = defaults. NULL with err on no memory or invalid options. */
px_simindex *px_simindex_new(const px_simindex_opts *opts, px_error *err);
void px_simindex_free(px_simindex *x);

/* Change the query options (not while another thread queries). */
px_status px_simindex_tune(px_simindex *x, const px_simindex_opts *opts, px_error *err);

/* Index an article; it gets the next position (0, 1, ...). At most
 * 16,777,215 articles. */
px_status px_simindex_add(px_simindex *x, const px_cluster_doc *d, px_error *err);

size_t px_simindex_size(const px_simindex *x);     /* articles added */
size_t px_simindex_memory(const px_simindex *x);   /* bytes held */

typedef struct px_simcand {
    uint32_t pos;          /* position of the article in the index */
    double score;          /* sum over the shared terms of the two relative
                              weights x idf^2 (lib/cluster.c) */
} px_simcand;

/* Candidates for the article q, best first, at most opts.candidates; the
 * article at position skip is left out (UINT32_MAX: none). *out is malloc'd
 * (NULL when *n is 0): free with px_free. */
px_status px_simindex_query(const px_simindex *x, const px_cluster_doc *q, uint32_t skip,
                            px_simcand **out, size_t *n, px_error *err);

/* The score a query accumulates, computed exactly for one article at a
 * time over all of each query's terms (no probe limits): the brute-force
 * baseline a benchmark measures px_simindex_query against. A scorer holds
 * nq queries (with the index's document frequencies at creation);
 * px_simscorer_score fills out[0..nq) with d's score for each. */
typedef struct px_simscorer px_simscorer;
px_simscorer *px_simscorer_new(const px_simindex *x, px_cluster_doc *const *q, size_t nq, px_error *err);
void px_simscorer_score(const px_simscorer *sc, const px_cluster_doc *d, double *out);
void px_simscorer_free(px_simscorer *sc);

/* An article's clustering features as bytes (for a store) and back: unpack
 * gives exactly the features packed. pack returns the length (0 on no
 * memory) and *out, malloc'd (free with px_free). unpack: NULL with err
 * (PX_ERR_FORMAT) on bytes that are not packed features. */
size_t px_cluster_doc_pack(const px_cluster_doc *d, uint8_t **out);
px_cluster_doc *px_cluster_doc_unpack(const void *data, size_t len, px_error *err);

/* ---- store ---- */

/* The corpus: articles and the stories they form, kept in an embedded
 * database (SQLite; see docs/store.md for the schema and what a crash can
 * lose). Only lib/store.c knows it is SQLite: the calls below are the whole
 * interface, so another database can take its place.
 *
 *   px_store *s;
 *   px_store_open("parallax.db", NULL, &s, &err);
 *   px_store_begin(s, &err);
 *   px_store_put(s, &art, &result, &err);        // many per transaction
 *   px_store_commit(s, &err);                    // durable once it returns
 *   px_store_close(s);
 *
 * A px_store is not thread-safe: one per thread (they may share a file). */
typedef struct px_store px_store;

typedef struct px_store_opts {
    int sync_normal;       /* 1: synchronous=NORMAL (a power loss may undo the
                              last commits); 0: FULL (a commit that returned is
                              on disk). A killed process loses nothing either way. */
    int read_only;         /* open for reading only (the file must exist) */
} px_store_opts;

/* One stored article. Strings are NUL-terminated UTF-8, NULL when unknown.
 * In rows the store hands out, strings are owned by the store and valid
 * until the next call on it. */
typedef struct px_article {
    int64_t id;            /* row id (>= 1), set by px_store_put */
    const char *ext_id;    /* the input's id */
    const char *url, *title, *date, *source, *lang, *byline;
    const char *text;      /* cleaned paragraphs, separated by "\n\n" */
    uint8_t hash[16];      /* content hash: px_store_hash(title, text) */
    int64_t story;         /* the story it is in now (after merges); 0 = none */
    int64_t first_story;   /* the story it was first placed in; 0 = none */
    int64_t revision_of;   /* an older version of the same URL; 0 = none */
    int64_t ingested;      /* when it was stored, seconds since 1970 UTC */
    const void *features;  /* px_cluster_doc_pack of its stored form (what the
                              clusterer and the similarity index read); NULL
                              when not stored (then analyse the text) */
    size_t features_len;
} px_article;

/* The content hash of an article (XXH3-128 of title, a 0 byte, text). */
void px_store_hash(const char *title, const char *text, uint8_t out[16]);

typedef enum px_put_result {
    PX_PUT_NEW = 0,        /* stored as a new article */
    PX_PUT_DUPLICATE,      /* the same content is stored already: nothing
                              written; a->id and a->story name that record */
    PX_PUT_REVISION        /* new content under a stored URL: stored, with
                              revision_of the latest version (and its story
                              when a->story is 0) */
} px_put_result;

typedef struct px_story {
    int64_t id;
    int64_t merged_into;   /* 0 unless merged into another story */
    int64_t size;          /* articles in it (revisions included) */
    const char *first_date, *last_date;  /* NULL when no article is dated */
    const char *title;     /* representative title: its earliest titled article's */
    const char *outlets;   /* distinct sources, comma-separated ("" when none) */
    const char *langs;     /* distinct languages, comma-separated */
} px_story;

/* Which stories px_store_stories lists; NULL fields do not filter. */
typedef struct px_story_filter {
    const char *since, *until;  /* ISO dates: stories with an article dated in range */
    const char *lang;           /* with an article in this language */
    const char *outlet;         /* with an article from this source */
    const char *query;          /* every word in a title or text of the story */
} px_story_filter;

/* Open (creating if needed) the store at path; *out gets the handle.
 * opts may be NULL (defaults: FULL sync, read-write). */
px_status px_store_open(const char *path, const px_store_opts *opts, px_store **out,
                        px_error *err);
/* Close the store; an open transaction is rolled back. NULL is a no-op. */
px_status px_store_close(px_store *s);

/* Transactions: puts between begin and commit are written together. */
px_status px_store_begin(px_store *s, px_error *err);
px_status px_store_commit(px_store *s, px_error *err);
px_status px_store_rollback(px_store *s, px_error *err);

/* Store an article (a->hash must be set; a->ingested 0 = now). *res says
 * what happened; a->id (and for duplicates a->story) are filled in. */
px_status px_store_put(px_store *s, px_article *a, px_put_result *res, px_error *err);

/* Insert an article without the lookups of px_store_put: the caller has
 * checked that its hash is not stored and set revision_of (and story) for
 * a revision. A stored hash still fails (the database keeps it UNIQUE). */
px_status px_store_insert(px_store *s, px_article *a, px_error *err);

/* Article by row id: PX_OK, PX_EOF when there is none. */
px_status px_store_get(px_store *s, int64_t id, px_article *out, px_error *err);

/* Find an article by content hash, or the latest version of a URL:
 * PX_OK with *out filled, PX_EOF when none. */
px_status px_store_find_hash(px_store *s, const uint8_t hash[16], px_article *out,
                             px_error *err);
px_status px_store_find_url(px_store *s, const char *url, px_article *out, px_error *err);

/* Scan articles. fn gets each one (valid during the call) and returns 0 to
 * go on, non-zero to stop. */
typedef int (*px_article_fn)(void *ud, const px_article *a);
enum px_scan_order {
    PX_SCAN_BY_ID = 0,     /* the order they were stored */
    PX_SCAN_BY_DATE = 1,   /* by date (undated first), then id */
    PX_SCAN_NO_TEXT = 4    /* or'ed in: text is NULL unless features are */
};
/* Articles dated in [since, until] (either may be NULL: open), in order;
 * with a bound set, undated articles are left out. */
px_status px_store_scan(px_store *s, const char *since, const char *until, int order,
                        px_article_fn fn, void *ud, px_error *err);
/* The articles of a story (merged ids resolved), by date then id. */
px_status px_store_story_articles(px_store *s, int64_t story, px_article_fn fn, void *ud,
                                  px_error *err);

/* Stories. */
/* Record that story `from` was merged into `into`: its articles move to
 * `into`, and `from` (and ids merged into it) resolve to `into`. */
px_status px_store_story_merge(px_store *s, int64_t from, int64_t into, px_error *err);
/* Recount a story's size, dates and title from its articles, creating its
 * row if needed. */
px_status px_store_story_refresh(px_store *s, int64_t id, px_error *err);
/* The story an id is part of now (following merges); PX_EOF when unknown. */
px_status px_store_story_resolve(px_store *s, int64_t id, int64_t *out, px_error *err);
/* A story by id (merged ids resolved): PX_OK, PX_EOF when unknown. */
px_status px_store_story_get(px_store *s, int64_t id, px_story *out, px_error *err);
/* Stories matching f (NULL = all), newest last article first. */
typedef int (*px_story_fn)(void *ud, const px_story *st);
px_status px_store_stories(px_store *s, const px_story_filter *f, px_story_fn fn, void *ud,
                           px_error *err);

/* Counts: articles stored, stories alive (not merged), the largest story id. */
px_status px_store_counts(px_store *s, int64_t *articles, int64_t *stories, int64_t *max_story,
                          px_error *err);

/* ---- fingerprint ---- */

/* Copies: exact duplicates, near-duplicates and articles contained in
 * longer ones (a wire story inside a rewrite), found without comparing
 * every pair. See lib/fingerprint.c for the method and measured recall.
 *
 *   px_fingerprint *fp[n];                          // one per document
 *   fp[i] = px_fingerprint_new(doc[i], &err);
 *   px_dup *dups; size_t ndups;
 *   px_dups_find((const px_fingerprint *const *)fp, n, NULL, &dups, &ndups, NULL, &err);
 *   ... dups[k].a, dups[k].b index fp[]; spans are byte ranges in each
 *       document's px_doc_text() ...
 *   px_dups_free(dups, ndups);
 *
 * A fingerprint holds a document's word shingles (PX_FP_SHINGLE words in a
 * row, by token norm; words, numbers and ideographs, stopwords kept, the
 * title left out unless the body has no words) hashed with XXH3, a MinHash
 * signature of PX_FP_HASHES values and a hash of its folded body text. It
 * copies what it needs: the document may be freed before it. */
#define PX_FP_SHINGLE 5
#define PX_FP_HASHES 128

typedef struct px_fingerprint px_fingerprint;

/* The fingerprint of an analysed document (built without PX_DOC_NO_ANALYZE;
 * a document with no words gets an empty fingerprint that matches nothing
 * but its exact copies). NULL with err filled on no memory or a NULL doc. */
px_fingerprint *px_fingerprint_new(const px_doc *doc, px_error *err);
void px_fingerprint_free(px_fingerprint *fp);

size_t px_fingerprint_shingles(const px_fingerprint *fp);   /* distinct shingles */
uint64_t px_fingerprint_exact(const px_fingerprint *fp);    /* hash of the folded body */
const uint32_t *px_fingerprint_signature(const px_fingerprint *fp);  /* PX_FP_HASHES values */
size_t px_fingerprint_memory(const px_fingerprint *fp);     /* bytes held */

typedef enum px_dup_kind {
    PX_DUP_NONE = 0,       /* below the thresholds */
    PX_DUP_EXACT,          /* same folded body text */
    PX_DUP_NEAR,           /* Jaccard of the shingle sets >= jaccard threshold */
    PX_DUP_CONTAINED       /* most of the shorter article is in the longer one:
                              containment >= containment threshold */
} px_dup_kind;
const char *px_dup_kind_str(px_dup_kind k);  /* "exact", "near-duplicate", "contained", "none" */

/* A run of shared text: the same shingles in a row in both documents, as
 * byte ranges of each one's px_doc_text(). */
typedef struct px_dup_span {
    px_span a, b;
    uint32_t shingles;     /* shared shingles in the run */
} px_dup_span;

typedef struct px_dup {
    uint32_t a, b;         /* positions of the two fingerprints (a < b) */
    px_dup_kind kind;
    double jaccard;        /* shared / union of distinct shingles */
    double containment;    /* shared / shingles of the shorter article */
    double share_a, share_b; /* shared / shingles of a, of b */
    uint32_t shared;       /* shared distinct shingles */
    px_dup_span *spans;    /* in a's text order, n_spans of them (malloc'd) */
    size_t n_spans;
} px_dup;

typedef struct px_dup_opts {
    double jaccard;        /* near-duplicate at Jaccard >= this (0.5) */
    double containment;    /* contained at containment >= this (0.8) */
    unsigned bands, rows;  /* LSH bands x rows, bands*rows <= PX_FP_HASHES (32 x 4) */
    unsigned sample_mod;   /* containment index: keep shingles whose hash is
                              0 mod this (16) */
    int all_pairs;         /* verify every pair (the exhaustive baseline) */
} px_dup_opts;
void px_dup_opts_default(px_dup_opts *o);

/* Compare two fingerprints exactly (shingle sets, not sketches): fills out,
 * spans included, whatever the thresholds (kind PX_DUP_NONE below them);
 * out->a = 0, out->b = 1. Free the spans with px_dup_clear. opts NULL =
 * defaults. PX_ERR_NOMEM or PX_ERR_ARG. */
px_status px_fingerprint_compare(const px_fingerprint *a, const px_fingerprint *b,
                                 const px_dup_opts *opts, px_dup *out, px_error *err);
void px_dup_clear(px_dup *d);

/* The candidate index: MinHash LSH (bands x rows) for Jaccard, plus a
 * mod-sampled shingle index for containment, plus exact-text keys. Holds
 * only small keys (no shingle sets). */
typedef struct px_dupindex px_dupindex;

px_dupindex *px_dupindex_new(const px_dup_opts *opts, px_error *err);
void px_dupindex_free(px_dupindex *x);

/* Add a fingerprint; it gets the next position (0, 1, ...). */
px_status px_dupindex_add(px_dupindex *x, const px_fingerprint *fp, px_error *err);

/* Candidate pairs among everything added: *pairs gets 2 * *n positions
 * (a0, b0, a1, b1, ... with a < b), sorted, unique; free with px_free. */
px_status px_dupindex_candidates(px_dupindex *x, uint32_t **pairs, size_t *n, px_error *err);

size_t px_dupindex_size(const px_dupindex *x);     /* fingerprints added */
size_t px_dupindex_memory(const px_dupindex *x);   /* bytes held */

typedef struct px_dup_stats {
    uint64_t articles, candidates, found;
    size_t index_memory;   /* bytes of the index (keys, counts) */
    double seconds_index, seconds_candidates, seconds_verify;
} px_dup_stats;

/* All copies among fps[0..n): index, candidates, exact verification; the
 * pairs at or above the thresholds, sorted by containment, then Jaccard
 * (highest first). *out is malloc'd; free with px_dups_free. stats may be
 * NULL. NULL entries in fps are skipped. */
px_status px_dups_find(const px_fingerprint *const *fps, size_t n, const px_dup_opts *opts,
                       px_dup **out, size_t *nout, px_dup_stats *stats, px_error *err);
void px_dups_free(px_dup *dups, size_t n);

/* ---- coverage ---- */

/* The coverage report: how 2..N articles about one event cover it, side by
 * side. Facts (sentences aligned across the articles: carried by all, some
 * or one), number conflicts ("12 dead" vs "15 dead"), quotes with their
 * speakers and which articles carry them (verbatim, partial, paraphrased),
 * people and organisations named and quoted by each, reused passages
 * (fingerprint.c's shared spans) and wire agencies, framing (distinctive
 * words by log-odds with an informative Dirichlet prior, headline and lede,
 * a simple tone measure). Every span is a byte range of the document's
 * px_doc_text(). See docs/coverage.md for the method and the JSON schema.
 *
 *   const px_doc *docs[3] = {a, b, c};
 *   px_coverage *cv = px_coverage_build(ctx, docs, 3, lx, &err);
 *   char *js = px_coverage_to_json(cv, PX_JSON_PRETTY);
 *   ...
 *   px_free(js);
 *   px_coverage_free(cv);
 *
 * The report copies what it needs: documents and lexicon may be freed after
 * the build. Immutable once built. */
typedef struct px_coverage px_coverage;

/* The report of docs[0..n) (1 <= n <= 64; 2+ to compare anything). lx may
 * be NULL (no document frequencies: every stem weighs the same). NULL with
 * err filled on bad arguments or no memory. */
px_coverage *px_coverage_build(px_ctx *ctx, const px_doc *const *docs, size_t n,
                               const px_lexicon *lx, px_error *err);
void px_coverage_free(px_coverage *c);

/* Articles in the report. */
size_t px_coverage_docs(const px_coverage *c);

/* Entries of one section of the report ("facts", "conflicts", "quotes",
 * "people", "reuse", "framing", "documents"); 0 for an unknown one. */
size_t px_coverage_count(const px_coverage *c, const char *section);

/* The report as one JSON object (docs/coverage.md), NUL-terminated; free
 * with px_free. flags: PX_JSON_PRETTY. NULL on no memory. */
char *px_coverage_to_json(const px_coverage *c, unsigned flags);

/* The report as one self-contained HTML page (inline CSS, no script, nothing
 * fetched), NUL-terminated; free with px_free. The articles in columns with
 * their text, shared / unique passages, quotes and disagreeing numbers marked
 * (<mark class="shared|unique|quote|conflict">, one class per stretch of
 * text: conflict > quote > shared > unique), then tables of the quotes,
 * conflicts, facts per article and framing words. All article text and
 * metadata is HTML-escaped. NULL on no memory. */
char *px_coverage_to_html(const px_coverage *c);

#ifdef __cplusplus
}
#endif
#endif /* PARALLAX_H */
