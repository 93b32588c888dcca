#ifndef BOT_TEST_FIXTURE_H
#define BOT_TEST_FIXTURE_H

/* What unit tests share: the article's knowledge, loaded once per test
 * program (loading is the slow part) and freed at exit, so that a single
 * case run alone is also leak-free. Every case reads it; none changes it. */

#include "bot/answer/core.h"
#include "bot/knowledge/kb.h"

/* The knowledge in knowledge/ (tests run in the source folder). */
struct bot_kb *fixture_kb(void);

/* A question answerer over that knowledge; each case talks in
 * conversations of its own. */
struct bot_core *fixture_core(void);

/* 2025-04-03T08:00Z in ms: the Thursday after the article. */
#define FIXTURE_T0 1743667200000LL

/**
 * fixture_ask() - ask @text of fixture_core() in conversation @conv (NULL:
 * none) on the Thursday after the article, @minutes after 08:00, and check
 * what every reply must satisfy (it says something, and fits).
 * Return: the reply, valid until the next call.
 */
const struct bot_reply *fixture_ask(const char *text, const char *conv,
                                    int minutes);

/* True if @r cites sentence @sentence. */
int fixture_has_source(const struct bot_reply *r, int sentence);

/* True if @s begins with @prefix. */
int fixture_starts_with(const char *s, const char *prefix);

#endif
