/* Which conversation a message continues, where platforms thread replies. */
#ifndef BOT_THREADS_H
#define BOT_THREADS_H

#include <stddef.h>
#include <stdint.h>

#include "bot/chat/adapter.h"

/* On Slack and Mattermost the bot answers in the question's thread, and a
 * thread is a conversation. People still ask the next question at the
 * channel's top level ("@newsbot when was that?"), which starts a thread of
 * its own. Such a message continues that user's last conversation in the
 * channel, if it is recent; the thread it starts is then an alias of that
 * conversation, so a reply in it continues the same one. */

#define BOT_THREADS_MAX      512
#define BOT_THREADS_KEY_MAX  112
#define BOT_THREADS_CONV_MAX 176

struct bot_threads {
    struct bot_thread_link {
        char key[BOT_THREADS_KEY_MAX];   /* "p/chan/@user" or "p/chan/thread" */
        char conv[BOT_THREADS_CONV_MAX]; /* the conversation it continues */
        int64_t until_ms;                /* forgotten after this */
    } links[BOT_THREADS_MAX];
    size_t next; /* the slot written next when none has expired */
};

/**
 * bot_threads_conversation() - the conversation key for @msg into @out.
 * @ttl_ms: how long a user's last conversation can be continued from the
 *          top level (the answerer's own context lasts as long).
 * Without a thread: "platform/channel". In a thread: the conversation the
 * thread continues, else "platform/channel/thread". A message that starts
 * its own thread (@msg->thread equal to @msg->id, not direct) continues the
 * sender's last conversation in the channel. Records the sender's
 * conversation for the next top-level message. Return: the length written
 * (truncated to @cap - 1, as snprintf).
 */
size_t bot_threads_conversation(struct bot_threads *t, const char *platform,
                                const struct bot_msg *msg, int64_t now_ms,
                                int64_t ttl_ms, char *out, size_t cap);

/* Replicas share the links (bot/chat/replica.c): before the call above,
 * the links it may read are fetched from the store into the table, and
 * after it the links it wrote are saved. */

/* The links bot_threads_conversation() reads and writes for @msg, into
 * @keys (each BOT_THREADS_KEY_MAX). Return: how many (0 without a
 * thread, else 2: the thread's and the sender's). */
int bot_threads_keys(const char *platform, const struct bot_msg *msg,
                     char keys[][BOT_THREADS_KEY_MAX]);

/* The conversation link @key leads to, or NULL. */
const char *bot_threads_find(struct bot_threads *t, const char *key,
                             int64_t now_ms);

/* Records that @key leads to @conv until @until_ms (another replica said
 * so). */
void bot_threads_learn(struct bot_threads *t, const char *key, const char *conv,
                       int64_t now_ms, int64_t until_ms);

#endif
