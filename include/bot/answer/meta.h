/* The article itself as a subject: its outlet, title, date and weekday,
 * writer and editor, the sources it cites, and claims about them ("is
 * this a BBC story?", "was it published in 2024?"). Everything comes from
 * the knowledge's metadata and entities, nothing from code. */
#ifndef BOT_META_H
#define BOT_META_H

#include "bot/answer/query.h"
#include "bot/answer/reply.h"
#include "bot/knowledge/kb.h"

/**
 * bot_meta_answer() - answer @q if it asks about the article itself.
 * @today: for "how long ago was it published?".
 * Return: 1 if it answered into @r, 0 if @q is about the story instead.
 */
int bot_meta_answer(const struct bot_kb *kb, const struct bot_query *q,
                    const struct bot_date *today, struct bot_reply *r);

/* True if @q asks where the article got one of its facts ("which agencies
 * does the article cite for the request?"): the fact is found by its
 * words, and bot_meta_sources() answers. */
int bot_meta_asks_source(const struct bot_kb *kb, const struct bot_query *q);

/**
 * bot_meta_sources() - "says who?": where a fact, or the article, gets
 * what it says. @fact: the fact asked about, or -1 for the article.
 */
void bot_meta_sources(const struct bot_kb *kb, int fact, struct bot_reply *r);

#endif
