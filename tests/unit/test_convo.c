#include "bot/answer/convo.h"

#include <stdio.h>
#include <string.h>

#include "bot/base/err.h"
#include "test.h"

#define T0 1743400000000LL /* an arbitrary moment, in ms */

static void
test_convo_same_key_same_context(void)
{
    struct bot_convos c;
    struct bot_context *a, *b;

    ASSERT_EQ(0, bot_convos_init(&c, 16));
    a = bot_convos_get(&c, "slack/C1", T0);
    ASSERT(a != NULL);
    ASSERT_STR_EQ("slack/C1", a->key);
    a->fact = 7;
    a->entity = 3;
    b = bot_convos_get(&c, "slack/C1", T0 + 1000);
    ASSERT(a == b);
    ASSERT_EQ(7, b->fact);
    ASSERT_EQ(3, b->entity);
    ASSERT(bot_context_active(b));
    bot_convos_release(&c);
}

static void
test_convo_new_context_is_empty(void)
{
    struct bot_convos c;
    struct bot_context *a;

    ASSERT_EQ(0, bot_convos_init(&c, 4));
    a = bot_convos_get(&c, "irc/#news", T0);
    ASSERT_EQ(-1, a->fact);
    ASSERT_EQ(-1, a->entity);
    ASSERT_EQ(-1, a->person);
    ASSERT_EQ(-1, a->group);
    ASSERT(!bot_context_active(a));
    bot_convos_release(&c);
}

static void
test_convo_different_keys_different_contexts(void)
{
    struct bot_convos c;
    struct bot_context *a, *b;

    ASSERT_EQ(0, bot_convos_init(&c, 16));
    a = bot_convos_get(&c, "slack/C1", T0);
    a->fact = 5;
    b = bot_convos_get(&c, "slack/C2", T0);
    ASSERT(a != b);
    ASSERT_EQ(-1, b->fact);
    b->fact = 9;
    a = bot_convos_get(&c, "slack/C1", T0 + 1);
    ASSERT_EQ(5, a->fact);
    b = bot_convos_get(&c, "slack/C2", T0 + 2);
    ASSERT_EQ(9, b->fact);
    /* a key that extends another is a different conversation */
    b = bot_convos_get(&c, "slack/C1/thread", T0 + 3);
    ASSERT_EQ(-1, b->fact);
    a = bot_convos_get(&c, "slack/C1", T0 + 4);
    ASSERT_EQ(5, a->fact);
    bot_convos_release(&c);
}

static void
test_convo_distinct_keys_in_one_set(void)
{
    struct bot_convos c;
    struct bot_context *ctx;
    char key[32];
    int i;

    /* one set of four: every key shares it */
    ASSERT_EQ(0, bot_convos_init(&c, 1));
    for (i = 0; i < 4; i++) {
        snprintf(key, sizeof(key), "k%d", i);
        ctx = bot_convos_get(&c, key, T0 + i);
        ASSERT_EQ(-1, ctx->fact);
        ctx->fact = 100 + i;
    }
    for (i = 0; i < 4; i++) {
        snprintf(key, sizeof(key), "k%d", i);
        ctx = bot_convos_get(&c, key, T0 + 10 + i);
        ASSERT_EQ(100 + i, ctx->fact);
    }
    bot_convos_release(&c);
}

static void
test_convo_least_recently_used_goes_first(void)
{
    struct bot_convos c;
    struct bot_context *ctx;
    char key[32];
    int i;

    ASSERT_EQ(0, bot_convos_init(&c, 1));
    for (i = 0; i < 4; i++) {
        snprintf(key, sizeof(key), "k%d", i);
        bot_convos_get(&c, key, T0 + i)->fact = 100 + i;
    }
    /* touch k0, so k1 is now the least recently used */
    ASSERT_EQ(100, bot_convos_get(&c, "k0", T0 + 10)->fact);
    ctx = bot_convos_get(&c, "k4", T0 + 11);
    ASSERT_EQ(-1, ctx->fact);
    ctx->fact = 104;
    ASSERT_EQ(100, bot_convos_get(&c, "k0", T0 + 12)->fact);
    ASSERT_EQ(102, bot_convos_get(&c, "k2", T0 + 13)->fact);
    ASSERT_EQ(103, bot_convos_get(&c, "k3", T0 + 14)->fact);
    ASSERT_EQ(104, bot_convos_get(&c, "k4", T0 + 15)->fact);
    ASSERT_EQ(-1, bot_convos_get(&c, "k1", T0 + 16)->fact); /* evicted */
    bot_convos_release(&c);
}

static void
test_convo_expired_context_comes_back_empty(void)
{
    struct bot_convos c;
    struct bot_context *ctx;

    ASSERT_EQ(0, bot_convos_init(&c, 16));
    ctx = bot_convos_get(&c, "discord/42", T0);
    ctx->fact = 4;
    ctx->entity = 1;
    ctx->person = 5;
    ctx->group = 2;
    /* just inside the TTL it is still remembered */
    ctx = bot_convos_get(&c, "discord/42", T0 + BOT_CONVO_TTL_MS - 1);
    ASSERT_EQ(4, ctx->fact);
    ctx = bot_convos_get(&c, "discord/42", T0 + 2 * BOT_CONVO_TTL_MS);
    ASSERT_EQ(-1, ctx->fact);
    ASSERT_EQ(-1, ctx->entity);
    ASSERT_EQ(-1, ctx->person);
    ASSERT_EQ(-1, ctx->group);
    ASSERT_STR_EQ("discord/42", ctx->key);
    ASSERT(!bot_context_active(ctx));
    bot_convos_release(&c);
}

static void
test_convo_expiry_counts_from_last_use(void)
{
    struct bot_convos c;
    struct bot_context *ctx;

    ASSERT_EQ(0, bot_convos_init(&c, 16));
    ctx = bot_convos_get(&c, "k", T0);
    ctx->fact = 4;
    ctx = bot_convos_get(&c, "k", T0 + BOT_CONVO_TTL_MS - 1);
    ASSERT_EQ(4, ctx->fact);
    /* idle for TTL + 1 after the first use, but not after the last */
    ctx = bot_convos_get(&c, "k", T0 + BOT_CONVO_TTL_MS + 1);
    ASSERT_EQ(4, ctx->fact);
    ctx = bot_convos_get(&c, "k", T0 + 2 * BOT_CONVO_TTL_MS + 2);
    ASSERT_EQ(-1, ctx->fact);
    bot_convos_release(&c);
}

static void
test_convo_expired_after_ttl_plus_one(void)
{
    struct bot_convos c;
    struct bot_context *ctx;

    ASSERT_EQ(0, bot_convos_init(&c, 16));
    ctx = bot_convos_get(&c, "k", T0);
    ctx->fact = 4;
    ctx = bot_convos_get(&c, "k", T0 + BOT_CONVO_TTL_MS + 1);
    ASSERT_EQ(-1, ctx->fact);
    bot_convos_release(&c);
}

static void
test_convo_many_keys_stay_bounded(void)
{
    struct bot_convos c;
    struct bot_context *ctx, *first, *last;
    char key[48];
    int i, found = 0;

    ASSERT_EQ(0, bot_convos_init(&c, 8));
    first = c.slots;
    last = c.slots + 8 * 4;
    for (i = 0; i < 10000; i++) {
        snprintf(key, sizeof(key), "slack/C%05d", i);
        ctx = bot_convos_get(&c, key, T0 + i);
        ASSERT(ctx >= first && ctx < last); /* inside the fixed set */
        ASSERT_EQ(-1, ctx->fact);
        ASSERT_STR_EQ(key, ctx->key);
        ctx->fact = i;
    }
    ASSERT(c.slots == first); /* never reallocated */
    ASSERT_EQ(8, c.nsets);
    /* the most recent conversation is still remembered */
    ctx = bot_convos_get(&c, "slack/C09999", T0 + 10000);
    ASSERT_EQ(9999, ctx->fact);
    /* and at most 32 of them are */
    for (i = 0; i < 10000; i++) {
        snprintf(key, sizeof(key), "slack/C%05d", i);
        ctx = bot_convos_get(&c, key, T0 + 20000 + i);
        found += ctx->fact == i;
    }
    ASSERT(found <= 32);
    bot_convos_release(&c);
}

static void
test_convo_long_keys(void)
{
    struct bot_convos c;
    struct bot_context *ctx;
    char key[BOT_CONVO_KEY_MAX * 2];

    memset(key, 'x', sizeof(key) - 1);
    key[sizeof(key) - 1] = '\0';
    ASSERT_EQ(0, bot_convos_init(&c, 4));
    ctx = bot_convos_get(&c, key, T0);
    ASSERT(strlen(ctx->key) < BOT_CONVO_KEY_MAX);
    ctx->fact = 3;
    ctx = bot_convos_get(&c, key, T0 + 1);
    ASSERT_EQ(3, ctx->fact);
    bot_convos_release(&c);
}

/* Two keys longer than BOT_CONVO_KEY_MAX that differ only near the end
 * are two conversations: one must not see the other's context. */
static void
test_convo_long_keys_differing_late_are_distinct(void)
{
    struct bot_convos c;
    struct bot_context *ctx;
    char a[BOT_CONVO_KEY_MAX + 40], b[BOT_CONVO_KEY_MAX + 40];

    memset(a, 'x', sizeof(a) - 1);
    a[sizeof(a) - 1] = '\0';
    memcpy(b, a, sizeof(b));
    a[sizeof(a) - 2] = 'A';
    b[sizeof(b) - 2] = 'B';
    ASSERT_EQ(0, bot_convos_init(&c, 1)); /* one set: both keys meet */
    ctx = bot_convos_get(&c, a, T0);
    ctx->fact = 3;
    ctx = bot_convos_get(&c, b, T0 + 1);
    ASSERT_EQ(-1, ctx->fact);
    bot_convos_release(&c);
}

static void
test_convo_context_clear(void)
{
    struct bot_context ctx;

    memset(&ctx, 0x5a, sizeof(ctx));
    bot_context_clear(&ctx);
    ASSERT_EQ(-1, ctx.fact);
    ASSERT_EQ(-1, ctx.entity);
    ASSERT_EQ(-1, ctx.person);
    ASSERT_EQ(-1, ctx.group);
    ASSERT_EQ(0, ctx.at_ms);
    ASSERT_STR_EQ("", ctx.key);
    ASSERT(!bot_context_active(&ctx));
    ctx.entity = 0;
    ASSERT(bot_context_active(&ctx));
    ctx.entity = -1;
    ctx.fact = 0;
    ASSERT(bot_context_active(&ctx));
}

static void
test_convo_release_is_safe_twice(void)
{
    struct bot_convos c;

    memset(&c, 0, sizeof(c));
    bot_convos_release(&c);
    ASSERT_EQ(0, bot_convos_init(&c, 2));
    ASSERT(bot_convos_get(&c, "k", T0) != NULL);
    bot_convos_release(&c);
    bot_convos_release(&c);
    ASSERT(c.slots == NULL);
}

static const struct test_case cases[] = {
    {"convo_same_key_same_context", test_convo_same_key_same_context},
    {"convo_new_context_is_empty", test_convo_new_context_is_empty},
    {"convo_different_keys_different_contexts",
     test_convo_different_keys_different_contexts},
    {"convo_distinct_keys_in_one_set", test_convo_distinct_keys_in_one_set},
    {"convo_least_recently_used_goes_first",
     test_convo_least_recently_used_goes_first},
    {"convo_expired_context_comes_back_empty",
     test_convo_expired_context_comes_back_empty},
    {"convo_expiry_counts_from_last_use",
     test_convo_expiry_counts_from_last_use},
    {"convo_expired_after_ttl_plus_one", test_convo_expired_after_ttl_plus_one},
    {"convo_many_keys_stay_bounded", test_convo_many_keys_stay_bounded},
    {"convo_long_keys", test_convo_long_keys},
    {"convo_context_clear", test_convo_context_clear},
    {"convo_release_is_safe_twice", test_convo_release_is_safe_twice},
    /* last: this shows a bug */
    {"convo_long_keys_differing_late_are_distinct",
     test_convo_long_keys_differing_late_are_distinct},
};
TEST_MAIN(cases)
