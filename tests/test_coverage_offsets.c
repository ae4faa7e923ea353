/*
 * test_coverage_offsets.c - every span of the coverage report maps back to
 * the exact original text, on every pair of SemEval-2022 train.jsonl read
 * in place from ../shared (skipped when it is not there).
 *
 * For each pair, both articles become documents, the coverage report is
 * built and written as JSON, and every span object ({"start", "end",
 * "text"}) in it is checked: start <= end <= the article's text length,
 * both on UTF-8 character boundaries, and "text" equal to those bytes of
 * px_doc_text() of the article the span belongs to.
 *
 * Numbers are not invented: every value of every number conflict is such a
 * span of its article, lies inside the sentence given with it, differs
 * from the other values of its conflict, and when written in digits
 * carries the digits of its "value" ("4,000" and 4000, "1.5 million" and
 * 1500000, "2,5 %" and 2.5: the same significant digits).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parallax.h"

typedef struct walk {
    const px_doc *docs[2];
    size_t spans;       /* spans checked */
    size_t bad;         /* spans that did not map back */
    char first_bad[256];
    size_t values;      /* conflict values checked */
    size_t in_words;    /* ... written without digits ("three") */
    size_t bad_values;  /* ... not in their sentence, or not the text's digits */
    char first_bad_value[256];
} walk;

/* The significant digits of s (digits only, leading and trailing zeros
 * dropped) into out; its length. */
static size_t sig_digits(const char *s, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < cap; i++)
        if (s[i] >= '0' && s[i] <= '9' && (k || s[i] != '0')) out[k++] = s[i];
    while (k && out[k - 1] == '0') k--;
    out[k] = '\0';
    return k;
}

/* Check the values of one conflict ({"values": [...]}). */
static void check_conflict(walk *w, json_t *conflict)
{
    size_t i, j;
    json_t *v, *u;
    json_t *vals = json_object_get(conflict, "values");
    json_array_foreach(vals, i, v) {
        w->values++;
        long doc = (long)json_integer_value(json_object_get(v, "doc"));
        const char *text = json_string_value(json_object_get(v, "text"));
        json_t *sent = json_object_get(v, "sentence");
        double value = json_number_value(json_object_get(v, "value"));
        json_int_t s = json_integer_value(json_object_get(v, "start"));
        json_int_t e = json_integer_value(json_object_get(v, "end"));
        int ok = doc >= 0 && doc < 2 && text && json_is_object(sent) &&
                 json_integer_value(json_object_get(sent, "start")) <= s &&
                 e <= json_integer_value(json_object_get(sent, "end")) && s < e;
        /* another value of the conflict differs from it */
        int differs = 0;
        json_array_foreach(vals, j, u) differs |= json_number_value(json_object_get(u, "value")) != value;
        ok = ok && differs;
        char a[64], b[64], num[64];
        if (ok && sig_digits(text, strlen(text), a, sizeof a)) {
            snprintf(num, sizeof num, "%.15g", value < 0 ? -value : value);
            /* (exponent form: compare the mantissa's digits) */
            char *ex = strchr(num, 'e');
            if (ex) *ex = '\0';
            sig_digits(num, strlen(num), b, sizeof b);
            ok = strcmp(a, b) == 0;
        } else if (ok) {
            w->in_words++;
        }
        if (!ok && w->bad_values++ == 0)
            snprintf(w->first_bad_value, sizeof w->first_bad_value, "doc %ld \"%s\" value %g", doc,
                     text ? text : "(none)", value);
    }
}

static int boundary(const char *t, size_t len, size_t at)
{
    return at == len || ((unsigned char)t[at] & 0xC0) != 0x80;
}

/* Check one span object of article doc. */
static void check_span(walk *w, json_t *o, long doc)
{
    w->spans++;
    json_int_t s = json_integer_value(json_object_get(o, "start"));
    json_int_t e = json_integer_value(json_object_get(o, "end"));
    json_t *jt = json_object_get(o, "text");
    int ok = doc >= 0 && doc < 2;
    if (ok) {
        size_t len;
        const char *t = px_doc_text(w->docs[doc], &len);
        ok = s >= 0 && s <= e && (size_t)e <= len && boundary(t, len, (size_t)s) &&
             boundary(t, len, (size_t)e);
        if (ok && s == e) ok = json_is_null(jt) || json_string_length(jt) == 0;
        else if (ok)
            ok = json_is_string(jt) && json_string_length(jt) == (size_t)(e - s) &&
                 memcmp(json_string_value(jt), t + s, (size_t)(e - s)) == 0;
    }
    if (!ok && w->bad++ == 0)
        snprintf(w->first_bad, sizeof w->first_bad, "doc %ld span [%lld,%lld)", doc,
                 (long long)s, (long long)e);
}

/* Walk v, knowing the article the enclosing objects are about (doc, or -1),
 * and for a reuse entry the articles its "a" and "b" sides belong to. */
static void visit(walk *w, json_t *v, long doc, long side_a, long side_b)
{
    if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) visit(w, x, doc, side_a, side_b);
        return;
    }
    if (!json_is_object(v)) return;
    json_t *jd = json_object_get(v, "doc");
    if (json_is_integer(jd)) doc = (long)json_integer_value(jd);
    json_t *ji = json_object_get(v, "index");
    if (json_is_integer(ji) && json_object_get(v, "headline")) doc = (long)json_integer_value(ji);
    json_t *ja = json_object_get(v, "a"), *jb = json_object_get(v, "b");
    if (json_is_integer(ja) && json_is_integer(jb)) {
        side_a = (long)json_integer_value(ja);
        side_b = (long)json_integer_value(jb);
    }
    if (json_is_integer(json_object_get(v, "start")) && json_is_integer(json_object_get(v, "end")))
        check_span(w, v, doc);
    if (json_is_array(json_object_get(v, "conflicts")))
        for (size_t i = 0; i < json_array_size(json_object_get(v, "conflicts")); i++)
            check_conflict(w, json_array_get(json_object_get(v, "conflicts"), i));
    const char *k;
    json_t *x;
    json_object_foreach(v, k, x) {
        if (json_is_object(x) && !strcmp(k, "a") && side_a >= 0) visit(w, x, side_a, side_a, side_b);
        else if (json_is_object(x) && !strcmp(k, "b") && side_b >= 0) visit(w, x, side_b, side_a, side_b);
        else visit(w, x, doc, side_a, side_b);
    }
}

/* The document of article side (1, 2) of the reader's pair line; NULL when
 * the line has no such article or it cannot be read. */
static px_doc *article(px_ctx *ctx, px_reader *r, int side)
{
    px_record rec;
    px_error err = {0};
    if (px_reader_pair_side(r, side, &rec, &err) != PX_OK) return NULL;
    return px_doc_from_record(ctx, &rec, NULL, &err);
}

static void test_coverage_spans_round_trip_on_train(void **state)
{
    (void)state;
    const char *path = PX_SHARED_DIR "/data/semeval2022/train.jsonl";
    if (access(path, R_OK) != 0) {
        print_message("%s not found: skipped\n", path);
        skip();
    }
    px_error err = {0};
    px_ctx *ctx = px_ctx_new(&err);
    px_lexicon *lx = px_lexicon_new(NULL, 0, &err);
    px_reader *r = px_reader_open(&path, 1, NULL, &err);
    assert_non_null(ctx);
    assert_non_null(lx);
    assert_non_null(r);
    walk w = {0};
    size_t pairs = 0, reports = 0;
    const px_record *line;
    px_status st;
    while ((st = px_reader_next(r, &line, &err)) != PX_EOF) {
        assert_int_not_equal(st, PX_ERR_IO);
        if (st != PX_OK) continue;
        pairs++;
        px_doc *a = article(ctx, r, 1), *b = article(ctx, r, 2);
        if (a && b) {
            const px_doc *docs[2] = {a, b};
            px_coverage *cv = px_coverage_build(ctx, docs, 2, lx, &err);
            assert_non_null(cv);
            char *js = px_coverage_to_json(cv, 0);
            assert_non_null(js);
            json_error_t je;
            json_t *o = json_loads(js, 0, &je);
            assert_non_null(o);
            w.docs[0] = a;
            w.docs[1] = b;
            visit(&w, o, -1, -1, -1);
            reports++;
            json_decref(o);
            px_free(js);
            px_coverage_free(cv);
        }
        px_doc_free(a);
        px_doc_free(b);
    }
    px_reader_close(r);
    px_lexicon_free(lx);
    px_ctx_free(ctx);
    print_message("%zu pairs, %zu reports, %zu spans checked, %zu did not map back%s%s\n", pairs,
                  reports, w.spans, w.bad, w.bad ? "; first: " : "", w.first_bad);
    print_message("%zu conflict values checked (%zu written in words), %zu not their article's "
                  "number%s%s\n",
                  w.values, w.in_words, w.bad_values, w.bad_values ? "; first: " : "",
                  w.first_bad_value);
    assert_true(reports > pairs * 9 / 10);
    assert_true(w.spans > reports);
    assert_int_equal(w.bad, 0);
    assert_true(w.values > 0);
    assert_int_equal(w.bad_values, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_coverage_spans_round_trip_on_train),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
