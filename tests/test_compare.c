/*
 * test_compare.c - comparing two articles: the same text scores 1, an
 * unrelated one high, name variants match ("Moon Jae-in" ~ "Moon",
 * "Dong-a Ilbo" ~ "Donga"), places known to the gazetteer match across
 * languages ("Frankreich" ~ "France"), shared quotes, numbers and dates are found,
 * scores are symmetric and within [1, 4], German and English reports of
 * one story are closer than unrelated ones, document frequencies round
 * trip through a file, and empty, unreadable or huge input gives a clear
 * error or a score, never a crash.
 *
 * Articles are written here (tests/data/compare holds the longer ones the
 * CLI test also uses) and go through the whole pipeline.
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

typedef struct fixture {
    px_ctx *ctx;
    px_lexicon *lx;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    px_error err = {0};
    f->ctx = px_ctx_new(&err);
    f->lx = px_lexicon_new(NULL, 0, &err);
    if (!f->ctx || !f->lx) return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    px_lexicon_free(f->lx);
    px_ctx_free(f->ctx);
    free(f);
    return 0;
}

/* A document and its profile. */
typedef struct art {
    px_doc *doc;
    px_profile *p;
} art;

static art make(fixture *f, const char *text, const char *lang)
{
    px_error err = {0};
    px_doc_opts o = {.lang = lang};
    art a = {0};
    a.doc = px_doc_from_text(f->ctx, text, strlen(text), &o, &err);
    assert_non_null(a.doc);
    a.p = px_profile_new(a.doc, f->lx, &err);
    assert_non_null(a.p);
    return a;
}

static void drop(art a)
{
    px_profile_free(a.p);
    px_doc_free(a.doc);
}

static char *slurp(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/compare/%s", PX_TEST_DATA, name);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)n, fp), (size_t)n);
    s[n] = 0;
    fclose(fp);
    return s;
}

static art make_file(fixture *f, const char *name)
{
    char *s = slurp(name);
    art a = make(f, s, NULL);
    free(s);
    return a;
}

static void assert_scores_valid(const px_scores *s)
{
    for (int d = 0; d < PX_NDIMS; d++) {
        assert_true(s->dim[d] >= 1.0);
        assert_true(s->dim[d] <= 4.0);
    }
}

/* The text of evidence e's side (0 a, 1 b), into buf. */
static const char *ev_text(const art *x, const px_evidence *e, int side, char *buf, size_t cap)
{
    int32_t i = side ? e->b : e->a;
    buf[0] = 0;
    if (i < 0) return buf;
    size_t n;
    px_span s;
    if (e->kind == PX_EV_SENTENCE) s = px_doc_sentences(x->doc, &n)[i].span;
    else s = px_doc_mentions(x->doc, &n)[i].span;
    const char *t = px_doc_text(x->doc, NULL);
    snprintf(buf, cap, "%.*s", (int)(s.end - s.start), t + s.start);
    return buf;
}

/* Is there a shared piece of evidence of a kind in kinds whose A side
 * contains sa and B side contains sb? */
static int has_shared(const px_comparison *c, const art *a, const art *b, int kmin, int kmax,
                      const char *sa, const char *sb)
{
    size_t n;
    const px_evidence *ev = px_comparison_evidence(c, &n);
    char x[512], y[512];
    for (size_t i = 0; i < n; i++) {
        if ((int)ev[i].kind < kmin || (int)ev[i].kind > kmax || ev[i].a < 0 || ev[i].b < 0) continue;
        if (strstr(ev_text(a, &ev[i], 0, x, sizeof x), sa) && strstr(ev_text(b, &ev[i], 1, y, sizeof y), sb))
            return 1;
    }
    return 0;
}

static void test_compare_same_text_scores_1(void **state)
{
    fixture *f = *state;
    art a = make_file(f, "seoul-a.txt"), b = make_file(f, "seoul-a.txt");
    px_scores s;
    px_compare_scores(a.p, b.p, &s);
    assert_scores_valid(&s);
    assert_true(s.dim[PX_DIM_OVERALL] < 1.5);
    assert_true(s.dim[PX_DIM_ENTITIES] < 1.5);
    assert_true(s.dim[PX_DIM_NARRATIVE] < 1.5);
    assert_int_equal(px_verdict_of(s.dim[PX_DIM_OVERALL]), PX_SAME_STORY);
    assert_true(px_compare_baseline(a.p, b.p) > 0.999);
    drop(a);
    drop(b);
}

static void test_compare_unrelated_scores_high(void **state)
{
    fixture *f = *state;
    art a = make_file(f, "seoul-a.txt"), b = make_file(f, "recipe.txt"), c = make_file(f, "seoul-b.txt");
    px_scores un, same;
    px_compare_scores(a.p, b.p, &un);
    px_compare_scores(a.p, c.p, &same);
    assert_scores_valid(&un);
    assert_true(un.dim[PX_DIM_OVERALL] >= 3.0);
    assert_int_equal(px_verdict_of(un.dim[PX_DIM_OVERALL]), PX_DIFFERENT);
    /* two reports of one story: same story, and much closer */
    assert_true(same.dim[PX_DIM_OVERALL] < 2.0);
    assert_true(same.dim[PX_DIM_OVERALL] + 1.0 < un.dim[PX_DIM_OVERALL]);
    drop(a);
    drop(b);
    drop(c);
}

static void test_compare_scores_symmetric(void **state)
{
    fixture *f = *state;
    art a = make_file(f, "seoul-a.txt"), b = make_file(f, "seoul-de.txt");
    px_scores ab, ba;
    px_compare_scores(a.p, b.p, &ab);
    px_compare_scores(b.p, a.p, &ba);
    for (int d = 0; d < PX_NDIMS; d++) assert_true(ab.dim[d] == ba.dim[d]);
    double fa[64], fb[64];
    size_t n = px_compare_features(a.p, b.p, fa, 64);
    assert_int_equal(px_compare_features(b.p, a.p, fb, 64), n);
    assert_int_equal(n, px_feature_count());
    for (size_t i = 0; i < n && i < 64; i++) assert_true(fa[i] == fb[i]);
    drop(a);
    drop(b);
}

static void test_compare_name_variants_match(void **state)
{
    fixture *f = *state;
    art a = make(f, "Talks in Seoul\n\nThe newspaper Dong-a Ilbo reported that President Moon Jae-in "
                    "met the envoy on Monday. Officials said the talks went well.\n", "en");
    art b = make(f, "Envoy meets president\n\nAccording to the daily Donga, the envoy and President Moon "
                    "spoke for an hour. The meeting was described as friendly.\n", "en");
    px_error err = {0};
    px_comparison *c = px_compare(a.p, b.p, &err);
    assert_non_null(c);
    assert_true(has_shared(c, &a, &b, PX_EV_PERSON, PX_EV_NAME, "Moon Jae-in", "Moon"));
    assert_true(has_shared(c, &a, &b, PX_EV_PERSON, PX_EV_NAME, "Dong-a Ilbo", "Donga"));
    /* and no false match of unrelated names */
    assert_false(has_shared(c, &a, &b, PX_EV_PERSON, PX_EV_NAME, "Seoul", "Moon"));
    px_comparison_free(c);
    drop(a);
    drop(b);
}

/* The gazetteer: countries and their people are places, one country in two
 * languages is one name ("Frankreich" ~ "France"), and the countries the
 * places are in meet whatever the language (geo_country). */
static void test_compare_places_across_languages(void **state)
{
    fixture *f = *state;
    art de = make(f, "Merkel in Paris\n\nBundeskanzlerin Angela Merkel ist am Montag nach Frankreich "
                     "gereist. Deutschland und Frankreich wollen enger zusammenarbeiten. Das Treffen "
                     "hatte Frankreich vorgeschlagen.\n", "de");
    art en = make(f, "Merkel visits France\n\nChancellor Angela Merkel travelled to France on Monday. "
                     "Both the French and the German side want to work more closely.\n", "en");
    art jp = make(f, "Typhoon nears Tokyo\n\nA typhoon moved towards Japan on Monday. Japanese "
                     "officials in Tokyo urged residents to stay at home.\n", "en");
    px_error err = {0};
    px_comparison *c = px_compare(de.p, en.p, &err);
    assert_non_null(c);
    assert_true(has_shared(c, &de, &en, PX_EV_PLACE, PX_EV_PLACE, "Frankreich", "France"));
    px_comparison_free(c);
    /* "French" is a place (its people), unmatched against Japan */
    c = px_compare(en.p, jp.p, &err);
    assert_non_null(c);
    size_t n;
    const px_evidence *ev = px_comparison_evidence(c, &n);
    char x[512];
    int french = 0;
    for (size_t i = 0; i < n; i++)
        if (ev[i].a >= 0 && ev[i].kind <= PX_EV_NAME && !strcmp(ev_text(&en, &ev[i], 0, x, sizeof x), "French")) {
            assert_int_equal(ev[i].kind, PX_EV_PLACE);
            french = 1;
        }
    assert_true(french);
    px_comparison_free(c);
    /* geo_country: the same countries score 1, other countries 0 */
    size_t nf = px_feature_count(), g = nf;
    for (size_t i = 0; i < nf; i++)
        if (!strcmp(px_feature_name(i), "geo_country")) g = i;
    assert_true(g < nf);
    double *fv = calloc(nf, sizeof *fv);
    assert_non_null(fv);
    assert_int_equal(px_compare_features(de.p, en.p, fv, nf), nf);
    assert_true(fv[g] > 0.5);
    assert_int_equal(px_compare_features(en.p, jp.p, fv, nf), nf);
    assert_true(fv[g] == 0.0);
    free(fv);
    drop(de);
    drop(en);
    drop(jp);
}

static void test_compare_shared_quote_found(void **state)
{
    fixture *f = *state;
    art a = make(f, "Minister defends plan\n\nThe minister told reporters: \"We will not raise taxes on "
                    "families this year, whatever the deficit says.\" The opposition disagreed.\n", "en");
    art b = make(f, "Tax plan under fire\n\nCritics pounced after the minister said \"we will not raise "
                    "taxes on families this year\" at a press conference in the capital.\n", "en");
    art c = make(f, "Storm hits coast\n\nA fisherman said \"the waves were higher than the houses and the "
                    "wind never stopped\" as the storm moved north.\n", "en");
    px_error err = {0};
    px_comparison *ab = px_compare(a.p, b.p, &err), *ac = px_compare(a.p, c.p, &err);
    assert_non_null(ab);
    assert_non_null(ac);
    assert_true(has_shared(ab, &a, &b, PX_EV_QUOTE, PX_EV_QUOTE, "raise taxes", "raise taxes"));
    size_t n;
    const px_evidence *ev = px_comparison_evidence(ac, &n);
    for (size_t i = 0; i < n; i++) assert_int_not_equal(ev[i].kind, PX_EV_QUOTE);
    px_comparison_free(ab);
    px_comparison_free(ac);
    drop(a);
    drop(b);
    drop(c);
}

static void test_compare_shared_numbers(void **state)
{
    fixture *f = *state;
    art a = make_file(f, "seoul-a.txt"), b = make_file(f, "seoul-b.txt"), de = make_file(f, "seoul-de.txt");
    px_error err = {0};
    px_comparison *c = px_compare(a.p, b.p, &err);
    assert_non_null(c);
    assert_true(has_shared(c, &a, &b, PX_EV_NUMBER, PX_EV_NUMBER, "28,500", "28,500"));
    assert_true(has_shared(c, &a, &b, PX_EV_NUMBER, PX_EV_NUMBER, "$5 billion", "$5 billion"));
    assert_true(has_shared(c, &a, &b, PX_EV_DATE, PX_EV_DATE, "June 7, 2019", "June 7, 2019"));
    px_comparison_free(c);
    /* across languages: 28,500 ~ 28.500, June 7, 2019 ~ 7. Juni 2019 */
    c = px_compare(a.p, de.p, &err);
    assert_non_null(c);
    assert_true(has_shared(c, &a, &de, PX_EV_NUMBER, PX_EV_NUMBER, "28,500", "28.500"));
    assert_true(has_shared(c, &a, &de, PX_EV_DATE, PX_EV_DATE, "June 7, 2019", "Juni 2019"));
    px_comparison_free(c);
    drop(a);
    drop(b);
    drop(de);
}

static void test_compare_cross_lingual_closer_than_unrelated(void **state)
{
    fixture *f = *state;
    art en = make_file(f, "seoul-a.txt"), de = make_file(f, "seoul-de.txt"), rec = make_file(f, "recipe.txt");
    assert_string_equal(px_doc_lang(de.doc), "de");
    px_scores same, un;
    px_compare_scores(en.p, de.p, &same);
    px_compare_scores(de.p, rec.p, &un);
    assert_true(same.dim[PX_DIM_OVERALL] < 2.5);
    assert_true(same.dim[PX_DIM_OVERALL] + 1.0 < un.dim[PX_DIM_OVERALL]);
    drop(en);
    drop(de);
    drop(rec);
}

static void test_compare_sentence_pairs_found(void **state)
{
    fixture *f = *state;
    art a = make_file(f, "seoul-a.txt"), b = make_file(f, "seoul-b.txt");
    px_error err = {0};
    px_comparison *c = px_compare(a.p, b.p, &err);
    assert_non_null(c);
    assert_true(has_shared(c, &a, &b, PX_EV_SENTENCE, PX_EV_SENTENCE, "no decision", "no decision"));
    px_comparison_free(c);
    drop(a);
    drop(b);
}

static void test_compare_json_schema(void **state)
{
    fixture *f = *state;
    art a = make_file(f, "seoul-a.txt"), b = make_file(f, "seoul-b.txt");
    px_error err = {0};
    px_comparison *c = px_compare(a.p, b.p, &err);
    char *js = px_comparison_to_json(c, 0);
    assert_non_null(js);
    json_error_t je;
    json_t *o = json_loads(js, 0, &je);
    assert_non_null(o);
    json_t *scores = json_object_get(o, "scores");
    for (int d = 0; d < PX_NDIMS; d++) {
        double v = json_number_value(json_object_get(scores, px_dim_name(d)));
        assert_true(v >= 1 && v <= 4);
    }
    assert_string_equal(json_string_value(json_object_get(o, "verdict")), "same story");
    json_t *names = json_object_get(o, "names");
    assert_true(json_array_size(json_object_get(names, "shared")) >= 3);
    assert_true(json_is_array(json_object_get(names, "only_a")));
    assert_true(json_array_size(json_object_get(o, "numbers")) >= 2);
    assert_true(json_array_size(json_object_get(o, "dates")) >= 1);
    assert_true(json_is_array(json_object_get(o, "quotes")));
    assert_true(json_array_size(json_object_get(o, "sentences")) >= 1);
    assert_int_equal(json_object_size(json_object_get(o, "features")), px_feature_count());
    json_decref(o);
    px_free(js);
    px_comparison_free(c);
    drop(a);
    drop(b);
}

static void test_compare_empty_article_errors_cleanly(void **state)
{
    fixture *f = *state;
    px_error err = {0};
    px_doc *d = px_doc_from_text(f->ctx, "", 0, NULL, &err);
    assert_null(d);
    assert_int_equal(err.code, PX_ERR_EMPTY);
    memset(&err, 0, sizeof err);
    assert_null(px_profile_new(NULL, f->lx, &err));
    assert_int_equal(err.code, PX_ERR_ARG);
    memset(&err, 0, sizeof err);
    assert_null(px_compare(NULL, NULL, &err));
    assert_int_equal(err.code, PX_ERR_ARG);
    /* only punctuation: no article (a clear error) or an article that
     * scores; never a crash */
    const char *punct = "... !!! ---\n\n?? ..\n";
    memset(&err, 0, sizeof err);
    px_doc *pd = px_doc_from_text(f->ctx, punct, strlen(punct), NULL, &err);
    if (!pd) assert_int_equal(err.code, PX_ERR_EMPTY);
    px_profile *pp = pd ? px_profile_new(pd, f->lx, &err) : NULL;
    /* a title and one word: still a score */
    art a = make(f, "Just a headline about Huawei\n", "en");
    art b = make(f, "Huawei\n", "en");
    art c = make_file(f, "seoul-a.txt");
    px_scores s;
    if (pp) {
        px_compare_scores(pp, c.p, &s);
        assert_scores_valid(&s);
    }
    px_profile_free(pp);
    px_doc_free(pd);
    px_compare_scores(a.p, c.p, &s);
    assert_scores_valid(&s);
    px_compare_scores(b.p, c.p, &s);
    assert_scores_valid(&s);
    px_comparison *cmp = px_compare(b.p, a.p, &err);
    assert_non_null(cmp);
    char *js = px_comparison_to_json(cmp, PX_JSON_PRETTY);
    assert_non_null(js);
    px_free(js);
    px_comparison_free(cmp);
    drop(a);
    drop(b);
    drop(c);
}

static void test_compare_unsupported_language_scores(void **state)
{
    fixture *f = *state;
    /* Greek and Thai: no stemmer, maybe no language at all */
    art a = make(f, "Σεισμός στην Αθήνα\n\nΈνας ισχυρός σεισμός έπληξε την Αθήνα το πρωί της Δευτέρας. "
                    "Δεν αναφέρθηκαν θύματα αλλά υπήρξαν ζημιές σε παλιά κτίρια.\n", NULL);
    art b = make(f, "แผ่นดินไหวที่กรุงเทพ\n\nเกิดแผ่นดินไหวรุนแรงในช่วงเช้าวันจันทร์ ไม่มีรายงานผู้เสียชีวิต\n", NULL);
    art c = make_file(f, "seoul-a.txt");
    px_scores s;
    px_compare_scores(a.p, b.p, &s);
    assert_scores_valid(&s);
    px_compare_scores(a.p, c.p, &s);
    assert_scores_valid(&s);
    assert_true(s.dim[PX_DIM_OVERALL] >= 2.5);
    px_compare_scores(a.p, a.p, &s);
    assert_true(s.dim[PX_DIM_OVERALL] < 2.0);
    drop(a);
    drop(b);
    drop(c);
}

static void test_compare_huge_article_no_crash(void **state)
{
    fixture *f = *state;
    char *one = slurp("seoul-a.txt");
    size_t n1 = strlen(one), times = 1000;
    char *big = malloc(n1 * times + 1);
    assert_non_null(big);
    for (size_t i = 0; i < times; i++) memcpy(big + i * n1, one, n1);
    big[n1 * times] = 0;
    art a = make(f, big, NULL), b = make_file(f, "seoul-b.txt");
    px_scores s;
    px_compare_scores(a.p, b.p, &s);
    assert_scores_valid(&s);
    px_error err = {0};
    px_comparison *c = px_compare(a.p, b.p, &err);
    assert_non_null(c);
    char *js = px_comparison_to_json(c, 0);
    assert_non_null(js);
    px_free(js);
    px_comparison_free(c);
    drop(a);
    drop(b);
    free(big);
    free(one);
}

static void test_lexicon_df_roundtrip(void **state)
{
    fixture *f = *state;
    px_error err = {0};
    px_lexicon *count = px_lexicon_new(NULL, PX_LEX_NO_DF, &err);
    assert_non_null(count);
    assert_int_equal(px_lexicon_docs(count), 0);
    art a = make_file(f, "seoul-a.txt"), b = make_file(f, "seoul-b.txt"), r = make_file(f, "recipe.txt");
    assert_int_equal(px_lexicon_count(count, a.p, &err), PX_OK);
    assert_int_equal(px_lexicon_count(count, b.p, &err), PX_OK);
    assert_int_equal(px_lexicon_count(count, r.p, &err), PX_OK);
    char path[] = "/tmp/px_test_df_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(px_lexicon_save_df(count, path, 2, &err), PX_OK);
    px_lexicon *lx = px_lexicon_new(path, 0, &err);
    assert_non_null(lx);
    assert_int_equal(px_lexicon_docs(lx), 3);
    /* with these frequencies "Huawei" (2 of 3 articles) weighs less than
     * in a lexicon where it is unseen, so the two reports' cosine drops */
    px_profile *pa = px_profile_new(a.doc, lx, &err), *pb = px_profile_new(b.doc, lx, &err);
    assert_non_null(pa);
    assert_non_null(pb);
    assert_true(px_compare_baseline(pa, pb) > 0);
    px_profile_free(pa);
    px_profile_free(pb);
    px_lexicon_free(lx);
    /* a file that is not a df table */
    FILE *fp = fopen(path, "w");
    fputs("hello\n", fp);
    fclose(fp);
    memset(&err, 0, sizeof err);
    assert_null(px_lexicon_new(path, 0, &err));
    assert_int_equal(err.code, PX_ERR_FORMAT);
    assert_null(px_lexicon_new("/nonexistent/df.txt", 0, &err));
    assert_int_equal(err.code, PX_ERR_IO);
    unlink(path);
    px_lexicon_free(count);
    drop(a);
    drop(b);
    drop(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compare_same_text_scores_1),
        cmocka_unit_test(test_compare_unrelated_scores_high),
        cmocka_unit_test(test_compare_scores_symmetric),
        cmocka_unit_test(test_compare_name_variants_match),
        cmocka_unit_test(test_compare_places_across_languages),
        cmocka_unit_test(test_compare_shared_quote_found),
        cmocka_unit_test(test_compare_shared_numbers),
        cmocka_unit_test(test_compare_cross_lingual_closer_than_unrelated),
        cmocka_unit_test(test_compare_sentence_pairs_found),
        cmocka_unit_test(test_compare_json_schema),
        cmocka_unit_test(test_compare_empty_article_errors_cleanly),
        cmocka_unit_test(test_compare_unsupported_language_scores),
        cmocka_unit_test(test_compare_huge_article_no_crash),
        cmocka_unit_test(test_lexicon_df_roundtrip),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
