/*
 * report.c - the last stage: documents (and later comparisons) as JSON
 * that other tools can consume. The schema is in docs/json.md.
 *
 * Guarantees: output is valid UTF-8 JSON (document text is valid UTF-8 by
 * construction of the text stage); every span printed is a byte offset pair
 * into the document's "text" as px_doc_text() returns it; NULL on no memory.
 */
#include "internal.h"

#include <jansson.h>
#include <string.h>

/* A JSON string of text[span], or null when the span is empty. */
static json_t *span_str(const px_doc *d, px_span s)
{
    if (s.end <= s.start || s.end > d->text_len) return json_null();
    return json_stringn(d->text + s.start, s.end - s.start);
}

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *span_pair(px_span s) { return json_pack("[I,I]", (json_int_t)s.start, (json_int_t)s.end); }

static const char *mention_kind_name(px_mention_kind k)
{
    switch (k) {
    case PX_MENTION_NAME: return "name";
    case PX_MENTION_ACRONYM: return "acronym";
    case PX_MENTION_NUMBER: return "number";
    case PX_MENTION_MONEY: return "money";
    case PX_MENTION_PERCENT: return "percent";
    case PX_MENTION_QUANTITY: return "quantity";
    case PX_MENTION_DATE: return "date";
    case PX_MENTION_QUOTE: return "quote";
    }
    return "unknown";
}

static const char *token_kind_name(uint8_t k)
{
    switch (k) {
    case PX_TOK_WORD: return "word";
    case PX_TOK_NUM: return "num";
    case PX_TOK_PUNCT: return "punct";
    case PX_TOK_SYMBOL: return "symbol";
    case PX_TOK_IDEO: return "ideo";
    }
    return "other";
}

/* Sentences and mentions (and tokens with PX_JSON_TOKENS). */
static void add_analysis(json_t *o, const px_doc *d, unsigned flags)
{
    json_t *sents = json_array();
    for (uint32_t i = 0; i < d->n_sents; i++) {
        const px_sentence *s = &d->sents[i];
        json_array_append_new(sents, json_pack("{s:o,s:o,s:I}", "text", span_str(d, s->span),
                                               "span", span_pair(s->span), "para",
                                               (json_int_t)(s->para == UINT32_MAX ? -1 : (json_int_t)s->para)));
    }
    json_object_set_new(o, "sentences", sents);

    json_t *ments = json_array();
    for (uint32_t i = 0; i < d->n_ments; i++) {
        const px_mention *m = &d->ments[i];
        json_t *jm = json_pack("{s:s,s:o,s:o,s:o,s:I}", "kind", mention_kind_name(m->kind),
                               "text", span_str(d, m->span), "span", span_pair(m->span),
                               "norm", str_or_null(m->norm), "sentence", (json_int_t)m->sent);
        if (m->kind == PX_MENTION_NUMBER || m->kind == PX_MENTION_MONEY ||
            m->kind == PX_MENTION_PERCENT || m->kind == PX_MENTION_QUANTITY)
            json_object_set_new(jm, "value", json_real(m->value));
        if (m->unit) json_object_set_new(jm, "unit", json_string(m->unit));
        json_array_append_new(ments, jm);
    }
    json_object_set_new(o, "mentions", ments);

    if (!(flags & PX_JSON_TOKENS)) return;
    json_t *toks = json_array();
    for (uint32_t i = 0; i < d->n_toks; i++) {
        const px_token *t = &d->toks[i];
        json_t *jt = json_pack("{s:o,s:o,s:o,s:s,s:I}", "text", span_str(d, t->span),
                               "norm", str_or_null(t->norm), "stem", str_or_null(t->stem),
                               "kind", token_kind_name(t->kind), "sentence", (json_int_t)t->sent);
        if (t->flags & PX_TOKF_STOP) json_object_set_new(jt, "stop", json_true());
        json_array_append_new(toks, jt);
    }
    json_object_set_new(o, "tokens", toks);
}

char *px_doc_to_json(const px_doc *d, unsigned flags)
{
    if (!d) return NULL;
    json_t *o = json_object();
    if (!o) return NULL;
    json_object_set_new(o, "id", str_or_null(d->id));
    json_object_set_new(o, "title", str_or_null(d->title));
    json_object_set_new(o, "date", str_or_null(d->date));
    json_object_set_new(o, "source", str_or_null(d->source));
    json_object_set_new(o, "url", str_or_null(d->url));
    json_object_set_new(o, "lang", json_string(d->lang ? d->lang : "und"));
    json_object_set_new(o, "lang_confidence", json_real(d->lang_conf));
    json_object_set_new(o, "byline", str_or_null(d->byline));
    json_object_set_new(o, "file", str_or_null(d->file));
    if (d->offset != PX_NO_OFFSET) json_object_set_new(o, "offset", json_integer((json_int_t)d->offset));

    json_t *paras = json_array();
    for (uint32_t i = 0; i < d->n_paras; i++) json_array_append_new(paras, span_str(d, d->paras[i]));
    json_object_set_new(o, "paragraphs", paras);

    json_t *removed = json_array();
    for (uint32_t i = 0; i < d->n_removed; i++) {
        const px_removed *r = &d->removed[i];
        json_array_append_new(removed, json_pack("{s:o,s:s,s:o}", "text", span_str(d, r->span),
                                                 "reason", r->reason ? r->reason : "",
                                                 "span", span_pair(r->span)));
    }
    json_object_set_new(o, "removed", removed);
    json_object_set_new(o, "invalid_bytes", json_integer((json_int_t)d->invalid_bytes));

    if (flags & (PX_JSON_ANALYSIS | PX_JSON_TOKENS)) {
        json_object_set_new(o, "text", json_stringn(d->text ? d->text : "", d->text_len));
        add_analysis(o, d, flags);
    }
    size_t jflags = JSON_ENSURE_ASCII * 0 | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6) |
                    ((flags & PX_JSON_PRETTY) ? JSON_INDENT(2) : JSON_COMPACT);
    char *out = json_dumps(o, jflags);
    json_decref(o);
    return out;
}
