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

#endif
