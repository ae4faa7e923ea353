/*
 * fuzz_doc - every per-article stage on arbitrary bytes: text (UTF-8
 * repair, NFC, fold), clean, langid, analyse, and the JSON report. The
 * first byte picks the options (clean or keep-all, a forced language), the
 * rest is the article. Checks that every span lies inside the text.
 */
#include "parallax.h"

#include <stdlib.h>
#include <string.h>

static void check_spans(const px_doc *d)
{
    size_t len, n;
    px_doc_text(d, &len);
    const px_token *t = px_doc_tokens(d, &n);
    for (size_t i = 0; i < n; i++)
        if (t[i].span.start > t[i].span.end || t[i].span.end > len) abort();
    const px_mention *m = px_doc_mentions(d, &n);
    for (size_t i = 0; i < n; i++)
        if (m[i].span.start > m[i].span.end || m[i].span.end > len) abort();
    const px_span *p = px_doc_paragraphs(d, &n);
    for (size_t i = 0; i < n; i++)
        if (p[i].start > p[i].end || p[i].end > len) abort();
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (size < 1) return 0;
    static const char *langs[] = {NULL, "en", "de", "tr", "ar", "zh", "xx", NULL};
    px_doc_opts o = {.flags = (data[0] & 1) ? PX_DOC_NO_CLEAN : 0, .lang = langs[(data[0] >> 1) & 7]};
    px_error err;
    px_ctx *ctx = px_ctx_new(&err);
    if (!ctx) return 0;
    px_doc *d = px_doc_from_text(ctx, (const char *)data + 1, size - 1, &o, &err);
    if (d) {
        check_spans(d);
        char *js = px_doc_to_json(d, PX_JSON_ANALYSIS | PX_JSON_TOKENS);
        if (!js) abort();
        px_free(js);
        px_doc_free(d);
    }
    px_ctx_free(ctx);
    return 0;
}
