#ifndef BOT_TEST_H
#define BOT_TEST_H

/* Typed asserts that print both values and abort(), so ctest and the
 * sanitizers see a hard failure; TEST_MAIN runs every case or argv[1]. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct test_case {
    const char *name;
    void (*fn)(void);
};

#define TEST_FAIL(...)                                                         \
    do {                                                                       \
        fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);                        \
        fprintf(stderr, __VA_ARGS__);                                          \
        fputc('\n', stderr);                                                   \
        fflush(stdout);                                                        \
        abort();                                                               \
    } while (0)

#define ASSERT(cond)                                                           \
    do {                                                                       \
        if (!(cond))                                                           \
            TEST_FAIL("assertion failed: %s", #cond);                          \
    } while (0)

#define ASSERT_EQ(want, got)                                                   \
    do {                                                                       \
        long long w_ = (long long)(want), g_ = (long long)(got);               \
        if (w_ != g_)                                                          \
            TEST_FAIL("%s == %s: want %lld, got %lld", #want, #got, w_, g_);   \
    } while (0)

#define ASSERT_STR_EQ(want, got)                                               \
    do {                                                                       \
        const char *w_ = (want), *g_ = (got);                                  \
        if (!g_ || strcmp(w_, g_) != 0)                                        \
            TEST_FAIL("%s: want \"%s\", got \"%s\"", #got, w_,                 \
                      g_ ? g_ : "(null)");                                     \
    } while (0)

#define ASSERT_CONTAINS(hay, needle)                                           \
    do {                                                                       \
        const char *h_ = (hay), *n_ = (needle);                                \
        if (!h_ || !strstr(h_, n_))                                            \
            TEST_FAIL("%s: \"%s\" does not contain \"%s\"", #hay,              \
                      h_ ? h_ : "(null)", n_);                                 \
    } while (0)

#define ASSERT_NOT_CONTAINS(hay, needle)                                       \
    do {                                                                       \
        const char *h_ = (hay), *n_ = (needle);                                \
        if (h_ && strstr(h_, n_))                                              \
            TEST_FAIL("%s: \"%s\" contains \"%s\"", #hay, h_, n_);             \
    } while (0)

#define TEST_MAIN(cases)                                                       \
    int main(int argc, char **argv)                                            \
    {                                                                          \
        size_t i_, n_ = sizeof(cases) / sizeof(cases[0]), ran_ = 0;            \
        for (i_ = 0; i_ < n_; i_++) {                                          \
            if (argc > 1 && strcmp(argv[1], cases[i_].name) != 0)              \
                continue;                                                      \
            cases[i_].fn();                                                    \
            ran_++;                                                            \
            printf("ok %s\n", cases[i_].name);                                 \
        }                                                                      \
        if (ran_ == 0) {                                                       \
            fprintf(stderr, "no test case named %s\n", argv[1]);               \
            return 1;                                                          \
        }                                                                      \
        return 0;                                                              \
    }

#endif
