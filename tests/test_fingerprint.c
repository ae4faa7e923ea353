/*
 * test_fingerprint.c - copies: identical texts are exact copies, a few words
 * changed is a near-duplicate, a short wire story inside a long article is
 * contained (high containment, low Jaccard), unrelated articles are not
 * paired, shared spans point at the same text in both documents, the index
 * finds what exhaustive verification finds, and empty or tiny documents
 * and bad arguments do not crash.
 *
 * The articles are tests/data/dups/copies.jsonl (also used by cli_dups.sh):
 * wire, wire-copy (identical), wire-edited (a few words changed), rewrite
 * (wire inside a three times longer article), football (unrelated).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define NDOCS 5
static const char *const IDS[NDOCS] = {"wire", "wire-copy", "wire-edited", "rewrite", "football"};

typedef struct fixture {
    px_ctx *ctx;
    px_doc *doc[NDOCS];
    px_fingerprint *fp[NDOCS];
} fixture;

/* Read the test articles, in the order of IDS. */
static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f) return -1;
    px_error err = {0};
    f->ctx = px_ctx_new(&err);
    const char *path = PX_TEST_DATA "/dups/copies.jsonl";
    px_reader *r = px_reader_open(&path, 1, NULL, &err);
    if (!f->ctx || !r) return -1;
    const px_record *rec;
    while (px_reader_next(r, &rec, &err) == PX_OK) {
        px_doc *d = px_doc_from_record(f->ctx, rec, NULL, &err);
        if (!d) return -1;
        int k = -1;
        for (int i = 0; i < NDOCS; i++)
            if (px_doc_id(d) && !strcmp(px_doc_id(d), IDS[i])) k = i;
        if (k < 0 || f->doc[k]) return -1;
        f->doc[k] = d;
        f->fp[k] = px_fingerprint_new(d, &err);
        if (!f->fp[k]) return -1;
    }
    px_reader_close(r);
    for (int i = 0; i < NDOCS; i++)
        if (!f->doc[i]) return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    for (int i = 0; i < NDOCS; i++) {
        px_fingerprint_free(f->fp[i]);
        px_doc_free(f->doc[i]);
    }
    px_ctx_free(f->ctx);
    free(f);
    return 0;
}

/* Compare documents i and j with the default options. */
static px_dup compare(fixture *f, int i, int j)
{
    px_dup d;
    px_error err = {0};
    assert_int_equal(px_fingerprint_compare(f->fp[i], f->fp[j], NULL, &d, &err), PX_OK);
    return d;
}

/* Every span covers the same words in both texts (compared in matching form,
 * the form shingles are made of). */
static void assert_spans_match(fixture *f, int i, int j, const px_dup *d)
{
    size_t la, lb;
    const char *ta = px_doc_text(f->doc[i], &la), *tb = px_doc_text(f->doc[j], &lb);
    assert_true(d->n_spans > 0);
    for (size_t k = 0; k < d->n_spans; k++) {
        px_span a = d->spans[k].a, b = d->spans[k].b;
        assert_true(a.start < a.end && a.end <= la);
        assert_true(b.start < b.end && b.end <= lb);
        px_buf fa = {0}, fb = {0};
        assert_true(px_fold(ta + a.start, a.end - a.start, &fa));
        assert_true(px_fold(tb + b.start, b.end - b.start, &fb));
        assert_int_equal(fa.len, fb.len);
        assert_memory_equal(fa.data, fb.data, fa.len);
        px_buf_free(&fa);
        px_buf_free(&fb);
    }
}

static void test_identical_is_exact(void **state)
{
    fixture *f = *state;
    assert_int_equal(px_fingerprint_exact(f->fp[0]), px_fingerprint_exact(f->fp[1]));
    px_dup d = compare(f, 0, 1);
    assert_int_equal(d.kind, PX_DUP_EXACT);
    assert_true(d.jaccard == 1.0 && d.containment == 1.0);
    assert_spans_match(f, 0, 1, &d);
    /* one passage: the whole body */
    assert_int_equal(d.n_spans, 1);
    assert_int_equal(d.spans[0].shingles, px_fingerprint_shingles(f->fp[0]));
    px_dup_clear(&d);
}

static void test_few_words_changed_is_near(void **state)
{
    fixture *f = *state;
    px_dup d = compare(f, 0, 2);
    assert_int_equal(d.kind, PX_DUP_NEAR);
    assert_true(d.jaccard >= 0.7 && d.jaccard < 1.0);
    assert_true(d.n_spans >= 2); /* the changes split the shared text */
    assert_spans_match(f, 0, 2, &d);
    px_dup_clear(&d);
}

static void test_wire_inside_long_article_is_contained(void **state)
{
    fixture *f = *state;
    px_dup d = compare(f, 0, 3);
    assert_int_equal(d.kind, PX_DUP_CONTAINED);
    assert_true(d.containment >= 0.9);
    assert_true(d.jaccard < 0.4);
    assert_true(d.share_a >= 0.9 && d.share_b < 0.4);
    assert_spans_match(f, 0, 3, &d);
    /* the passage in the rewrite is not at its start: real offsets */
    assert_true(d.spans[0].b.start > 100);
    px_dup_clear(&d);
    /* symmetric */
    d = compare(f, 3, 0);
    assert_int_equal(d.kind, PX_DUP_CONTAINED);
    assert_true(d.containment >= 0.9);
    assert_spans_match(f, 3, 0, &d);
    px_dup_clear(&d);
}

static void test_unrelated_is_nothing(void **state)
{
    fixture *f = *state;
    for (int i = 0; i < 4; i++) {
        px_dup d = compare(f, i, 4);
        assert_int_equal(d.kind, PX_DUP_NONE);
        assert_true(d.jaccard < 0.05);
        px_dup_clear(&d);
    }
}

/* The index finds every copy the exhaustive comparison finds, sorted by
 * containment; the football article is in no pair. */
static void test_find_matches_all_pairs(void **state)
{
    fixture *f = *state;
    px_error err = {0};
    px_dup *x = NULL, *y = NULL;
    size_t nx = 0, ny = 0;
    px_dup_stats st;
    px_dup_opts o;
    px_dup_opts_default(&o);
    assert_int_equal(px_dups_find((const px_fingerprint *const *)f->fp, NDOCS, &o, &x, &nx, &st, &err), PX_OK);
    o.all_pairs = 1;
    assert_int_equal(px_dups_find((const px_fingerprint *const *)f->fp, NDOCS, &o, &y, &ny, NULL, &err), PX_OK);
    assert_int_equal(nx, 6); /* C(4,2): the four water articles are all copies */
    assert_int_equal(nx, ny);
    for (size_t i = 0; i < nx; i++) {
        assert_int_equal(x[i].a, y[i].a);
        assert_int_equal(x[i].b, y[i].b);
        assert_true(x[i].a < x[i].b);
        assert_true(x[i].b != 4);
        if (i) assert_true(x[i - 1].containment >= x[i].containment);
    }
    assert_int_equal(st.articles, NDOCS);
    assert_true(st.index_memory > 0 && st.index_memory / NDOCS <= 2048);
    px_dups_free(x, nx);
    px_dups_free(y, ny);
}

/* A document with no words, a two-word one, NULL arguments. */
static void test_empty_and_bad_input(void **state)
{
    fixture *f = *state;
    px_error err = {0};
    assert_null(px_fingerprint_new(NULL, &err));
    assert_int_equal(err.code, PX_ERR_ARG);
    const char *texts[] = {"... !!! ---", "Hello world", "\xff\xfe\x00x"};
    for (size_t i = 0; i < 3; i++) {
        px_doc *d = px_doc_from_text(f->ctx, texts[i], strlen(texts[i]), NULL, &err);
        if (!d) continue; /* no article text: nothing to fingerprint */
        px_fingerprint *fp = px_fingerprint_new(d, &err);
        assert_non_null(fp);
        px_dup r;
        assert_int_equal(px_fingerprint_compare(fp, f->fp[0], NULL, &r, &err), PX_OK);
        assert_int_equal(r.kind, PX_DUP_NONE);
        px_dup_clear(&r);
        assert_int_equal(px_fingerprint_compare(fp, fp, NULL, &r, &err), PX_OK);
        px_dup_clear(&r);
        const px_fingerprint *two[2] = {fp, NULL};
        px_dup *out;
        size_t n;
        assert_int_equal(px_dups_find(two, 2, NULL, &out, &n, NULL, &err), PX_OK);
        assert_int_equal(n, 0);
        px_dups_free(out, n);
        px_fingerprint_free(fp);
        px_doc_free(d);
    }
    px_dup r;
    assert_int_equal(px_fingerprint_compare(NULL, f->fp[0], NULL, &r, &err), PX_ERR_ARG);
    px_dup *out = NULL;
    size_t n = 1;
    assert_int_equal(px_dups_find(NULL, 0, NULL, &out, &n, NULL, &err), PX_OK);
    assert_int_equal(n, 0);
    px_dups_free(out, n);
    px_dup_opts o;
    px_dup_opts_default(&o);
    o.bands = 64, o.rows = 4; /* 256 > PX_FP_HASHES */
    assert_null(px_dupindex_new(&o, &err));
    assert_int_equal(err.code, PX_ERR_ARG);
    assert_int_equal(px_dupindex_add(NULL, f->fp[0], &err), PX_ERR_ARG);
}

/* Signatures estimate Jaccard: identical texts agree everywhere, the
 * near-duplicate in most places, unrelated articles almost nowhere. */
static void test_signature_estimates_jaccard(void **state)
{
    fixture *f = *state;
    const uint32_t *a = px_fingerprint_signature(f->fp[0]), *b = px_fingerprint_signature(f->fp[1]),
                   *c = px_fingerprint_signature(f->fp[2]), *z = px_fingerprint_signature(f->fp[4]);
    int same_b = 0, same_c = 0, same_z = 0;
    for (int j = 0; j < PX_FP_HASHES; j++) same_b += a[j] == b[j], same_c += a[j] == c[j], same_z += a[j] == z[j];
    assert_int_equal(same_b, PX_FP_HASHES);
    assert_true(same_c > PX_FP_HASHES / 2);
    assert_true(same_z < PX_FP_HASHES / 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_identical_is_exact, setup, teardown),
        cmocka_unit_test_setup_teardown(test_few_words_changed_is_near, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wire_inside_long_article_is_contained, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unrelated_is_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_find_matches_all_pairs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_and_bad_input, setup, teardown),
        cmocka_unit_test_setup_teardown(test_signature_estimates_jaccard, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
