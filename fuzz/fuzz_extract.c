/*
 * fuzz_extract.c - libFuzzer target for the extract stage.
 *
 * Feeds the input bytes to px_extract_html() as a web page with a fresh
 * arena each time. The first byte picks a charset hint and a URL hint (so
 * the iconv paths are fuzzed too); the rest is the page. Guarantees
 * checked: no crash, no leak, no sanitizer report, a status of OK or
 * EMPTY (or NOMEM/TOOBIG), and on OK a body whose length matches and
 * which holds no NUL byte.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Run one page through the stage; abort() on a broken guarantee so the
 * fuzzer reports it. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const hints[] = {NULL, "utf-8", "windows-1252", "shift_jis",
                                        "text/html; charset=koi8-r", "gb2312", "bogus-cs",
                                        "utf-16"};
    static const char *const urls[] = {NULL, "https://example.com/2019/06/25/story", "//x",
                                       "http://"};
    unsigned sel = size ? data[0] : 0;
    const char *page = size ? (const char *)data + 1 : "";
    size_t len = size ? size - 1 : 0;

    px_arena a;
    px_arena_init(&a);
    px_extracted ex;
    px_error err;
    px_status st = px_extract_html(&a, page, len, urls[(sel >> 3) & 3], hints[sel & 7], &ex, &err);
    if (st == PX_OK) {
        if (!ex.body || strlen(ex.body) != ex.body_len) abort();
    } else if (st != PX_ERR_EMPTY && st != PX_ERR_NOMEM && st != PX_ERR_TOOBIG) {
        abort();
    }
    px_arena_free(&a);
    return 0;
}
