/*
 * date.c - dates as news carries them, and the month and weekday names the
 * analyse stage shares.
 *
 * px_parse_date() turns one date string into ISO 8601:
 *   2019-06-25            2019-06-25T10:00:00Z        2019/06/25  2019.06.25
 *   20190625              1561456800 (unix seconds, 10 digits)
 *   Tue, 25 Jun 2019 10:00:00 GMT  (RFC 2822, named or numeric zones)
 *   June 25, 2019   Jun. 25th, 2019   25 June 2019   25. Juni 2019
 *   25 de junio de 2019   25 juin 2019   25 czerwca 2019 r.   25 Haziran 2019
 *   25/06/2019  25.06.2019  25-06-2019  (day first unless that is impossible)
 * A time is kept: with a zone it is normalised to UTC ("...T01:00:00Z"),
 * without one it is written as given ("...T10:00:00"). Month names come in
 * en, de, fr, es, it, pt, nl, pl, tr, ar, ru, sv, da, no, fi.
 *
 * Guarantees: never reads past len, never writes more than 32 bytes, checks
 * every range (no 31 February, no hour 25); anything it does not fully
 * understand gives 0. The tables are static const; the only state is a
 * hash index of the name tables, built once (pthread_once) and only read
 * after, so any thread may call any function here.
 */
#include "internal.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

/* A month or weekday name: lower-case UTF-8, its number (month 1..12,
 * weekday 1 = Monday .. 7), and a bit per language using it (see
 * date_langs). The tables are sorted by bytes; they are
 * generated, one name per language form, nominative and genitive forms
 * alike (Polish "czerwca", Russian "июня"). */
struct date_word {
    const char *w;
    uint8_t num;
    uint16_t langs;
};

/* Languages of the name tables, in bit order. */
static const char *const date_langs[] = {
    "en", "de", "fr", "es", "it", "pt", "nl", "pl", "tr", "ar", "ru",
    "sv", "da", "no", "fi"
};

static const struct date_word month_names[] = {
    {"abr", 4, 0x0028},
    {"abril", 4, 0x0028},
    {"ago", 8, 0x0038},
    {"agosto", 8, 0x0038},
    {"agustos", 8, 0x0100},
    {"aout", 8, 0x0004},
    {"août", 8, 0x0004},
    {"apr", 4, 0x0053},
    {"april", 4, 0x3843},
    {"aprile", 4, 0x0010},
    {"aralik", 12, 0x0100},
    {"aralık", 12, 0x0100},
    {"aug", 8, 0x0043},
    {"august", 8, 0x3003},
    {"augusti", 8, 0x0800},
    {"augustus", 8, 0x0040},
    {"avr", 4, 0x0004},
    {"avril", 4, 0x0004},
    {"ağustos", 8, 0x0100},
    {"cze", 6, 0x0080},
    {"czerwca", 6, 0x0080},
    {"czerwcu", 6, 0x0080},
    {"czerwiec", 6, 0x0080},
    {"dec", 12, 0x0041},
    {"december", 12, 0x1841},
    {"decembre", 12, 0x0004},
    {"desember", 12, 0x2000},
    {"dez", 12, 0x0022},
    {"dezember", 12, 0x0002},
    {"dezembro", 12, 0x0020},
    {"dic", 12, 0x0018},
    {"dicembre", 12, 0x0010},
    {"diciembre", 12, 0x0008},
    {"déc", 12, 0x0004},
    {"décembre", 12, 0x0004},
    {"ekim", 10, 0x0100},
    {"elokuu", 8, 0x4000},
    {"elokuuta", 8, 0x4000},
    {"ene", 1, 0x0008},
    {"enero", 1, 0x0008},
    {"eylul", 9, 0x0100},
    {"eylül", 9, 0x0100},
    {"feb", 2, 0x005b},
    {"febbraio", 2, 0x0010},
    {"febrero", 2, 0x0008},
    {"februar", 2, 0x3002},
    {"februari", 2, 0x0840},
    {"february", 2, 0x0001},
    {"fev", 2, 0x0020},
    {"fevereiro", 2, 0x0020},
    {"fevrier", 2, 0x0004},
    {"fév", 2, 0x0004},
    {"févr", 2, 0x0004},
    {"février", 2, 0x0004},
    {"gen", 1, 0x0010},
    {"gennaio", 1, 0x0010},
    {"giu", 6, 0x0010},
    {"giugno", 6, 0x0010},
    {"gru", 12, 0x0080},
    {"grudnia", 12, 0x0080},
    {"grudniu", 12, 0x0080},
    {"grudzień", 12, 0x0080},
    {"haziran", 6, 0x0100},
    {"heinäkuu", 7, 0x4000},
    {"heinäkuuta", 7, 0x4000},
    {"helmikuu", 2, 0x4000},
    {"helmikuuta", 2, 0x4000},
    {"huhtikuu", 4, 0x4000},
    {"huhtikuuta", 4, 0x4000},
    {"jan", 1, 0x0063},
    {"janeiro", 1, 0x0020},
    {"januar", 1, 0x3002},
    {"januari", 1, 0x0840},
    {"january", 1, 0x0001},
    {"janv", 1, 0x0004},
    {"janvier", 1, 0x0004},
    {"joulukuu", 12, 0x4000},
    {"joulukuuta", 12, 0x4000},
    {"juil", 7, 0x0004},
    {"juillet", 7, 0x0004},
    {"juin", 6, 0x0004},
    {"jul", 7, 0x006b},
    {"julho", 7, 0x0020},
    {"juli", 7, 0x3842},
    {"julio", 7, 0x0008},
    {"july", 7, 0x0001},
    {"jun", 6, 0x006b},
    {"june", 6, 0x0001},
    {"junho", 6, 0x0020},
    {"juni", 6, 0x3842},
    {"junio", 6, 0x0008},
    {"jänner", 1, 0x0002},
    {"kasim", 11, 0x0100},
    {"kasım", 11, 0x0100},
    {"kesäkuu", 6, 0x4000},
    {"kesäkuuta", 6, 0x4000},
    {"kwi", 4, 0x0080},
    {"kwiecień", 4, 0x0080},
    {"kwietnia", 4, 0x0080},
    {"kwietniu", 4, 0x0080},
    {"lip", 7, 0x0080},
    {"lipca", 7, 0x0080},
    {"lipcu", 7, 0x0080},
    {"lipiec", 7, 0x0080},
    {"lis", 11, 0x0080},
    {"listopad", 11, 0x0080},
    {"listopada", 11, 0x0080},
    {"listopadzie", 11, 0x0080},
    {"lokakuu", 10, 0x4000},
    {"lokakuuta", 10, 0x4000},
    {"lug", 7, 0x0010},
    {"luglio", 7, 0x0010},
    {"lut", 2, 0x0080},
    {"lutego", 2, 0x0080},
    {"luty", 2, 0x0080},
    {"lutym", 2, 0x0080},
    {"maaliskuu", 3, 0x4000},
    {"maaliskuuta", 3, 0x4000},
    {"maart", 3, 0x0040},
    {"maerz", 3, 0x0002},
    {"mag", 5, 0x0010},
    {"maggio", 5, 0x0010},
    {"mai", 5, 0x2026},
    {"maio", 5, 0x0020},
    {"maj", 5, 0x1880},
    {"maja", 5, 0x0080},
    {"maju", 5, 0x0080},
    {"mar", 3, 0x00b9},
    {"marca", 3, 0x0080},
    {"march", 3, 0x0001},
    {"marco", 3, 0x0020},
    {"marcu", 3, 0x0080},
    {"marraskuu", 11, 0x4000},
    {"marraskuuta", 11, 0x4000},
    {"mars", 3, 0x2804},
    {"mart", 3, 0x0100},
    {"marts", 3, 0x1000},
    {"marzec", 3, 0x0080},
    {"marzo", 3, 0x0018},
    {"março", 3, 0x0020},
    {"may", 5, 0x0009},
    {"mayis", 5, 0x0100},
    {"mayo", 5, 0x0008},
    {"mayıs", 5, 0x0100},
    {"mei", 5, 0x0040},
    {"mrt", 3, 0x0040},
    {"mrz", 3, 0x0002},
    {"mär", 3, 0x0002},
    {"märz", 3, 0x0002},
    {"nisan", 4, 0x0100},
    {"nov", 11, 0x007f},
    {"november", 11, 0x3843},
    {"novembre", 11, 0x0014},
    {"novembro", 11, 0x0020},
    {"noviembre", 11, 0x0008},
    {"ocak", 1, 0x0100},
    {"oct", 10, 0x000d},
    {"october", 10, 0x0001},
    {"octobre", 10, 0x0004},
    {"octubre", 10, 0x0008},
    {"okt", 10, 0x0042},
    {"oktober", 10, 0x3842},
    {"ott", 10, 0x0010},
    {"ottobre", 10, 0x0010},
    {"out", 10, 0x0020},
    {"outubro", 10, 0x0020},
    {"paź", 10, 0x0080},
    {"październik", 10, 0x0080},
    {"października", 10, 0x0080},
    {"październiku", 10, 0x0080},
    {"sep", 9, 0x004b},
    {"sept", 9, 0x004f},
    {"september", 9, 0x3843},
    {"septembre", 9, 0x0004},
    {"septiembre", 9, 0x0008},
    {"set", 9, 0x0030},
    {"setembro", 9, 0x0020},
    {"setiembre", 9, 0x0008},
    {"settembre", 9, 0x0010},
    {"sie", 8, 0x0080},
    {"sierpień", 8, 0x0080},
    {"sierpnia", 8, 0x0080},
    {"sierpniu", 8, 0x0080},
    {"sty", 1, 0x0080},
    {"styczeń", 1, 0x0080},
    {"stycznia", 1, 0x0080},
    {"styczniu", 1, 0x0080},
    {"subat", 2, 0x0100},
    {"syyskuu", 9, 0x4000},
    {"syyskuuta", 9, 0x4000},
    {"tammikuu", 1, 0x4000},
    {"tammikuuta", 1, 0x4000},
    {"temmuz", 7, 0x0100},
    {"toukokuu", 5, 0x4000},
    {"toukokuuta", 5, 0x4000},
    {"wrz", 9, 0x0080},
    {"wrzesień", 9, 0x0080},
    {"września", 9, 0x0080},
    {"wrześniu", 9, 0x0080},
    {"şubat", 2, 0x0100},
    {"август", 8, 0x0400},
    {"августа", 8, 0x0400},
    {"апрель", 4, 0x0400},
    {"апреля", 4, 0x0400},
    {"декабрь", 12, 0x0400},
    {"декабря", 12, 0x0400},
    {"июль", 7, 0x0400},
    {"июля", 7, 0x0400},
    {"июнь", 6, 0x0400},
    {"июня", 6, 0x0400},
    {"май", 5, 0x0400},
    {"март", 3, 0x0400},
    {"марта", 3, 0x0400},
    {"мая", 5, 0x0400},
    {"ноябрь", 11, 0x0400},
    {"ноября", 11, 0x0400},
    {"октябрь", 10, 0x0400},
    {"октября", 10, 0x0400},
    {"сентябрь", 9, 0x0400},
    {"сентября", 9, 0x0400},
    {"февраль", 2, 0x0400},
    {"февраля", 2, 0x0400},
    {"январь", 1, 0x0400},
    {"января", 1, 0x0400},
    {"أبريل", 4, 0x0200},
    {"أغسطس", 8, 0x0200},
    {"أكتوبر", 10, 0x0200},
    {"إبريل", 4, 0x0200},
    {"ابريل", 4, 0x0200},
    {"اغسطس", 8, 0x0200},
    {"اكتوبر", 10, 0x0200},
    {"ديسمبر", 12, 0x0200},
    {"سبتمبر", 9, 0x0200},
    {"فبراير", 2, 0x0200},
    {"مارس", 3, 0x0200},
    {"مايو", 5, 0x0200},
    {"نوفمبر", 11, 0x0200},
    {"يناير", 1, 0x0200},
    {"يولية", 7, 0x0200},
    {"يوليو", 7, 0x0200},
    {"يونية", 6, 0x0200},
    {"يونيو", 6, 0x0200},
};
static const struct date_word weekday_names[] = {
    {"cuma", 5, 0x0100},
    {"cumartesi", 6, 0x0100},
    {"czwartek", 4, 0x0080},
    {"dienstag", 2, 0x0002},
    {"dimanche", 7, 0x0004},
    {"dinsdag", 2, 0x0040},
    {"domenica", 7, 0x0010},
    {"domingo", 7, 0x0028},
    {"donderdag", 4, 0x0040},
    {"donnerstag", 4, 0x0002},
    {"fredag", 5, 0x3800},
    {"freitag", 5, 0x0002},
    {"friday", 5, 0x0001},
    {"giovedi", 4, 0x0010},
    {"giovedì", 4, 0x0010},
    {"jeudi", 4, 0x0004},
    {"jueves", 4, 0x0008},
    {"keskiviikko", 3, 0x4000},
    {"lauantai", 6, 0x4000},
    {"lundi", 1, 0x0004},
    {"lunedi", 1, 0x0010},
    {"lunedì", 1, 0x0010},
    {"lunes", 1, 0x0008},
    {"lördag", 6, 0x0800},
    {"lørdag", 6, 0x3000},
    {"maanantai", 1, 0x4000},
    {"maandag", 1, 0x0040},
    {"mandag", 1, 0x3000},
    {"mardi", 2, 0x0004},
    {"martedi", 2, 0x0010},
    {"martedì", 2, 0x0010},
    {"martes", 2, 0x0008},
    {"mercoledi", 3, 0x0010},
    {"mercoledì", 3, 0x0010},
    {"mercredi", 3, 0x0004},
    {"miercoles", 3, 0x0008},
    {"mittwoch", 3, 0x0002},
    {"miércoles", 3, 0x0008},
    {"monday", 1, 0x0001},
    {"montag", 1, 0x0002},
    {"måndag", 1, 0x0800},
    {"niedziela", 7, 0x0080},
    {"niedzielę", 7, 0x0080},
    {"onsdag", 3, 0x3800},
    {"pazar", 7, 0x0100},
    {"pazartesi", 1, 0x0100},
    {"perjantai", 5, 0x4000},
    {"perşembe", 4, 0x0100},
    {"piątek", 5, 0x0080},
    {"poniedziałek", 1, 0x0080},
    {"quarta-feira", 3, 0x0020},
    {"quinta-feira", 4, 0x0020},
    {"sabado", 6, 0x0008},
    {"sabato", 6, 0x0010},
    {"salı", 2, 0x0100},
    {"samedi", 6, 0x0004},
    {"samstag", 6, 0x0002},
    {"saturday", 6, 0x0001},
    {"segunda-feira", 1, 0x0020},
    {"sexta-feira", 5, 0x0020},
    {"sobota", 6, 0x0080},
    {"sobotę", 6, 0x0080},
    {"sonnabend", 6, 0x0002},
    {"sonntag", 7, 0x0002},
    {"sunday", 7, 0x0001},
    {"sunnuntai", 7, 0x4000},
    {"sábado", 6, 0x0028},
    {"söndag", 7, 0x0800},
    {"søndag", 7, 0x3000},
    {"terça-feira", 2, 0x0020},
    {"thursday", 4, 0x0001},
    {"tiistai", 2, 0x4000},
    {"tirsdag", 2, 0x3000},
    {"tisdag", 2, 0x0800},
    {"torsdag", 4, 0x3800},
    {"torstai", 4, 0x4000},
    {"tuesday", 2, 0x0001},
    {"vendredi", 5, 0x0004},
    {"venerdi", 5, 0x0010},
    {"venerdì", 5, 0x0010},
    {"viernes", 5, 0x0008},
    {"vrijdag", 5, 0x0040},
    {"wednesday", 3, 0x0001},
    {"woensdag", 3, 0x0040},
    {"wtorek", 2, 0x0080},
    {"zaterdag", 6, 0x0040},
    {"zondag", 7, 0x0040},
    {"çarşamba", 3, 0x0100},
    {"środa", 3, 0x0080},
    {"środę", 3, 0x0080},
    {"воскресенье", 7, 0x0400},
    {"вторник", 2, 0x0400},
    {"понедельник", 1, 0x0400},
    {"пятница", 5, 0x0400},
    {"пятницу", 5, 0x0400},
    {"среда", 3, 0x0400},
    {"среду", 3, 0x0400},
    {"суббота", 6, 0x0400},
    {"субботу", 6, 0x0400},
    {"четверг", 4, 0x0400},
    {"الأحد", 7, 0x0200},
    {"الأربعاء", 3, 0x0200},
    {"الإثنين", 1, 0x0200},
    {"الاثنين", 1, 0x0200},
    {"الاحد", 7, 0x0200},
    {"الاربعاء", 3, 0x0200},
    {"الثلاثاء", 2, 0x0200},
    {"الجمعة", 5, 0x0200},
    {"الخميس", 4, 0x0200},
    {"السبت", 6, 0x0200},
};

/* ------------------------------------------------------------ names */

/* The bit of lang in the name tables' language masks. NULL, "und" and
 * languages without tables get every bit, so text of unknown language
 * matches a name of any language. */
static unsigned lang_mask(const char *lang)
{
    if (!lang || !lang[0] || !lang[1] || lang[2]) return 0xFFFFu;
    if (lang[0] == 'n' && (lang[1] == 'b' || lang[1] == 'n')) lang = "no";
    for (size_t i = 0; i < sizeof date_langs / sizeof *date_langs; i++)
        if (lang[0] == date_langs[i][0] && lang[1] == date_langs[i][1]) return 1u << i;
    return 0xFFFFu;
}

/* Lower-case the UTF-8 word w[0..len) into out (cap bytes, NUL-ended),
 * dropping one final '.' ("Jun." -> "jun"). Returns the length written, or
 * -1 when the word is empty, does not fit or is not valid UTF-8. */
static int lower_word(const char *w, size_t len, char *out, size_t cap)
{
    if (len && w[len - 1] == '.') len--;
    if (len == 0 || len >= cap) return -1;
    size_t i = 0, o = 0;
    while (i < len) {
        unsigned char c = (unsigned char)w[i];
        if (c < 0x80) {
            out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            i++;
        } else {
            utf8proc_int32_t cp;
            utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)w + i,
                                                  (utf8proc_ssize_t)(len - i), &cp);
            if (n <= 0) return -1;
            if (o + 4 >= cap) return -1;
            o += (size_t)utf8proc_encode_char(utf8proc_tolower(cp), (utf8proc_uint8_t *)out + o);
            i += (size_t)n;
        }
        if (o + 1 >= cap) return -1;
    }
    out[o] = '\0';
    return (int)o;
}

/* Hash indexes of the name tables: open addressing, slot -> entry + 1
 * (0 empty), at most a quarter full, so nearly every word that is no name
 * (most words the analyser asks about) is told so by one empty slot. */
#define NAME_SLOTS 1024
#define N_MONTHS (sizeof month_names / sizeof *month_names)
#define N_WEEKDAYS (sizeof weekday_names / sizeof *weekday_names)
_Static_assert(N_MONTHS * 4 <= NAME_SLOTS && N_WEEKDAYS * 4 <= NAME_SLOTS,
               "the name indexes stay at most a quarter full");
static uint16_t month_index[NAME_SLOTS], weekday_index[NAME_SLOTS];
/* The first letters of the names (code points below FIRST_CPS; a name
 * starting higher sets first_high), so that most words are turned away
 * after lower-casing one letter rather than all of them. */
#define FIRST_CPS 0x800
static uint8_t month_first[FIRST_CPS / 8], weekday_first[FIRST_CPS / 8];
static bool month_first_high, weekday_first_high;
static pthread_once_t name_index_once = PTHREAD_ONCE_INIT;

/* FNV-1a of w[0..n), the slot of a name. */
static uint32_t name_slot(const char *w, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)w[i]) * 16777619u;
    return (h ^ (h >> 15)) & (NAME_SLOTS - 1);
}

static void index_names(const struct date_word *t, size_t n, uint16_t *ix, uint8_t *first,
                        bool *high)
{
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(t[i].w);
        uint32_t s = name_slot(t[i].w, len);
        while (ix[s]) s = (s + 1) & (NAME_SLOTS - 1);
        ix[s] = (uint16_t)(i + 1);
        utf8proc_int32_t cp = -1;
        utf8proc_iterate((const utf8proc_uint8_t *)t[i].w, (utf8proc_ssize_t)len, &cp);
        if (cp >= 0 && cp < FIRST_CPS) first[cp / 8] |= (uint8_t)(1u << (cp % 8));
        else *high = true;
    }
}

static void build_name_indexes(void)
{
    index_names(month_names, N_MONTHS, month_index, month_first, &month_first_high);
    index_names(weekday_names, N_WEEKDAYS, weekday_index, weekday_first, &weekday_first_high);
}

/* Could the word w[0..len) lower-case to a name of a table whose first
 * letters are first and *high? Its first letter, lower-cased as
 * lower_word does it, tells. */
static bool first_letter_fits(const char *w, size_t len, const uint8_t *first, const bool *high)
{
    utf8proc_int32_t cp;
    unsigned char c = len ? (unsigned char)w[0] : 0;
    if (c < 0x80) {
        cp = c >= 'A' && c <= 'Z' ? c + 32 : c;
    } else {
        if (utf8proc_iterate((const utf8proc_uint8_t *)w, (utf8proc_ssize_t)len, &cp) <= 0)
            return false;
        cp = utf8proc_tolower(cp);
    }
    if (cp >= FIRST_CPS) return *high;
    return (first[cp / 8] >> (cp % 8)) & 1;
}

/* Look w[0..len) up, in any case, in the name table t (no two entries
 * alike) through its index ix, first letters first. Returns the entry's
 * number when it is a name of lang, else 0. */
static int lookup(const struct date_word *t, const uint16_t *ix, const uint8_t *first,
                  const bool *high, const char *w, size_t len, const char *lang)
{
    pthread_once(&name_index_once, build_name_indexes);
    if (!first_letter_fits(w, len, first, high)) return 0;
    char buf[48];
    int n = lower_word(w, len, buf, sizeof buf);
    if (n < 0) return 0;
    for (uint32_t s = name_slot(buf, (size_t)n); ix[s]; s = (s + 1) & (NAME_SLOTS - 1)) {
        const struct date_word *e = &t[ix[s] - 1];
        if (strcmp(buf, e->w) == 0) return (e->langs & lang_mask(lang)) ? e->num : 0;
    }
    return 0;
}

int px_month_name(const char *w, size_t len, const char *lang)
{
    return lookup(month_names, month_index, month_first, &month_first_high, w, len, lang);
}

int px_weekday_name(const char *w, size_t len, const char *lang)
{
    return lookup(weekday_names, weekday_index, weekday_first, &weekday_first_high,
                  w, len, lang);
}

/* ------------------------------------------------------------ calendar */

bool px_valid_ymd(int y, int m, int d)
{
    static const uint8_t dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= dim[m - 1] + (m == 2 ? leap : 0);
}

/* Days since 1970-01-01 (proleptic Gregorian; H. Hinnant's algorithm). */
int64_t px_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void px_civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* ------------------------------------------------------------ parsing */

/* The parser first cuts the string into items: digit runs, letter runs
 * (any byte >= 0x80 counts as a letter) and single punctuation bytes. */
enum { IT_NUM, IT_WORD, IT_PUNCT };
typedef struct item {
    int type;
    const char *s;
    size_t len;
    int64_t v;      /* value of a digit run (at most 10 digits) */
} item;

#define MAX_ITEMS 40

/* Cut s[0..len) into at most MAX_ITEMS items. Returns how many, or -1 when
 * there are too many or a digit run is too long to be part of a date. */
static int lex(const char *s, size_t len, item *it)
{
    int n = 0;
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') { i++; continue; }
        if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0) { i += 2; continue; }
        if (n == MAX_ITEMS) return -1;
        item *t = &it[n++];
        t->s = s + i;
        t->v = 0;
        size_t j = i;
        if (c >= '0' && c <= '9') {
            t->type = IT_NUM;
            while (j < len && s[j] >= '0' && s[j] <= '9') {
                if (j - i >= 10) return -1;
                t->v = t->v * 10 + (s[j] - '0');
                j++;
            }
        } else if (((c | 32) >= 'a' && (c | 32) <= 'z') || c >= 0x80) {
            t->type = IT_WORD;
            while (j < len) {
                unsigned char d = (unsigned char)s[j];
                if (!(((d | 32) >= 'a' && (d | 32) <= 'z') || d >= 0x80)) break;
                if (d == 0xC2 && j + 1 < len && (unsigned char)s[j + 1] == 0xA0) break;
                j++;
            }
        } else {
            t->type = IT_PUNCT;
            j = i + 1;
        }
        t->len = j - i;
        i = j;
    }
    return n;
}

/* Does item t spell word w (ASCII, lower case) in any case? */
static bool is_word(const item *t, const char *w)
{
    size_t n = strlen(w);
    if (t->type != IT_WORD || t->len != n) return false;
    for (size_t i = 0; i < n; i++) {
        char c = t->s[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        if (c != w[i]) return false;
    }
    return true;
}

static bool is_punct(const item *t, char c)
{
    return t->type == IT_PUNCT && t->s[0] == c;
}

/* A digit run of exactly nd digits (nd 0: one or two digits). */
static bool is_num(const item *t, int nd)
{
    if (t->type != IT_NUM) return false;
    return nd ? t->len == (size_t)nd : t->len <= 2;
}

/* The month an item names (1..12, any language), 0 when none. */
static int item_month(const item *t)
{
    return t->type == IT_WORD ? px_month_name(t->s, t->len, NULL) : 0;
}

/* Words that may sit between the parts of a date: "25 de junio de 2019",
 * "25th of June", "le 25 juin", "am 25. Juni", "on June 25". */
static bool is_filler(const item *t)
{
    static const char *const w[] = {"de", "del", "of", "the", "le", "el", "am",
                                    "on", "den", "der", "il", "op", "em", "do",
                                    "du", "di"};
    for (size_t i = 0; i < sizeof w / sizeof *w; i++)
        if (is_word(t, w[i])) return true;
    return false;
}

/* Ordinal endings after a day number: 25th, 1st, 1er, 1º. */
static bool is_ordinal(const item *t)
{
    return is_word(t, "st") || is_word(t, "nd") || is_word(t, "rd") ||
           is_word(t, "th") || is_word(t, "er") ||
           (t->type == IT_WORD && t->len == 2 && (unsigned char)t->s[0] == 0xC2 &&
            ((unsigned char)t->s[1] == 0xBA || (unsigned char)t->s[1] == 0xAA));
}

/* Offset of a named time zone in minutes east of UTC; 1 when it is a
 * name we know, 0 when not. */
static int zone_name(const item *t, int *min)
{
    static const struct { const char *n; int m; } z[] = {
        {"z", 0}, {"gmt", 0}, {"ut", 0}, {"utc", 0}, {"wet", 0},
        {"bst", 60}, {"cet", 60}, {"met", 60}, {"mez", 60}, {"west", 60},
        {"cest", 120}, {"mesz", 120}, {"eet", 120}, {"eest", 180},
        {"msk", 180}, {"trt", 180}, {"ast", 180}, {"gst", 240},
        {"hkt", 480}, {"sgt", 480}, {"jst", 540}, {"kst", 540},
        {"aest", 600}, {"aedt", 660},
        {"est", -300}, {"edt", -240}, {"cst", -360}, {"cdt", -300},
        {"mst", -420}, {"mdt", -360}, {"pst", -480}, {"pdt", -420},
    };
    for (size_t i = 0; i < sizeof z / sizeof *z; i++)
        if (is_word(t, z[i].n)) { *min = z[i].m; return 1; }
    return 0;
}

typedef struct when {
    int y, mo, d, h, mi, s;
    bool time, zone;
    int zone_min;
} when;

/* Parse "+09:00", "+0900", "+09", "-05:00" at it[*p]; the sign item is
 * it[*p]. Returns false (p unchanged) when it is not a numeric zone. */
static bool numeric_zone(const item *it, int n, int *p, when *w)
{
    int i = *p;
    if (i + 1 >= n || !(is_punct(&it[i], '+') || is_punct(&it[i], '-'))) return false;
    int sign = is_punct(&it[i], '-') ? -1 : 1;
    const item *a = &it[i + 1];
    int hh, mm = 0;
    if (a->type == IT_NUM && a->len == 4) {
        hh = (int)(a->v / 100); mm = (int)(a->v % 100); i += 2;
    } else if (a->type == IT_NUM && a->len == 2) {
        hh = (int)a->v; i += 2;
        if (i + 1 < n && is_punct(&it[i], ':') && is_num(&it[i + 1], 2)) {
            mm = (int)it[i + 1].v; i += 2;
        }
    } else {
        return false;
    }
    if (hh > 14 || mm > 59) return false;
    w->zone = true;
    w->zone_min = sign * (hh * 60 + mm);
    *p = i;
    return true;
}

/* The date part at it[*p]: numeric Y-M-D, D/M/Y (M/D/Y when the day-first
 * reading is impossible), "25. Juni 2019", "June 25th, 2019". Moves *p past
 * it; false when there is no date there. */
static bool date_part(const item *it, int n, int *p, when *w)
{
    int i = *p;
    /* Y-M-D, Y/M/D, Y.M.D */
    if (i + 4 < n && is_num(&it[i], 4) && it[i + 1].type == IT_PUNCT &&
        strchr("-/.", it[i + 1].s[0]) && is_num(&it[i + 2], 0) &&
        is_punct(&it[i + 3], it[i + 1].s[0]) && is_num(&it[i + 4], 0)) {
        w->y = (int)it[i].v; w->mo = (int)it[i + 2].v; w->d = (int)it[i + 4].v;
        *p = i + 5;
        return true;
    }
    /* D/M/Y, D.M.Y, D-M-Y */
    if (i + 4 < n && is_num(&it[i], 0) && it[i + 1].type == IT_PUNCT &&
        strchr("-/.", it[i + 1].s[0]) && is_num(&it[i + 2], 0) &&
        is_punct(&it[i + 3], it[i + 1].s[0]) && is_num(&it[i + 4], 4)) {
        int a = (int)it[i].v, b = (int)it[i + 2].v;
        w->y = (int)it[i + 4].v;
        if (b > 12 && a <= 12) { w->mo = a; w->d = b; }
        else { w->d = a; w->mo = b; }
        *p = i + 5;
        return true;
    }
    /* D[.][th] [de|of] Month[.][,] [de|del] YYYY */
    if (is_num(&it[i], 0)) {
        int j = i + 1;
        if (j < n && is_punct(&it[j], '.')) j++;
        if (j < n && is_ordinal(&it[j])) j++;
        if (j < n && is_filler(&it[j])) j++;
        int mo = j < n ? item_month(&it[j]) : 0;
        if (!mo) return false;
        j++;
        if (j < n && is_punct(&it[j], '.')) j++;
        if (j < n && is_punct(&it[j], ',')) j++;
        if (j < n && is_filler(&it[j])) j++;
        if (j >= n || !is_num(&it[j], 4)) return false;
        w->d = (int)it[i].v; w->mo = mo; w->y = (int)it[j].v;
        *p = j + 1;
        return true;
    }
    /* Month[.] D[th][,] YYYY */
    int mo = item_month(&it[i]);
    if (mo) {
        int j = i + 1;
        if (j < n && is_punct(&it[j], '.')) j++;
        if (j >= n || !is_num(&it[j], 0)) return false;
        int d = (int)it[j].v;
        j++;
        if (j < n && is_ordinal(&it[j])) j++;
        if (j < n && is_punct(&it[j], ',')) j++;
        if (j >= n || !is_num(&it[j], 4)) return false;
        w->d = d; w->mo = mo; w->y = (int)it[j].v;
        *p = j + 1;
        return true;
    }
    return false;
}

/* The optional time after a date: [T|,|at|um|à|o|saat] HH:MM[:SS[.frac]]
 * [am|pm] [zone]. Moves *p past what it reads; false when something is
 * there that is not a time. */
static bool time_part(const item *it, int n, int *p, when *w)
{
    int i = *p;
    if (i < n && (is_word(&it[i], "t") || is_punct(&it[i], ',') || is_word(&it[i], "at") ||
                  is_word(&it[i], "um") || is_word(&it[i], "o") || is_word(&it[i], "saat") ||
                  is_word(&it[i], "a") || is_word(&it[i], "alle") ||
                  (it[i].type == IT_WORD && it[i].len == 2 && !memcmp(it[i].s, "\xC3\xA0", 2))))
        i++;
    if (!(i + 2 < n && is_num(&it[i], 0) && is_punct(&it[i + 1], ':') && is_num(&it[i + 2], 2)))
        return i == *p || is_punct(&it[*p], ',');   /* no time: a lone ',' is harmless */
    w->h = (int)it[i].v; w->mi = (int)it[i + 2].v; w->s = 0;
    i += 3;
    if (i + 1 < n && is_punct(&it[i], ':') && is_num(&it[i + 1], 2)) {
        w->s = (int)it[i + 1].v;
        i += 2;
        if (i + 1 < n && (is_punct(&it[i], '.') || is_punct(&it[i], ',')) && it[i + 1].type == IT_NUM)
            i += 2;   /* fractions of a second are dropped */
    }
    if (i < n && (is_word(&it[i], "am") || is_word(&it[i], "pm"))) {
        if (w->h < 1 || w->h > 12) return false;
        w->h = w->h % 12 + (is_word(&it[i], "pm") ? 12 : 0);
        i++;
    }
    if (w->h > 23 || w->mi > 59 || w->s > 60) return false;
    w->time = true;
    if (i < n && is_word(&it[i], "uhr")) i++;
    int zm;
    if (i < n && zone_name(&it[i], &zm)) {
        w->zone = true;
        w->zone_min = zm;
        i++;
        if (is_word(&it[i - 1], "gmt") || is_word(&it[i - 1], "utc")) {
            w->zone_min = 0;
            numeric_zone(it, n, &i, w);   /* "GMT+2" */
        }
    } else {
        numeric_zone(it, n, &i, w);
    }
    *p = i;
    return true;
}

/* Write w as ISO 8601 into out: a date, a local time, or a UTC time when
 * the zone is known. Returns 1, or 0 when a range is wrong. */
static int format_when(const when *w, char out[32])
{
    if (w->y < 1000 || !px_valid_ymd(w->y, w->mo, w->d)) return 0;
    if (!w->time) {
        snprintf(out, 32, "%04d-%02d-%02d", w->y, w->mo, w->d);
        return 1;
    }
    if (!w->zone) {
        snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d", w->y, w->mo, w->d, w->h, w->mi, w->s);
        return 1;
    }
    int64_t t = px_days_from_civil(w->y, w->mo, w->d) * 86400 +
                w->h * 3600 + w->mi * 60 + w->s - (int64_t)w->zone_min * 60;
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t sec = t - days * 86400;
    int y, m, d;
    px_civil_from_days(days, &y, &m, &d);
    if (y < 1000 || y > 9999) return 0;
    snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d,
             (int)(sec / 3600), (int)(sec / 60 % 60), (int)(sec % 60));
    return 1;
}

/* Digits only: YYYYMMDD or 10-digit unix seconds. */
static int digits_only(const char *s, size_t len, char out[32])
{
    int64_t v = 0;
    for (size_t i = 0; i < len; i++) v = v * 10 + (s[i] - '0');
    when w = {0};
    if (len == 8) {
        w.y = (int)(v / 10000); w.mo = (int)(v / 100 % 100); w.d = (int)(v % 100);
        return format_when(&w, out);
    }
    if (len == 10) {
        int64_t days = v / 86400, sec = v % 86400;
        px_civil_from_days(days, &w.y, &w.mo, &w.d);
        w.h = (int)(sec / 3600); w.mi = (int)(sec / 60 % 60); w.s = (int)(sec % 60);
        w.time = w.zone = true;
        return format_when(&w, out);
    }
    return 0;
}

/* Parse a date as news carries it into ISO 8601; see the top of the file.
 * Returns 1 on success, 0 (out set to "") when s is not a date we read. */
int px_parse_date(const char *s, size_t len, char out[32])
{
    out[0] = '\0';
    if (!s) return 0;
    while (len && (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r')) s++, len--;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' ||
                   s[len - 1] == '\r'))
        len--;
    if (len == 0 || len > 128) return 0;
    size_t nd = 0;
    while (nd < len && s[nd] >= '0' && s[nd] <= '9') nd++;
    if (nd == len) return digits_only(s, len, out);

    item it[MAX_ITEMS];
    int n = lex(s, len, it);
    if (n <= 0) return 0;
    int p = 0;
    when w = {0};
    /* an optional leading weekday: "Tue," "Dienstag," "martes" */
    if (it[0].type == IT_WORD && (px_weekday_name(it[0].s, it[0].len, NULL) ||
        is_word(&it[0], "mon") || is_word(&it[0], "tue") || is_word(&it[0], "wed") ||
        is_word(&it[0], "thu") || is_word(&it[0], "fri") || is_word(&it[0], "sat") ||
        is_word(&it[0], "sun"))) {
        p++;
        if (p < n && is_punct(&it[p], '.')) p++;
        if (p < n && is_punct(&it[p], ',')) p++;
    }
    if (p < n && is_filler(&it[p])) p++;
    if (p >= n || !date_part(it, n, &p, &w)) return 0;
    if (p < n && !time_part(it, n, &p, &w)) return 0;
    /* what may trail: "r." (Polish), "г." (Russian), a comment "(UTC)" */
    while (p < n && (is_punct(&it[p], '.') || is_punct(&it[p], ',') || is_word(&it[p], "r") ||
                     is_word(&it[p], "roku") ||
                     (it[p].type == IT_WORD && it[p].len == 2 && !memcmp(it[p].s, "\xD0\xB3", 2))))
        p++;
    if (p + 2 < n + 0 && is_punct(&it[p], '(') && is_punct(&it[p + 2], ')')) p += 3;
    if (p != n) return 0;
    if (!format_when(&w, out)) { out[0] = '\0'; return 0; }
    return 1;
}
