/*
 * test_text.c - stage 2: UTF-8 repair, line ends, control characters, NFC,
 * the title join, and the matching form with its map.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "internal.h"

/* Prepare a document from title/body; asserts success. */
static void prep(px_doc *d, const char *title, size_t tl, const char *body, size_t bl)
{
    memset(d, 0, sizeof *d);
    px_arena_init(&d->arena);
    px_error err = {0};
    assert_int_equal(px_text_prepare(d, title, tl, body, bl, &err), PX_OK);
    assert_non_null(d->text);
    assert_int_equal(strlen(d->text), d->text_len);
    assert_non_null(d->fold);
    assert_non_null(d->fold_map);
    assert_int_equal(d->fold_map[d->fold_len], d->text_len);
}

static void test_text_replaces_invalid_utf8_and_counts(void **state)
{
    (void)state;
    /* lone continuation, overlong '/', surrogate U+D800, truncated 3-byte,
     * F5 lead, valid é */
    const char body[] = "a\x80" "b\xC0\xAF" "c\xED\xA0\x80" "d\xE2\x82" "e\xF5" "f\xC3\xA9";
    px_doc d;
    prep(&d, NULL, 0, body, sizeof body - 1);
    /* 1 + 2 + 3 + 2 + 1 invalid bytes */
    assert_int_equal(d.invalid_bytes, 9);
    const char *want = "a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD"
                       "c\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
                       "d\xEF\xBF\xBD\xEF\xBF\xBD" "e\xEF\xBF\xBD" "f\xC3\xA9";
    assert_string_equal(d.text, want);
    px_arena_free(&d.arena);

    /* decode/encode round trip and rejection */
    int32_t cp;
    assert_int_equal(px_utf8_decode((const unsigned char *)"\xF0\x9F\x98\x80", 4, &cp), 4);
    assert_int_equal(cp, 0x1F600);
    assert_int_equal(px_utf8_decode((const unsigned char *)"\xF0\x9F\x98\x80", 3, &cp), 1);
    assert_int_equal(cp, -1);
    assert_int_equal(px_utf8_decode((const unsigned char *)"\xE0\x80\x80", 3, &cp), 1);
    assert_int_equal(cp, -1);
    assert_int_equal(px_utf8_decode((const unsigned char *)"\xF4\x90\x80\x80", 4, &cp), 1);
    assert_int_equal(cp, -1);
    char out[4];
    assert_int_equal(px_utf8_encode(0x20AC, out), 3);
    assert_memory_equal(out, "\xE2\x82\xAC", 3);
    assert_int_equal(px_utf8_encode(0xD800, out), 3);
    assert_memory_equal(out, "\xEF\xBF\xBD", 3);

    /* every single byte value and random-ish garbage never breaks UTF-8 */
    unsigned char all[512];
    for (int i = 0; i < 512; i++) all[i] = (unsigned char)(i * 37 + (i >> 3));
    prep(&d, (const char *)all, 100, (const char *)all + 100, 412);
    size_t i = 0;
    while (i < d.text_len) {
        int n = px_utf8_decode((const unsigned char *)d.text + i, d.text_len - i, &cp);
        assert_true(cp >= 0);
        i += (size_t)n;
    }
    px_arena_free(&d.arena);
}

static void test_text_nfc_composes(void **state)
{
    (void)state;
    px_doc d;
    /* e + COMBINING ACUTE -> é ; A + RING -> Å ; ANGSTROM SIGN -> Å ;
     * Hangul L V T jamo -> one syllable */
    const char *body = "Caf" "e\xCC\x81" " A\xCC\x8A \xE2\x84\xAB "
                       "\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8";
    prep(&d, "Re\xCC\x81sume\xCC\x81", strlen("Re\xCC\x81sume\xCC\x81"), body, strlen(body));
    assert_string_equal(d.title, "R\xC3\xA9sum\xC3\xA9");
    assert_string_equal(d.text, "R\xC3\xA9sum\xC3\xA9\n\nCaf\xC3\xA9 \xC3\x85 \xC3\x85 \xEA\xB0\x81");
    assert_int_equal(d.title_span.end, strlen("R\xC3\xA9sum\xC3\xA9"));
    assert_int_equal(d.body_span.start, d.title_span.end + 2);
    px_arena_free(&d.arena);

    /* already composed text is left as it is */
    const char *nfc = "Stra\xC3\x9F" "e \xC3\xBC" "ber \xD0\x99\xD1\x91 \xE4\xB8\xAD\xE6\x96\x87";
    prep(&d, NULL, 0, nfc, strlen(nfc));
    assert_string_equal(d.text, nfc);
    px_arena_free(&d.arena);
}

static void test_text_crlf_unified(void **state)
{
    (void)state;
    px_doc d;
    const char *body = "one\r\ntwo\rthree\n\r\nfour\r";
    prep(&d, "T\r\nitle\r", 8, body, strlen(body));
    assert_string_equal(d.title, "T itle");
    assert_string_equal(d.text, "T itle\n\none\ntwo\nthree\n\nfour\n");
    px_arena_free(&d.arena);
}

static void test_text_strips_nul_and_controls(void **state)
{
    (void)state;
    px_doc d;
    const char body[] = "a\0b\x01" "c\td\x1B" "e\x7F" "f\xC2\x85" "g\xC2\x9F" "h\n";
    prep(&d, NULL, 0, body, sizeof body - 1);
    assert_string_equal(d.text, "abc\tdefgh\n");
    assert_int_equal(d.invalid_bytes, 0);
    px_arena_free(&d.arena);
}

static void test_text_title_joined_with_blank_line(void **state)
{
    (void)state;
    px_doc d;
    const char *title = "  \xC2\xA0" "Big\nnews \t ";
    prep(&d, title, strlen(title), "Body text.", 10);
    assert_string_equal(d.text, "Big news\n\nBody text.");
    assert_string_equal(d.title, "Big news");
    assert_int_equal(d.title_span.start, 0);
    assert_int_equal(d.title_span.end, 8);
    assert_int_equal(d.body_span.start, 10);
    assert_int_equal(d.body_span.end, d.text_len);
    px_arena_free(&d.arena);

    /* a blank title is no title */
    prep(&d, " \n ", 3, "Body.", 5);
    assert_null(d.title);
    assert_string_equal(d.text, "Body.");
    assert_int_equal(d.title_span.end, 0);
    assert_int_equal(d.body_span.start, 0);
    px_arena_free(&d.arena);
}

static void test_fold_casefolds_and_unifies_quotes_dashes_spaces(void **state)
{
    (void)state;
    const char *s = "\xE2\x80\x9CStra\xC3\x9F" "e\xE2\x80\x9D \xE2\x80\x94 "
                    "it\xE2\x80\x99s `x\xC2\xB4 \xC2\xAB" "A\xC2\xBB"
                    "\xC2\xA0" "B\xE3\x80\x80" "C\xE2\x80\x89" "D"
                    " co\xC2\xAD" "op\xE2\x80\x8B" "er \xE2\x88\x92" "5 "
                    "\xE3\x80\x8C\xE4\xB8\xAD\xE3\x80\x8D \xCE\xA3\xCE\x9F\xCE\xA6"
                    " \xC4\xB0" "STANBUL";
    px_buf b = {0};
    assert_true(px_fold(s, strlen(s), &b));
    assert_string_equal(b.data, "\"strasse\" - it's 'x\xC2\xB4 \"a\" b c d cooper -5 "
                                "\"\xE4\xB8\xAD\" \xCF\x83\xCE\xBF\xCF\x86 i\xCC\x87stanbul");
    /* appends */
    assert_true(px_fold("XY", 2, &b));
    assert_int_equal(b.data[b.len - 1], 'y');
    px_buf_free(&b);

    /* the document fold equals px_fold of the text */
    px_doc d;
    prep(&d, "Title \xE2\x80\x93 Here", strlen("Title \xE2\x80\x93 Here"), s, strlen(s));
    px_buf w = {0};
    assert_true(px_fold(d.text, d.text_len, &w));
    assert_int_equal(w.len, d.fold_len);
    assert_memory_equal(w.data, d.fold, w.len);
    px_buf_free(&w);
    px_arena_free(&d.arena);
}

static void test_fold_map_points_at_original_characters(void **state)
{
    (void)state;
    const char *s = "Gro\xC3\x9F" "e \xC4\xB0zmir \xE2\x80\x9CQuote\xE2\x80\x9D "
                    "\xCE\x9F\xCE\xB4\xCF\x85\xCF\x83\xCF\x83\xCE\xB5\xCE\x8D\xCF\x82 "
                    "\xD8\xA7\xD9\x84\xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A\xD8\xA9 "
                    "\xE4\xB8\xAD\xE6\x96\x87\xE6\x96\x87\xE5\xAD\x97 \xEF\xAC\x81n "
                    "\xCE\x90 z\xC2\xAD" "w";
    px_doc d;
    prep(&d, "\xC3\x9C" "BER", 5, s, strlen(s));
    const unsigned char *t = (const unsigned char *)d.text;
    size_t i = 0;
    while (i < d.fold_len) {
        uint32_t at = d.fold_map[i];
        assert_true(at < d.text_len);
        /* at is a character boundary */
        assert_true((t[at] & 0xC0) != 0x80);
        /* all fold bytes of one character share its offset; their fold
         * equals the fold of that character alone */
        int32_t cp;
        int n = px_utf8_decode(t + at, d.text_len - at, &cp);
        assert_true(cp >= 0);
        px_buf one = {0};
        assert_true(px_fold(d.text + at, (size_t)n, &one));
        assert_true(one.len > 0);
        assert_true(i + one.len <= d.fold_len);
        assert_memory_equal(d.fold + i, one.data, one.len);
        for (size_t k = 0; k < one.len; k++) assert_int_equal(d.fold_map[i + k], at);
        i += one.len;
        px_buf_free(&one);
    }
    /* maps are non-decreasing and ß -> "ss" both point at ß */
    for (size_t k = 1; k < d.fold_len; k++) assert_true(d.fold_map[k] >= d.fold_map[k - 1]);
    const char *ss = strstr(d.fold, "grosse");
    assert_non_null(ss);
    size_t off = (size_t)(ss - d.fold);
    assert_int_equal(d.fold_map[off + 3], d.fold_map[off + 4]);
    assert_memory_equal(d.text + d.fold_map[off + 3], "\xC3\x9F", 2);
    /* the soft hyphen is dropped: "zw" is contiguous in the fold */
    assert_non_null(strstr(d.fold, "zw"));
    px_arena_free(&d.arena);
}

static void test_text_empty_inputs(void **state)
{
    (void)state;
    px_doc d;
    prep(&d, NULL, 0, NULL, 0);
    assert_int_equal(d.text_len, 0);
    assert_string_equal(d.text, "");
    assert_int_equal(d.fold_len, 0);
    assert_int_equal(d.fold_map[0], 0);
    assert_null(d.title);
    px_arena_free(&d.arena);

    prep(&d, "", 0, "", 0);
    assert_int_equal(d.text_len, 0);
    px_arena_free(&d.arena);

    /* only controls: empty text */
    prep(&d, "\x01\x02", 2, "\0\0\x7F", 3);
    assert_int_equal(d.text_len, 0);
    px_arena_free(&d.arena);

    px_buf b = {0};
    assert_true(px_fold("", 0, &b));
    assert_int_equal(b.len, 0);
    px_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_replaces_invalid_utf8_and_counts),
        cmocka_unit_test(test_text_nfc_composes),
        cmocka_unit_test(test_text_crlf_unified),
        cmocka_unit_test(test_text_strips_nul_and_controls),
        cmocka_unit_test(test_text_title_joined_with_blank_line),
        cmocka_unit_test(test_fold_casefolds_and_unifies_quotes_dashes_spaces),
        cmocka_unit_test(test_fold_map_points_at_original_characters),
        cmocka_unit_test(test_text_empty_inputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
