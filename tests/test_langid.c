/*
 * test_langid.c - px_langid() and px_languages().
 *
 * The sentences below were written for this test (no shared data). Each
 * test checks one behaviour: a language is recognised, short or empty or
 * digit-only text is "und", arbitrary bytes never crash, confidence stays
 * in [0, 1], and the language list is what analyze.c can stem.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <libstemmer.h>

#include "parallax.h"

/* Identify s and return the code; checks the confidence on the way. */
static const char *lid(const char *s)
{
    double c = -1.0;
    const char *l = px_langid(s, strlen(s), &c);
    assert_non_null(l);
    assert_true(c >= 0.0 && c <= 1.0);
    return l;
}

static void test_langid_english(void **state)
{
    (void)state;
    assert_string_equal(lid("The city council voted on Monday to close the old bridge "
                            "for repairs, and drivers will have to use the ring road "
                            "until the work is finished next spring."), "en");
    assert_string_equal(lid("Shares fell sharply after the company warned that its profits "
                            "would be lower than expected this year."), "en");
}

static void test_langid_german(void **state)
{
    (void)state;
    assert_string_equal(lid("Der Stadtrat hat am Montag beschlossen, die alte Brücke für "
                            "Reparaturen zu sperren. Autofahrer müssen bis zum nächsten "
                            "Frühjahr die Umgehungsstraße benutzen."), "de");
}

static void test_langid_french(void **state)
{
    (void)state;
    assert_string_equal(lid("Le conseil municipal a décidé lundi de fermer le vieux pont pour "
                            "des travaux. Les automobilistes devront emprunter le périphérique "
                            "jusqu'au printemps prochain."), "fr");
}

static void test_langid_spanish(void **state)
{
    (void)state;
    assert_string_equal(lid("El ayuntamiento decidió el lunes cerrar el viejo puente por obras. "
                            "Los conductores tendrán que usar la circunvalación hasta la "
                            "próxima primavera."), "es");
}

static void test_langid_turkish(void **state)
{
    (void)state;
    assert_string_equal(lid("Belediye meclisi pazartesi günü eski köprünün onarım için "
                            "kapatılmasına karar verdi. Sürücüler gelecek bahara kadar çevre "
                            "yolunu kullanmak zorunda kalacak."), "tr");
    /* capitals, including the dotted capital I */
    assert_string_equal(lid("İSTANBUL'DA YAĞIŞLI HAVA ETKİSİNİ SÜRDÜRÜYOR, SÜRÜCÜLER "
                            "DİKKATLİ OLMALI"), "tr");
}

static void test_langid_polish(void **state)
{
    (void)state;
    assert_string_equal(lid("Rada miasta postanowiła w poniedziałek zamknąć stary most na czas "
                            "remontu. Kierowcy będą musieli korzystać z obwodnicy aż do "
                            "przyszłej wiosny."), "pl");
}

static void test_langid_arabic(void **state)
{
    (void)state;
    assert_string_equal(lid("قرر مجلس المدينة يوم الاثنين إغلاق الجسر القديم من أجل الإصلاحات، "
                            "وسيتعين على السائقين استخدام الطريق الدائري حتى الربيع المقبل."),
                        "ar");
}

static void test_langid_russian_vs_ukrainian(void **state)
{
    (void)state;
    assert_string_equal(lid("Городской совет в понедельник решил закрыть старый мост на ремонт. "
                            "Водителям придётся ездить по объездной дороге до следующей весны."),
                        "ru");
    assert_string_equal(lid("Міська рада в понеділок вирішила закрити старий міст на ремонт. "
                            "Водіям доведеться їздити об'їзною дорогою до наступної весни."),
                        "uk");
}

static void test_langid_chinese(void **state)
{
    (void)state;
    assert_string_equal(lid("市议会周一决定关闭旧桥进行维修，司机在明年春天之前必须使用环城公路。"), "zh");
}

static void test_langid_japanese(void **state)
{
    (void)state;
    assert_string_equal(lid("市議会は月曜日、古い橋を修理のために閉鎖することを決めた。"
                            "運転手は来年の春まで環状道路を使わなければならない。"), "ja");
}

static void test_langid_korean(void **state)
{
    (void)state;
    assert_string_equal(lid("시의회는 월요일 낡은 다리를 보수하기 위해 폐쇄하기로 결정했다. "
                            "운전자들은 내년 봄까지 순환도로를 이용해야 한다."), "ko");
}

static void test_langid_empty_is_und(void **state)
{
    (void)state;
    double c = 0.5;
    assert_string_equal(px_langid("", 0, &c), "und");
    assert_true(c == 0.0);
    assert_string_equal(px_langid(NULL, 0, &c), "und");
    assert_string_equal(px_langid("   \n\t  ", 7, NULL), "und");
    assert_string_equal(lid("a"), "und");
}

static void test_langid_digits_only_is_und(void **state)
{
    (void)state;
    double c = 0.5;
    const char *s = "2019-06-25 12:30 +49 (0)30 1234567 28,500 3.5% ... !!! ---";
    assert_string_equal(px_langid(s, strlen(s), &c), "und");
    assert_true(c == 0.0);
    /* a URL and an e-mail address carry no language either */
    assert_string_equal(lid("https://www.example.com/news/2019/06/25/article-12345.html "
                            "info@example.com 2019"), "und");
}

static void test_langid_invalid_bytes_no_crash(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "\xff\xfe\xfd", "\xc3", "abc\xe2\x82", "\xf0\x9f\x98", "\xed\xa0\x80 surrogate",
        "\xc0\xaf overlong", "\x80\x80\x80\x80", "ok \xf4\x90\x80\x80 beyond U+10FFFF",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        (void)lid(bad[i]);

    /* pseudo-random buffers of every length up to 300, then long ones; the
     * allocation is exact so that a read past the end trips ASan */
    uint32_t x = 12345;
    for (size_t len = 1; len < 2000; len += (len < 300 ? 1 : 97)) {
        unsigned char *buf = malloc(len);
        assert_non_null(buf);
        for (int round = 0; round < 4; round++) {
            for (size_t i = 0; i < len; i++) {
                x = x * 1103515245u + 12345u;
                unsigned char b = (unsigned char)(x >> 16);
                /* mix in plenty of lead bytes and letters */
                buf[i] = round == 0 ? b : round == 1 ? (unsigned char)(0xC0 | (b & 0x3F))
                       : round == 2 ? (unsigned char)('a' + b % 26) : (unsigned char)(0x80 | (b & 0x7F));
            }
            double c = -1;
            const char *l = px_langid((const char *)buf, len, &c);
            assert_non_null(l);
            assert_true(c >= 0.0 && c <= 1.0);
        }
        free(buf);
    }

    /* a text far longer than the sample */
    size_t big = 200000;
    char *t = malloc(big);
    assert_non_null(t);
    for (size_t i = 0; i < big; i++)
        t[i] = "the quick brown fox jumps over the lazy dog "[i % 44];
    assert_string_equal(px_langid(t, big, NULL), "en");
    free(t);
}

static void test_langid_confidence_range(void **state)
{
    (void)state;
    double c = -1;
    const char *s = "The minister said the new law would protect workers and their "
                    "families, but the opposition called it a political stunt before "
                    "the election and promised to repeal it if they win.";
    assert_string_equal(px_langid(s, strlen(s), &c), "en");
    assert_true(c > 0.5 && c <= 1.0);
    double c_short = -1;
    assert_string_equal(px_langid("the", 3, &c_short), "en");
    assert_true(c_short >= 0.0 && c_short < c);
    c = -1;
    assert_string_equal(px_langid("日本", strlen("日本"), &c), "zh");
    assert_true(c >= 0.0 && c <= 1.0);
    c = -1;
    assert_string_equal(px_langid("42", 2, &c), "und");
    assert_true(c == 0.0);
}

static void test_languages_list_has_en_and_is_null_terminated(void **state)
{
    (void)state;
    const char *const *l = px_languages();
    assert_non_null(l);
    int n = 0, has_en = 0;
    for (; l[n]; n++) {
        assert_true(n < 200);
        assert_int_equal(strlen(l[n]), 2);
        if (!strcmp(l[n], "en")) has_en = 1;
        /* every language listed has a Snowball stemmer here */
        struct sb_stemmer *st = sb_stemmer_new(l[n], NULL);
        assert_non_null(st);
        sb_stemmer_delete(st);
    }
    assert_true(has_en);
    assert_true(n >= 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_langid_english),
        cmocka_unit_test(test_langid_german),
        cmocka_unit_test(test_langid_french),
        cmocka_unit_test(test_langid_spanish),
        cmocka_unit_test(test_langid_turkish),
        cmocka_unit_test(test_langid_polish),
        cmocka_unit_test(test_langid_arabic),
        cmocka_unit_test(test_langid_russian_vs_ukrainian),
        cmocka_unit_test(test_langid_chinese),
        cmocka_unit_test(test_langid_japanese),
        cmocka_unit_test(test_langid_korean),
        cmocka_unit_test(test_langid_empty_is_und),
        cmocka_unit_test(test_langid_digits_only_is_und),
        cmocka_unit_test(test_langid_invalid_bytes_no_crash),
        cmocka_unit_test(test_langid_confidence_range),
        cmocka_unit_test(test_languages_list_has_en_and_is_null_terminated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
