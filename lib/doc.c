/*
 * doc.c - build a document: run the per-article stages in order and own
 * what they produce.
 *
 *   record --(extract, for HTML)--> title + body --text--> NFC text + fold
 *          --clean--> paragraphs, removed lines, metadata
 *          --langid--> language --analyse--> sentences, tokens, mentions
 *
 * Guarantees: a px_doc is immutable once returned, owns every string it
 * hands out (one arena, freed by px_doc_free), and is built from one record
 * alone (pure function of the record and the options), so documents can be
 * built on several threads with one px_ctx each.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How much body text language identification looks at. */
#define PX_LANGID_SAMPLE 2048
/* Below this confidence a language declared by the input wins. */
#define PX_LANGID_TRUST 0.5
/* A sample shorter than this (a headline) is too short to overrule the
 * language the input declares. */
#define PX_LANGID_SHORT 200

px_ctx *px_ctx_new(px_error *err)
{
    px_ctx *ctx = calloc(1, sizeof *ctx);
    if (!ctx) px_fail(err, PX_ERR_NOMEM, NULL, PX_NO_OFFSET, "no memory for a context");
    return ctx;
}

void px_ctx_free(px_ctx *ctx)
{
    if (!ctx) return;
    px_ctx_release(ctx);
    free(ctx);
}

/* Copy the language code s (e.g. "en", "en-US", "EN_gb") as a lower-case
 * primary subtag into the arena; NULL when s holds no letters. */
static char *primary_subtag(px_arena *a, const char *s)
{
    if (!s) return NULL;
    char tag[8];
    size_t n = 0;
    for (; s[n] && n < sizeof tag - 1; n++) {
        char c = s[n];
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        if (c < 'a' || c > 'z') break;
        tag[n] = c;
    }
    if (n == 0) return NULL;
    return px_arena_strndup(a, tag, n);
}

/* Set the document's language: forced, detected on the kept paragraphs, or
 * declared by the input when detection is unsure or has only a headline
 * (under PX_LANGID_SHORT bytes) to go on. */
static void set_language(px_ctx *ctx, px_doc *doc, const char *forced)
{
    if (forced && *forced) {
        const char *const *langs = px_languages();
        doc->lang = "und";
        for (size_t i = 0; langs && langs[i]; i++)
            if (strcmp(langs[i], forced) == 0) doc->lang = langs[i];
        doc->lang_conf = 1.0;
        if (strcmp(doc->lang, "und") != 0) return;
    }
    px_buf *s = &ctx->scratch;
    s->len = 0;
    if (doc->title_span.end > doc->title_span.start) {
        px_buf_append(s, doc->text + doc->title_span.start,
                      doc->title_span.end - doc->title_span.start);
        px_buf_putc(s, '\n');
    }
    for (uint32_t i = 0; i < doc->n_paras && s->len < PX_LANGID_SAMPLE; i++) {
        px_span p = doc->paras[i];
        px_buf_append(s, doc->text + p.start, p.end - p.start);
        px_buf_putc(s, '\n');
    }
    double conf = 0;
    const char *lang = px_langid(s->data ? s->data : "", s->len, &conf);
    if ((strcmp(lang, "und") == 0 || conf < PX_LANGID_TRUST || s->len < PX_LANGID_SHORT) && doc->lang_declared) {
        /* use the declared language when it is one we know */
        const char *const *langs = px_languages();
        for (size_t i = 0; langs && langs[i]; i++)
            if (strcmp(langs[i], doc->lang_declared) == 0) {
                lang = langs[i];
                conf = PX_LANGID_TRUST;
            }
    }
    doc->lang = lang;
    doc->lang_conf = conf;
}

/* Run text, clean, langid and analyse on title + body. */
static px_status build(px_ctx *ctx, px_doc *doc, const char *title,
                       const char *body, size_t body_len,
                       const px_doc_opts *opts, px_error *err)
{
    unsigned flags = opts ? opts->flags : 0;
    px_status st = px_text_prepare(doc, title, title ? strlen(title) : 0,
                                   body ? body : "", body ? body_len : 0, err);
    if (st != PX_OK) return st;
    st = px_clean(doc, (flags & PX_DOC_NO_CLEAN) != 0, err);
    if (st != PX_OK) return st;
    if (doc->n_paras == 0 && doc->title_span.end == doc->title_span.start)
        return px_fail(err, PX_ERR_EMPTY, doc->file, doc->offset, "%s",
                       doc->n_removed ? "every line was page furniture or metadata"
                                      : "the record has neither a title nor body text");
    set_language(ctx, doc, opts ? opts->lang : NULL);
    if (flags & PX_DOC_NO_ANALYZE) return PX_OK;
    return px_analyze(ctx, doc, err);
}

px_status px_doc_analyze(px_ctx *ctx, px_doc *doc, px_error *err)
{
    return px_analyze(ctx, doc, err);
}

/* Start a document with the record's metadata (everything but the text). */
static px_doc *doc_start(const px_record *rec, px_error *err)
{
    px_doc *doc = calloc(1, sizeof *doc);
    if (!doc) {
        px_fail(err, PX_ERR_NOMEM, NULL, PX_NO_OFFSET, "no memory for a document");
        return NULL;
    }
    px_arena_init(&doc->arena);
    doc->lang = "und";
    doc->offset = PX_NO_OFFSET;
    if (!rec) return doc;
    px_arena *a = &doc->arena;
    doc->id = px_arena_strdup(a, rec->id);
    doc->url = px_arena_strdup(a, rec->url);
    doc->source = px_arena_strdup(a, rec->source);
    doc->byline = px_arena_strdup(a, rec->byline);
    doc->file = px_arena_strdup(a, rec->file);
    doc->offset = rec->offset;
    doc->lang_declared = primary_subtag(a, rec->lang);
    if (rec->date) {
        char iso[32];
        if (px_parse_date(rec->date, strlen(rec->date), iso))
            doc->date = px_arena_strdup(a, iso);
    }
    return doc;
}

px_doc *px_doc_from_record(px_ctx *ctx, const px_record *rec,
                           const px_doc_opts *opts, px_error *err)
{
    if (!ctx || !rec) {
        px_fail(err, PX_ERR_ARG, NULL, PX_NO_OFFSET, "px_doc_from_record: no context or record");
        return NULL;
    }
    px_doc *doc = doc_start(rec, err);
    if (!doc) return NULL;
    const char *title = rec->title, *body = rec->body;
    size_t body_len = rec->body ? rec->body_len : 0;
    px_status st = PX_OK;
    if (rec->kind == PX_BODY_HTML) {
        px_extracted ex = {0};
        st = px_extract_html(&doc->arena, rec->body ? rec->body : "", body_len,
                             rec->url, rec->charset, &ex, err);
        if (st == PX_OK) {
            px_arena *a = &doc->arena;
            if (!title || !*title) title = ex.title;
            body = ex.body;
            body_len = ex.body_len;
            if (!doc->url && ex.url) doc->url = ex.url;
            if (!doc->source && ex.source) doc->source = ex.source;
            if (!doc->byline && ex.byline) doc->byline = ex.byline;
            if (!doc->date && ex.date) {
                char iso[32];
                if (px_parse_date(ex.date, strlen(ex.date), iso))
                    doc->date = px_arena_strdup(a, iso);
            }
            if (!doc->lang_declared && ex.lang) doc->lang_declared = primary_subtag(a, ex.lang);
        } else if (err) {
            /* say which record the page came from */
            snprintf(err->file, sizeof err->file, "%s", rec->file ? rec->file : "");
            err->offset = rec->offset;
        }
    }
    if (st == PX_OK) st = build(ctx, doc, title, body, body_len, opts, err);
    if (st != PX_OK) {
        if (err && !err->file[0] && rec->file) {
            snprintf(err->file, sizeof err->file, "%s", rec->file);
            err->offset = rec->offset;
        }
        px_doc_free(doc);
        return NULL;
    }
    if (!doc->id && doc->file) doc->id = doc->file;
    return doc;
}

px_doc *px_doc_from_text(px_ctx *ctx, const char *text, size_t len,
                         const px_doc_opts *opts, px_error *err)
{
    px_record rec = {.body = text ? text : "", .body_len = text ? len : 0,
                     .kind = PX_BODY_TEXT, .offset = PX_NO_OFFSET};
    return px_doc_from_record(ctx, &rec, opts, err);
}

void px_doc_free(px_doc *doc)
{
    if (!doc) return;
    px_arena_free(&doc->arena);
    free(doc);
}

/* ------------------------------------------------------------ accessors */

const char *px_doc_id(const px_doc *d) { return d->id; }
const char *px_doc_title(const px_doc *d) { return d->title; }
const char *px_doc_date(const px_doc *d) { return d->date; }
const char *px_doc_url(const px_doc *d) { return d->url; }
const char *px_doc_source(const px_doc *d) { return d->source; }
const char *px_doc_byline(const px_doc *d) { return d->byline; }
const char *px_doc_lang(const px_doc *d) { return d->lang; }
double px_doc_lang_confidence(const px_doc *d) { return d->lang_conf; }
const char *px_doc_file(const px_doc *d) { return d->file; }
uint64_t px_doc_offset(const px_doc *d) { return d->offset; }
px_span px_doc_title_span(const px_doc *d) { return d->title_span; }
size_t px_doc_invalid_bytes(const px_doc *d) { return d->invalid_bytes; }

const char *px_doc_text(const px_doc *d, size_t *len)
{
    if (len) *len = d->text_len;
    return d->text ? d->text : "";
}

const char *px_doc_fold(const px_doc *d, size_t *len)
{
    if (len) *len = d->fold_len;
    return d->fold ? d->fold : "";
}

const uint32_t *px_doc_fold_map(const px_doc *d) { return d->fold_map; }

#define PX_ARRAY_ACCESSOR(fn, type, field, count) \
    const type *fn(const px_doc *d, size_t *n)    \
    {                                             \
        if (n) *n = d->count;                     \
        return d->field;                          \
    }
PX_ARRAY_ACCESSOR(px_doc_paragraphs, px_span, paras, n_paras)
PX_ARRAY_ACCESSOR(px_doc_removed, px_removed, removed, n_removed)
PX_ARRAY_ACCESSOR(px_doc_sentences, px_sentence, sents, n_sents)
PX_ARRAY_ACCESSOR(px_doc_tokens, px_token, toks, n_toks)
PX_ARRAY_ACCESSOR(px_doc_mentions, px_mention, ments, n_ments)
