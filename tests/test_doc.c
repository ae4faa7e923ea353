/*
 * test_doc.c - a document built through every per-article stage, as the
 * public header shows it: metadata, paragraphs, removed lines, language,
 * tokens and mentions whose spans map back to the text, JSON output.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "parallax.h"

static const char ARTICLE[] =
    "share facebook twitter email print menu search close\n"
    "\n"
    "date 2025-04-02 Storm knocks out power to 80,000 homes in the valley\n"
    "\n"
    "A storm with winds of up to 120 km/h knocked out power to about 80,000 homes in the "
    "Lenn valley on Wednesday, the regional grid operator said.\n"
    "\n"
    "\xE2\x80\x9COur crews will work through the night,\xE2\x80\x9D said Ingrid Salo, a spokeswoman "
    "for Valley Power. She said repairs could cost $3.5 million.\n"
    "\n"
    "Like this story? Share it with a friend!\n"
    "\n"
    "Schools in the valley will stay closed on Thursday, the education office said.\n";

static px_ctx *ctx;

static int setup(void **state)
{
    (void)state;
    px_error err = {0};
    ctx = px_ctx_new(&err);
    return ctx ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    px_ctx_free(ctx);
    return 0;
}

static px_doc *article(void)
{
    px_error err = {0};
    px_doc *d = px_doc_from_text(ctx, ARTICLE, sizeof ARTICLE - 1, NULL, &err);
    if (!d) fail_msg("px_doc_from_text: %s", err.msg);
    return d;
}

/* Does any kept paragraph contain needle? */
static int kept(const px_doc *d, const char *needle)
{
    size_t n, len;
    const char *text = px_doc_text(d, &len);
    const px_span *p = px_doc_paragraphs(d, &n);
    for (size_t i = 0; i < n; i++) {
        size_t plen = p[i].end - p[i].start;
        size_t nl = strlen(needle);
        for (size_t j = 0; j + nl <= plen; j++)
            if (memcmp(text + p[i].start + j, needle, nl) == 0) return 1;
    }
    return 0;
}

static void test_doc_keeps_prose_and_drops_junk(void **state)
{
    (void)state;
    px_doc *d = article();
    assert_true(kept(d, "knocked out power to about 80,000 homes"));
    assert_true(kept(d, "Schools in the valley will stay closed"));
    assert_false(kept(d, "Share it with a friend"));
    assert_false(kept(d, "facebook twitter"));
    size_t nrm;
    px_doc_removed(d, &nrm);
    assert_true(nrm >= 2);
    px_doc_free(d);
}

static void test_doc_takes_date_and_title(void **state)
{
    (void)state;
    px_doc *d = article();
    assert_non_null(px_doc_date(d));
    assert_string_equal(px_doc_date(d), "2025-04-02");
    assert_non_null(px_doc_title(d));
    assert_string_equal(px_doc_title(d), "Storm knocks out power to 80,000 homes in the valley");
    px_doc_free(d);
}

static void test_doc_detects_english(void **state)
{
    (void)state;
    px_doc *d = article();
    assert_string_equal(px_doc_lang(d), "en");
    assert_true(px_doc_lang_confidence(d) > 0.0 && px_doc_lang_confidence(d) <= 1.0);
    px_doc_free(d);
}

static void test_doc_token_spans_round_trip(void **state)
{
    (void)state;
    px_doc *d = article();
    size_t n, len;
    const char *text = px_doc_text(d, &len);
    const px_token *t = px_doc_tokens(d, &n);
    assert_true(n > 40);
    for (size_t i = 0; i < n; i++) {
        assert_true(t[i].span.start < t[i].span.end);
        assert_true(t[i].span.end <= len);
        /* spans fall on character boundaries */
        assert_true(((unsigned char)text[t[i].span.start] & 0xC0) != 0x80);
        assert_true(t[i].span.end == len || ((unsigned char)text[t[i].span.end] & 0xC0) != 0x80);
        assert_non_null(t[i].norm);
    }
    px_doc_free(d);
}

/* Find a mention of kind k whose text is exactly s. */
static const px_mention *mention(const px_doc *d, px_mention_kind k, const char *s)
{
    size_t n, len;
    const char *text = px_doc_text(d, &len);
    const px_mention *m = px_doc_mentions(d, &n);
    for (size_t i = 0; i < n; i++)
        if (m[i].kind == k && m[i].span.end - m[i].span.start == strlen(s) &&
            memcmp(text + m[i].span.start, s, strlen(s)) == 0)
            return &m[i];
    return NULL;
}

static void test_doc_finds_names_numbers_quotes(void **state)
{
    (void)state;
    px_doc *d = article();
    assert_non_null(mention(d, PX_MENTION_NAME, "Ingrid Salo"));
    const px_mention *m = mention(d, PX_MENTION_QUOTE, "Our crews will work through the night,");
    if (!m) m = mention(d, PX_MENTION_QUOTE, "Our crews will work through the night");
    assert_non_null(m);
    size_t n;
    const px_mention *ms = px_doc_mentions(d, &n);
    int money = 0;
    for (size_t i = 0; i < n; i++)
        if (ms[i].kind == PX_MENTION_MONEY && ms[i].value == 3.5e6) money = 1;
    assert_true(money);
    px_doc_free(d);
}

/* Built without analysis, then px_doc_analyze: the same document (its
 * JSON with sentences, mentions and every token) as built in one go. */
static void test_doc_analyze_later_same_result(void **state)
{
    (void)state;
    px_error err = {0};
    px_doc_opts o = {.flags = PX_DOC_NO_ANALYZE};
    px_doc *a = article(), *b = px_doc_from_text(ctx, ARTICLE, sizeof ARTICLE - 1, &o, &err);
    assert_non_null(b);
    size_t n;
    px_doc_mentions(b, &n);
    assert_int_equal(n, 0);
    assert_int_equal(px_doc_analyze(ctx, b, &err), PX_OK);
    char *ja = px_doc_to_json(a, PX_JSON_ANALYSIS | PX_JSON_TOKENS);
    char *jb = px_doc_to_json(b, PX_JSON_ANALYSIS | PX_JSON_TOKENS);
    assert_non_null(ja);
    assert_non_null(jb);
    assert_string_equal(ja, jb);
    px_free(ja);
    px_free(jb);
    px_doc_free(a);
    px_doc_free(b);
}

static void test_doc_json_has_documented_fields(void **state)
{
    (void)state;
    px_doc *d = article();
    char *js = px_doc_to_json(d, PX_JSON_ANALYSIS);
    assert_non_null(js);
    json_error_t je;
    json_t *o = json_loads(js, 0, &je);
    assert_non_null(o);
    const char *keys[] = {"id", "title", "date", "source", "url", "lang", "byline",
                          "paragraphs", "removed", "sentences", "mentions", "text"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        assert_non_null(json_object_get(o, keys[i]));
    assert_string_equal(json_string_value(json_object_get(o, "date")), "2025-04-02");
    json_t *rm = json_object_get(o, "removed");
    assert_true(json_array_size(rm) >= 2);
    assert_non_null(json_string_value(json_object_get(json_array_get(rm, 0), "reason")));
    json_decref(o);
    px_free(js);
    px_doc_free(d);
}

static void test_doc_empty_text_is_clear_error(void **state)
{
    (void)state;
    px_error err = {0};
    px_doc *d = px_doc_from_text(ctx, "   \n\n  \n", 8, NULL, &err);
    assert_null(d);
    assert_int_equal(err.code, PX_ERR_EMPTY);
    assert_true(strlen(err.msg) > 0);
}

static void test_doc_invalid_utf8_replaced_not_crashed(void **state)
{
    (void)state;
    const char bad[] = "Title\n\nThe council met on Monday \xFF\xFE and decided \xC3 nothing.\n";
    px_error err = {0};
    px_doc *d = px_doc_from_text(ctx, bad, sizeof bad - 1, NULL, &err);
    assert_non_null(d);
    assert_int_equal(px_doc_invalid_bytes(d), 3);
    px_doc_free(d);
}

static void test_doc_record_metadata_kept(void **state)
{
    (void)state;
    px_record rec = {.id = "r1", .title = "Tram line approved",
                     .body = "The council approved the tram line on Monday. Work starts in May.",
                     .kind = PX_BODY_TEXT, .date = "Mon, 06 Oct 2025 09:00:00 GMT",
                     .url = "https://example.org/t", .source = "example.org", .lang = "en-GB",
                     .file = "x.jsonl", .offset = 42};
    rec.body_len = strlen(rec.body);
    px_error err = {0};
    px_doc *d = px_doc_from_record(ctx, &rec, NULL, &err);
    assert_non_null(d);
    assert_string_equal(px_doc_id(d), "r1");
    assert_string_equal(px_doc_title(d), "Tram line approved");
    assert_string_equal(px_doc_url(d), "https://example.org/t");
    assert_string_equal(px_doc_source(d), "example.org");
    assert_true(strncmp(px_doc_date(d), "2025-10-06", 10) == 0);
    assert_int_equal(px_doc_offset(d), 42);
    px_span ts = px_doc_title_span(d);
    size_t len;
    const char *text = px_doc_text(d, &len);
    assert_int_equal(ts.end - ts.start, strlen("Tram line approved"));
    assert_memory_equal(text + ts.start, "Tram line approved", ts.end - ts.start);
    px_doc_free(d);
}

/* The language of record r (title + body) declared as lang. */
static const char *lang_of(const char *title, const char *body, const char *lang)
{
    static char out[8];
    px_record rec = {.title = title, .body = body, .body_len = strlen(body), .kind = PX_BODY_TEXT,
                     .lang = lang, .file = "", .offset = PX_NO_OFFSET};
    px_error err = {0};
    px_doc *d = px_doc_from_record(ctx, &rec, NULL, &err);
    assert_non_null(d);
    snprintf(out, sizeof out, "%s", px_doc_lang(d));
    px_doc_free(d);
    return out;
}

/* A headline is too short to overrule the language the input declares; a
 * paragraph of text is not (inputs do mislabel articles). */
static void test_doc_declared_language_wins_on_headlines(void **state)
{
    (void)state;
    const char *de_title = "Hochwasser: Pegel der Elbe steigt weiter";
    const char *de_body =
        "Der Pegel der Elbe ist in der Nacht weiter gestiegen. Die Stadt hat die Anwohner der "
        "Uferstrassen aufgefordert, ihre Keller zu raeumen, und Sandsaecke an die Feuerwehr verteilt. "
        "Am Morgen wurde die Bruecke in der Altstadt fuer den Verkehr gesperrt.";
    assert_string_equal(lang_of(de_title, "", NULL), "de");           /* detected when nothing is declared */
    assert_string_equal(lang_of(de_title, "", "nl"), "nl");           /* declared wins on a headline */
    assert_string_equal(lang_of(de_title, de_body, "nl"), "de");      /* detection wins on real text */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_doc_keeps_prose_and_drops_junk),
        cmocka_unit_test(test_doc_takes_date_and_title),
        cmocka_unit_test(test_doc_detects_english),
        cmocka_unit_test(test_doc_token_spans_round_trip),
        cmocka_unit_test(test_doc_finds_names_numbers_quotes),
        cmocka_unit_test(test_doc_analyze_later_same_result),
        cmocka_unit_test(test_doc_json_has_documented_fields),
        cmocka_unit_test(test_doc_empty_text_is_clear_error),
        cmocka_unit_test(test_doc_invalid_utf8_replaced_not_crashed),
        cmocka_unit_test(test_doc_record_metadata_kept),
        cmocka_unit_test(test_doc_declared_language_wins_on_headlines),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
