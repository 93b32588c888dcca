/* Slack's message formatting: text escaped as Slack requires, and an
 * answer laid out in Block Kit. Pure: no I/O. Only the Slack adapter
 * (and its tests) should call these. */
#ifndef BOT_SLACKFMT_H
#define BOT_SLACKFMT_H

#include <jansson.h>
#include <stddef.h>

#include "bot/chat/adapter.h"

/* Block Kit's limits, in characters (code points). */
#define BOT_SLACKFMT_SECTION_MAX 3000 /* a section block's text */
#define BOT_SLACKFMT_CONTEXT_MAX 2000 /* a context element's text */
#define BOT_SLACKFMT_TEXT_MAX    4000 /* a message's text (Slack's advice) */

/**
 * bot_slackfmt_escape() - @text[0..@len) as Slack text: &, < and >
 * written &amp; &lt; &gt;.
 * @max: the most characters (code points, entities counted as written) of
 *       the result; a longer one is cut on a character boundary, never
 *       inside an entity, and ends with an ellipsis. 0: no limit.
 * Return: a new string (the caller frees it), or NULL when out of memory.
 */
char *bot_slackfmt_escape(const char *text, size_t len, size_t max);

/**
 * bot_slackfmt_blocks() - the Block Kit layout of @a: a section block with
 * the lead (mrkdwn), then, when the answer comes from the article (it
 * quotes its source, or its lead ends citing "(sentence N)"), a context
 * block with the quote and its sentence number (when there is one apart
 * from the lead), and the article: a link <url|title> (or the title alone
 * without a url), the outlet and the date. Each text is escaped and cut
 * to Block Kit's limits.
 * Return: a new JSON array (json_decref() it), or NULL when out of memory.
 */
json_t *bot_slackfmt_blocks(const struct bot_answer *a);

/**
 * bot_slackfmt_message() - answer @a as a Slack message: "text", the plain
 * answer escaped and cut to BOT_SLACKFMT_TEXT_MAX (what notifications
 * show), and "blocks" (bot_slackfmt_blocks(), left out when empty).
 * Return: a new JSON object, or NULL when out of memory.
 */
json_t *bot_slackfmt_message(const struct bot_answer *a);

/* Slack's text to plain text, in place: our own <@@user_id> mention
 * removed (returns 1 if it was there), &lt; &gt; &amp; unescaped. */
int bot_slackfmt_plain(char *s, const char *user_id);

#endif
