/* What the C benchmarks share: a monotonic clock and sorting the times. */
#ifndef BOT_BENCHTIME_H
#define BOT_BENCHTIME_H

#include <stdlib.h>
#include <time.h>

static inline double
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static inline int
cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

#endif
