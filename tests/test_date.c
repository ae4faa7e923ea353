/*
 * test_date.c - px_parse_date: one test per form news carries, and the
 * strings that must not pass (impossible days, junk, partial dates).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "internal.h"

/* Parse s and check the result is want (NULL: must fail). */
static void check(const char *s, const char *want)
{
    char out[32];
    int r = px_parse_date(s, strlen(s), out);
    if (!want) {
        if (r) fail_msg("'%s' parsed as '%s', expected failure", s, out);
        return;
    }
    if (!r) fail_msg("'%s' did not parse, expected '%s'", s, want);
    assert_string_equal(out, want);
}

static void test_date_iso_plain(void **st) { (void)st; check("2019-06-25", "2019-06-25"); }
static void test_date_iso_utc(void **st) { (void)st; check("2019-06-25T10:00:00Z", "2019-06-25T10:00:00Z"); }
static void test_date_iso_offset_normalised(void **st)
{
    (void)st;
    check("2019-06-25 10:00:00+09:00", "2019-06-25T01:00:00Z");
    check("2019-06-25T00:30:00+01:00", "2019-06-24T23:30:00Z");
    check("2019-06-25T10:00:00.123-05:00", "2019-06-25T15:00:00Z");
}
static void test_date_iso_local_time_kept(void **st) { (void)st; check("2019-06-25T10:00:00", "2019-06-25T10:00:00"); }
static void test_date_rfc2822(void **st)
{
    (void)st;
    check("Tue, 25 Jun 2019 10:00:00 GMT", "2019-06-25T10:00:00Z");
    check("Tue, 25 Jun 2019 10:00:00 +0200", "2019-06-25T08:00:00Z");
    check("25 Jun 2019 10:00 EDT", "2019-06-25T14:00:00Z");
}
static void test_date_english_month_first(void **st)
{
    (void)st;
    check("June 25, 2019", "2019-06-25");
    check("Jun. 25, 2019", "2019-06-25");
    check("June 25th, 2019", "2019-06-25");
}
static void test_date_english_day_first(void **st) { (void)st; check("25 June 2019", "2019-06-25"); }
static void test_date_german(void **st) { (void)st; check("25. Juni 2019", "2019-06-25"); check("3. März 2020", "2020-03-03"); }
static void test_date_spanish(void **st) { (void)st; check("25 de junio de 2019", "2019-06-25"); }
static void test_date_french(void **st) { (void)st; check("25 juin 2019", "2019-06-25"); check("1er août 2019", "2019-08-01"); }
static void test_date_italian(void **st) { (void)st; check("25 giugno 2019", "2019-06-25"); }
static void test_date_turkish(void **st) { (void)st; check("25 Haziran 2019", "2019-06-25"); check("3 ŞUBAT 2019", "2019-02-03"); }
static void test_date_polish_genitive(void **st) { (void)st; check("25 czerwca 2019", "2019-06-25"); check("25 czerwca 2019 r.", "2019-06-25"); }
static void test_date_portuguese_dutch(void **st) { (void)st; check("25 de junho de 2019", "2019-06-25"); check("25 juni 2019", "2019-06-25"); }
static void test_date_arabic_russian(void **st) { (void)st; check("25 يونيو 2019", "2019-06-25"); check("25 июня 2019 г.", "2019-06-25"); }
static void test_date_numeric_day_first(void **st)
{
    (void)st;
    check("25/06/2019", "2019-06-25");
    check("05/06/2019", "2019-06-05");   /* D/M/Y when both readings work */
    check("06/25/2019", "2019-06-25");   /* M/D/Y when D/M/Y is impossible */
    check("25.06.2019", "2019-06-25");
}
static void test_date_numeric_year_first(void **st) { (void)st; check("2019/06/25", "2019-06-25"); check("2019.06.25", "2019-06-25"); }
static void test_date_compact(void **st) { (void)st; check("20190625", "2019-06-25"); }
static void test_date_epoch(void **st) { (void)st; check("1561456800", "2019-06-25T10:00:00Z"); }
static void test_date_leap_years(void **st) { (void)st; check("2020-02-29", "2020-02-29"); check("2019-02-29", NULL); check("1900-02-29", NULL); check("2000-02-29", "2000-02-29"); }
static void test_date_invalid(void **st)
{
    (void)st;
    check("31 February 2019", NULL);
    check("2019-13-01", NULL);
    check("2019-06-31", NULL);
    check("13/13/2019", NULL);
    check("2019-06-25T25:00:00Z", NULL);
    check("hello", NULL);
    check("", NULL);
    check("   ", NULL);
    check("25 June", NULL);          /* no year: not a full date */
    check("June 2019", NULL);
    check("2019", NULL);
    check("123456789", NULL);
    check("12345678901", NULL);
    check("25 Blah 2019", NULL);
    check("2019-06-25 and more", NULL);
    char out[32];
    assert_int_equal(px_parse_date(NULL, 5, out), 0);
}
static void test_date_never_reads_past_len(void **st)
{
    (void)st;
    char out[32];
    /* only "2019-06-2" is given: must not see the '5' */
    assert_int_equal(px_parse_date("2019-06-25", 9, out), 1);
    assert_string_equal(out, "2019-06-02");
    assert_int_equal(px_parse_date("2019-06-25", 7, out), 0);
    /* random bytes never crash */
    uint32_t x = 12345;
    for (int i = 0; i < 20000; i++) {
        char buf[24];
        size_t n = (size_t)(i % 24);
        for (size_t j = 0; j < n; j++) {
            x = x * 1103515245u + 12345u;
            const char *alpha = "0123456789-/.:, TZ+JunJuniMärz";
            buf[j] = (x >> 16) % 3 ? alpha[(x >> 8) % 30] : (char)(x >> 24);
        }
        px_parse_date(buf, n, out);
    }
}
static void test_date_month_names_shared(void **st)
{
    (void)st;
    assert_int_equal(px_month_name("Juni", 4, "de"), 6);
    assert_int_equal(px_month_name("Jun.", 4, NULL), 6);
    assert_int_equal(px_month_name("czerwca", 7, "pl"), 6);
    assert_int_equal(px_month_name("ago", 3, "en"), 0);   /* Spanish/Italian only */
    assert_int_equal(px_month_name("ago", 3, "es"), 8);
    assert_int_equal(px_weekday_name("Monday", 6, "en"), 1);
    assert_int_equal(px_weekday_name("Sonntag", 7, "de"), 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date_iso_plain),
        cmocka_unit_test(test_date_iso_utc),
        cmocka_unit_test(test_date_iso_offset_normalised),
        cmocka_unit_test(test_date_iso_local_time_kept),
        cmocka_unit_test(test_date_rfc2822),
        cmocka_unit_test(test_date_english_month_first),
        cmocka_unit_test(test_date_english_day_first),
        cmocka_unit_test(test_date_german),
        cmocka_unit_test(test_date_spanish),
        cmocka_unit_test(test_date_french),
        cmocka_unit_test(test_date_italian),
        cmocka_unit_test(test_date_turkish),
        cmocka_unit_test(test_date_polish_genitive),
        cmocka_unit_test(test_date_portuguese_dutch),
        cmocka_unit_test(test_date_arabic_russian),
        cmocka_unit_test(test_date_numeric_day_first),
        cmocka_unit_test(test_date_numeric_year_first),
        cmocka_unit_test(test_date_compact),
        cmocka_unit_test(test_date_epoch),
        cmocka_unit_test(test_date_leap_years),
        cmocka_unit_test(test_date_invalid),
        cmocka_unit_test(test_date_never_reads_past_len),
        cmocka_unit_test(test_date_month_names_shared),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
