/*
 * util.c - errors, the document arena, big tables, term sorts and growable
 * buffers.
 *
 * Guarantees: every allocation has a failure path (NULL/false, never an
 * abort); sizes are checked for overflow before they are added or
 * multiplied.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

const char *px_status_str(px_status s)
{
    switch (s) {
    case PX_OK: return "ok";
    case PX_EOF: return "end of input";
    case PX_ERR_IO: return "I/O error";
    case PX_ERR_FORMAT: return "format error";
    case PX_ERR_TOOBIG: return "record too large";
    case PX_ERR_NOMEM: return "out of memory";
    case PX_ERR_ARG: return "invalid argument";
    case PX_ERR_EMPTY: return "no article text";
    case PX_ERR_LANG: return "unsupported language";
    }
    return "unknown status";
}

void px_free(void *p) { free(p); }

px_status px_fail(px_error *err, px_status code, const char *file,
                  uint64_t offset, const char *fmt, ...)
{
    if (!err) return code;
    err->code = code;
    err->offset = offset;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return code;
}

/* ------------------------------------------------------------ arena */

struct px_arena_block {
    px_arena_block *next;
    size_t used, size;
    max_align_t data[];
};

#define PX_ARENA_FIRST 4096

void px_arena_init(px_arena *a)
{
    a->head = NULL;
    a->next_size = PX_ARENA_FIRST;
}

void *px_arena_alloc(px_arena *a, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    if (n == 0) n = 8;
    px_arena_block *b = a->head;
    if (b && b->size - b->used >= n) {
        void *p = (char *)b->data + b->used;
        b->used += n;
        return p;
    }
    size_t size = a->next_size;
    if (n > size / 2) {
        /* a big allocation gets a block of its own, behind the current one,
         * so the current block's free space is not wasted */
        if (n > SIZE_MAX - sizeof(px_arena_block)) return NULL;
        px_arena_block *big = malloc(sizeof *big + n);
        if (!big) return NULL;
        big->used = big->size = n;
        if (b) {
            big->next = b->next;
            b->next = big;
        } else {
            big->next = NULL;
            a->head = big;
            /* mark it full so the next small allocation opens a block */
        }
        return big->data;
    }
    px_arena_block *nb = malloc(sizeof *nb + size);
    if (!nb) return NULL;
    nb->size = size;
    nb->used = n;
    nb->next = a->head;
    a->head = nb;
    if (a->next_size < (1u << 20)) a->next_size *= 2;
    return nb->data;
}

char *px_arena_strndup(px_arena *a, const char *s, size_t n)
{
    if (n == SIZE_MAX) return NULL;
    char *p = px_arena_alloc(a, n + 1);
    if (!p) return NULL;
    if (n) memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *px_arena_strdup(px_arena *a, const char *s)
{
    return s ? px_arena_strndup(a, s, strlen(s)) : NULL;
}

void px_arena_free(px_arena *a)
{
    px_arena_block *b = a->head;
    while (b) {
        px_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
}

/* ------------------------------------------------------------ big tables */

/* The huge page size big tables are aligned to. */
#define PX_HUGE_PAGE ((size_t)2 << 20)

void *px_calloc_big(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) return NULL;
    size_t bytes = n * size;
    if (bytes < PX_HUGE_PAGE) return calloc(n ? n : 1, size ? size : 1);
    if (bytes > SIZE_MAX - PX_HUGE_PAGE) return NULL;
    size_t round = (bytes + PX_HUGE_PAGE - 1) & ~(PX_HUGE_PAGE - 1);
    void *p = aligned_alloc(PX_HUGE_PAGE, round);
    if (!p) return NULL;
#ifdef MADV_HUGEPAGE
    madvise(p, round, MADV_HUGEPAGE);   /* a hint: where it fails, only speed differs */
#endif
    memset(p, 0, bytes);
    return p;
}

/* ------------------------------------------------------------ term sorts */

/* Stable natural merge sort: the ascending runs already there (vectors
 * concatenated for a merge are few long runs), short ones extended to 16
 * by insertion sort, then adjacent runs merged pairwise through one
 * scratch array. Without memory for it, insertion sort alone (slower, the
 * same order). Equal keys keep their input order, so weights summed after
 * it are summed in the same order whatever the input's runs. */
void px_terms_sort(px_term *t, size_t n)
{
    enum { MINRUN = 16 };
    if (n < 2) return;
    size_t maxruns = n / MINRUN + 2;
    px_term *tmp = n > MINRUN ? malloc(n * sizeof *tmp + maxruns * sizeof(size_t)) : NULL;
    size_t *start = tmp ? (size_t *)(void *)(tmp + n) : NULL, nr = 0;
    size_t minrun = tmp ? MINRUN : n;
    for (size_t a = 0; a < n;) {
        size_t b = a + 1;
        while (b < n && t[b].key >= t[b - 1].key) b++;
        size_t want = a + minrun < n ? a + minrun : n;
        for (; b < want; b++) {   /* extend the run by insertion */
            px_term x = t[b];
            size_t j = b;
            while (j > a && t[j - 1].key > x.key) t[j] = t[j - 1], j--;
            t[j] = x;
        }
        while (b < n && t[b].key >= t[b - 1].key) b++;
        if (start) start[nr++] = a;
        a = b;
    }
    if (!tmp) return;
    px_term *src = t, *dst = tmp;
    while (nr > 1) {
        size_t out = 0;
        for (size_t r = 0; r < nr; r += 2) {
            size_t a = start[r], m = r + 1 < nr ? start[r + 1] : n, b = r + 2 < nr ? start[r + 2] : n;
            size_t i = a, j = m, k = a;
            while (i < m && j < b) dst[k++] = src[j].key < src[i].key ? src[j++] : src[i++];
            while (i < m) dst[k++] = src[i++];
            while (j < b) dst[k++] = src[j++];
            start[out++] = a;
        }
        nr = out;
        px_term *x = src;
        src = dst;
        dst = x;
    }
    if (src != t) memcpy(t, src, n * sizeof *t);
    free(tmp);
}

/* ------------------------------------------------------------ buffers */

bool px_grow(void **arr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return true;
    size_t n = *cap ? *cap : 8;
    while (n < need) {
        if (n > SIZE_MAX / 2) return false;
        n *= 2;
    }
    if (elem && n > SIZE_MAX / elem) return false;
    void *p = realloc(*arr, n * elem);
    if (!p) return false;
    *arr = p;
    *cap = n;
    return true;
}

bool px_buf_reserve(px_buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1) return false;
    void *d = b->data;
    if (!px_grow(&d, &b->cap, b->len + extra + 1, 1)) return false;
    b->data = d;
    return true;
}

bool px_buf_append(px_buf *b, const void *p, size_t n)
{
    if (!px_buf_reserve(b, n)) return false;
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return true;
}

bool px_buf_putc(px_buf *b, char c) { return px_buf_append(b, &c, 1); }

void px_buf_free(px_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
