/*
 * fuzz_read.c - libFuzzer target for the readers (lib/read.c).
 *
 * The input is read from memory (px_reader_open_mem) in every format:
 * auto-detected under a neutral name and under .json / .warc.gz names, and
 * forced JSONL, TEXT, HTML and WARC, each with a small max_record so the
 * too-big paths run. Every record's strings, and those of both pair sides
 * taken from it (px_reader_pair_side), are touched so that ASan sees any
 * read past what the reader owns. Must not crash, leak or loop.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"

/* Touch every string of rec. */
static size_t touch(const px_record *rec)
{
    size_t sink = 0;
    const char *f[] = {rec->id, rec->title, rec->date, rec->url, rec->source,
                       rec->lang, rec->byline, rec->charset, rec->file};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if (f[i]) sink += strlen(f[i]);
    if (rec->body) {
        for (size_t i = 0; i < rec->body_len; i++) sink += (unsigned char)rec->body[i];
        if (rec->body[rec->body_len] != '\0') __builtin_trap();
    }
    return sink;
}

/* Read every record; touch every string of each and of its pair sides. */
static void drain(const uint8_t *data, size_t size, const char *name, px_format fmt, size_t max_record)
{
    px_reader_opts o = {fmt, max_record};
    px_error e;
    px_reader *r = px_reader_open_mem(data, size, name, &o, &e);
    if (!r) return;
    volatile size_t sink = 0;
    /* every record or error moves on by at least a byte of the
     * (decompressed) input: more results than that means a loop. gzip can
     * expand about 1032 times. */
    bool gz = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
    size_t max_calls = (gz ? size * 1100 : size) + 16;
    for (size_t calls = 0;; calls++) {
        if (calls > max_calls) __builtin_trap();
        const px_record *rec = NULL;
        px_status s = px_reader_next(r, &rec, &e);
        if (s == PX_EOF) break;
        if (s != PX_OK) {
            sink += strlen(e.msg) + strlen(e.file);
            continue;
        }
        px_record side[2];
        bool has[2];
        for (int k = 0; k < 2; k++) has[k] = px_reader_pair_side(r, k + 1, &side[k], &e) == PX_OK;
        sink += touch(rec);
        for (int k = 0; k < 2; k++)
            if (has[k]) sink += touch(&side[k]);
    }
    sink += px_reader_records(r) + px_reader_failures(r) + px_reader_skipped(r);
    px_reader_close(r);
    (void)sink;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    drain(data, size, "input", PX_FORMAT_AUTO, 4096);
    drain(data, size, "input.json", PX_FORMAT_AUTO, 4096);
    drain(data, size, "input.warc.gz", PX_FORMAT_AUTO, 512);
    drain(data, size, "input", PX_FORMAT_JSONL, 64);
    drain(data, size, "input", PX_FORMAT_TEXT, 4096);
    drain(data, size, "input", PX_FORMAT_HTML, 100);
    drain(data, size, "input", PX_FORMAT_WARC, 4096);
    return 0;
}
