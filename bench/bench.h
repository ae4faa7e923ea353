/*
 * bench.h - the clocks the benchmarks time with: the calling thread's CPU
 * time (the cores are shared, so stage timings count only this thread's
 * work) and the monotonic wall clock, both in seconds.
 */
#ifndef PX_BENCH_H
#define PX_BENCH_H

#include <time.h>

static inline double bench_cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static inline double bench_wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

#endif
