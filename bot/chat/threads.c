/* Which conversation a message continues, where platforms thread replies. */
#include "bot/chat/threads.h"

#include <stdio.h>
#include <string.h>

static struct bot_thread_link *
find(struct bot_threads *t, const char *key, int64_t now_ms)
{
    size_t i;

    for (i = 0; i < BOT_THREADS_MAX; i++) {
        struct bot_thread_link *l = &t->links[i];

        if (l->until_ms > now_ms && strcmp(l->key, key) == 0)
            return l;
    }
    return NULL;
}

/* Links @key to @conv until @until_ms; keys or conversations too long to
 * keep are not linked (the message then starts afresh, as before). */
static void
link_to(struct bot_threads *t, const char *key, const char *conv,
        int64_t now_ms, int64_t until_ms)
{
    struct bot_thread_link *l = find(t, key, now_ms);
    size_t i;

    if (strlen(key) >= BOT_THREADS_KEY_MAX ||
        strlen(conv) >= BOT_THREADS_CONV_MAX)
        return;
    for (i = 0; !l && i < BOT_THREADS_MAX; i++) {
        if (t->links[i].until_ms <= now_ms)
            l = &t->links[i];
    }
    if (!l) { /* all in use: the oldest written goes */
        l = &t->links[t->next];
        t->next = (t->next + 1) % BOT_THREADS_MAX;
    }
    snprintf(l->key, sizeof(l->key), "%s", key);
    snprintf(l->conv, sizeof(l->conv), "%s", conv);
    l->until_ms = until_ms;
}

/* The link keys of @msg in a thread: its thread's, and its sender's in
 * the channel. */
static void
keys_of(const char *platform, const struct bot_msg *msg, char *thread_key,
        size_t tcap, char *user_key, size_t ucap)
{
    const char *chan = msg->channel ? msg->channel : "";

    snprintf(thread_key, tcap, "%s/%s/%s", platform, chan, msg->thread);
    snprintf(user_key, ucap, "%s/%s/@%s", platform, chan,
             msg->user ? msg->user : "");
}

int
bot_threads_keys(const char *platform, const struct bot_msg *msg,
                 char keys[][BOT_THREADS_KEY_MAX])
{
    if (!msg->thread || !*msg->thread)
        return 0;
    keys_of(platform, msg, keys[0], BOT_THREADS_KEY_MAX, keys[1],
            BOT_THREADS_KEY_MAX);
    return 2;
}

const char *
bot_threads_find(struct bot_threads *t, const char *key, int64_t now_ms)
{
    const struct bot_thread_link *l = find(t, key, now_ms);

    return l ? l->conv : NULL;
}

void
bot_threads_learn(struct bot_threads *t, const char *key, const char *conv,
                  int64_t now_ms, int64_t until_ms)
{
    if (until_ms > now_ms)
        link_to(t, key, conv, now_ms, until_ms);
}

size_t
bot_threads_conversation(struct bot_threads *t, const char *platform,
                         const struct bot_msg *msg, int64_t now_ms,
                         int64_t ttl_ms, char *out, size_t cap)
{
    const char *chan = msg->channel ? msg->channel : "";
    char thread_key[BOT_THREADS_KEY_MAX + 64], user_key[BOT_THREADS_KEY_MAX];
    char conv[BOT_THREADS_CONV_MAX + 64];
    const struct bot_thread_link *l;
    int n;

    if (!msg->thread || !*msg->thread) {
        n = snprintf(out, cap, "%s/%s", platform, chan);
        return n < 0 ? 0 : (size_t)n;
    }
    keys_of(platform, msg, thread_key, sizeof(thread_key), user_key,
            sizeof(user_key));
    snprintf(conv, sizeof(conv), "%s", thread_key);
    l = find(t, thread_key, now_ms);
    if (l) {
        snprintf(conv, sizeof(conv), "%s", l->conv);
    } else if (!msg->direct && msg->id && msg->user &&
               strcmp(msg->thread, msg->id) == 0) {
        l = find(t, user_key, now_ms);
        if (l) {
            snprintf(conv, sizeof(conv), "%s", l->conv);
            link_to(t, thread_key, conv, now_ms, now_ms + ttl_ms);
        }
    }
    if (msg->user && *msg->user)
        link_to(t, user_key, conv, now_ms, now_ms + ttl_ms);
    n = snprintf(out, cap, "%s", conv);
    return n < 0 ? 0 : (size_t)n;
}
