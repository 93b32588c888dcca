/* DISCORD_SHARDS: the parser alone, then through bot_config_load() as
 * start-up and check-config see it, beside DISCORD_SHARD. */
#include "bot/chat/config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/base/err.h"
#include "bot/base/log.h"
#include "test.h"

/* Parses @v expecting success; @want is the ids as "0,1,2" and @total. */
static void
parses(const char *v, const char *want, int total)
{
    struct bot_shards s;
    char why[96], got[128];
    size_t len = 0;
    int i;

    if (bot_config_parse_shards(v, &s, why, sizeof(why)) != 0)
        TEST_FAIL("'%s' refused: %s", v, why);
    got[0] = '\0';
    for (i = 0; i < s.n; i++)
        len += (size_t)snprintf(got + len, sizeof(got) - len, "%s%d",
                                i ? "," : "", s.ids[i]);
    ASSERT_STR_EQ(want, got);
    ASSERT_EQ(total, s.total);
}

/* Parses @v expecting BOT_EINVAL, the reason containing @why_part. */
static void
refused(const char *v, const char *why_part)
{
    struct bot_shards s;
    char why[96];

    memset(&s, 0x5a, sizeof(s));
    ASSERT_EQ(BOT_EINVAL, bot_config_parse_shards(v, &s, why, sizeof(why)));
    ASSERT_CONTAINS(why, why_part);
    ASSERT_EQ(0, s.n); /* nothing half-read is left behind */
    ASSERT_EQ(0, s.total);
}

static void
test_config_shards_ranges_and_lists(void)
{
    parses("0-3/8", "0,1,2,3", 8);
    parses("4-7/8", "4,5,6,7", 8);
    parses("0,2,5/8", "0,2,5", 8);
    parses("0/1", "0", 1);
    parses("3/4", "3", 4);
    parses("2-2/3", "2", 3);
    /* mixed, and out of order: sorted, so shard 0 (DMs) comes first */
    parses("6,0-1/8", "0,1,6", 8);
    parses("9,3,7/10", "3,7,9", 10);
    /* 16 in one process, the most */
    parses("0-15/16", "0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15", 16);
    parses("4080-4095/4096",
           "4080,4081,4082,4083,4084,4085,4086,4087,4088,4089,4090,4091,"
           "4092,4093,4094,4095",
           4096);
}

static void
test_config_shards_refused(void)
{
    refused("", "want IDS/N");
    refused("0-3", "want IDS/N");
    refused("/8", "want IDS/N");
    refused("0-3/", "want IDS/N");
    refused("0-3/0", "want IDS/N");
    refused("0-3/4097", "want IDS/N");
    refused("0-/8", "want IDS/N");
    refused("-3/8", "want IDS/N");
    refused("0,/8", "want IDS/N");
    refused(",0/8", "want IDS/N");
    refused("0;1/8", "want IDS/N");
    refused("0 - 3/8", "want IDS/N");
    refused("0-3/8x", "want IDS/N");
    refused("0/1/8", "want IDS/N");
    refused("a/8", "want IDS/N");
    refused("+1/8", "want IDS/N");
    refused("0-3 /8", "want IDS/N");
    /* each id below the total */
    refused("0-8/8", "shard 8 is not below 8");
    refused("8/8", "shard 8 is not below 8");
    refused("0,2,9/8", "shard 9 is not below 8");
    refused("3-1/8", "3-1 ends before it starts");
    refused("1,1/8", "shard 1 is listed twice");
    refused("0-3,2/8", "shard 2 is listed twice");
    refused("0-16/32", "more than 16 shards");
    refused("0-9,10-16/32", "more than 16 shards");
    refused("0-4095/4096", "more than 16 shards");
}

static FILE *log_fp;
static char *log_buf;
static size_t log_len;

static void
unset_all(void)
{
    ASSERT_EQ(0, unsetenv("NEWSBOT_PLATFORMS"));
    ASSERT_EQ(0, unsetenv("DISCORD_SHARD"));
    ASSERT_EQ(0, unsetenv("DISCORD_SHARDS"));
}

/* Loads with DISCORD_SHARD=@one and DISCORD_SHARDS=@many (NULL: unset);
 * returns the rc, and in *@log what was logged (the caller frees it). */
static int
load(struct bot_config *cfg, const char *one, const char *many, char **log)
{
    int rc;

    unset_all();
    if (one)
        ASSERT_EQ(0, setenv("DISCORD_SHARD", one, 1));
    if (many)
        ASSERT_EQ(0, setenv("DISCORD_SHARDS", many, 1));
    log_fp = open_memstream(&log_buf, &log_len);
    ASSERT(log_fp != NULL);
    bot_log_set_stream(log_fp);
    rc = bot_config_load(cfg, NULL);
    bot_log_set_stream(NULL);
    ASSERT_EQ(0, fclose(log_fp));
    *log = log_buf;
    unset_all();
    return rc;
}

static void
test_config_shards_in_the_configuration(void)
{
    struct bot_config cfg;
    char *log;

    /* neither key: shard 0 of 1 */
    ASSERT_EQ(0, load(&cfg, NULL, NULL, &log));
    ASSERT_EQ(1, cfg.discord_shards.n);
    ASSERT_EQ(0, cfg.discord_shards.ids[0]);
    ASSERT_EQ(1, cfg.discord_shards.total);
    bot_config_release(&cfg);
    free(log);

    /* DISCORD_SHARD: one shard, as before */
    ASSERT_EQ(0, load(&cfg, "1/4", NULL, &log));
    ASSERT_EQ(1, cfg.discord_shards.n);
    ASSERT_EQ(1, cfg.discord_shards.ids[0]);
    ASSERT_EQ(4, cfg.discord_shards.total);
    bot_config_release(&cfg);
    free(log);

    ASSERT_EQ(0, load(&cfg, NULL, "4-7/8", &log));
    ASSERT_EQ(4, cfg.discord_shards.n);
    ASSERT_EQ(4, cfg.discord_shards.ids[0]);
    ASSERT_EQ(7, cfg.discord_shards.ids[3]);
    ASSERT_EQ(8, cfg.discord_shards.total);
    ASSERT_NOT_CONTAINS(log, "unknown key");
    bot_config_release(&cfg);
    free(log);
}

static void
test_config_shards_errors_reported(void)
{
    struct bot_config cfg;
    char *log;

    ASSERT_EQ(BOT_EINVAL, load(&cfg, "0/2", "0-1/2", &log));
    ASSERT_CONTAINS(log, "DISCORD_SHARD and DISCORD_SHARDS are both set");
    free(log);

    ASSERT_EQ(BOT_EINVAL, load(&cfg, NULL, "0-8/8", &log));
    ASSERT_CONTAINS(log, "DISCORD_SHARDS: shard 8 is not below 8, not "
                         "'0-8/8'");
    free(log);

    ASSERT_EQ(BOT_EINVAL, load(&cfg, NULL, "0-16/20", &log));
    ASSERT_CONTAINS(log, "more than 16 shards in one process");
    free(log);

    ASSERT_EQ(BOT_EINVAL, load(&cfg, NULL, "0-3", &log));
    ASSERT_CONTAINS(log, "DISCORD_SHARDS: want IDS/N");
    free(log);

    /* DISCORD_SHARD keeps its own message */
    ASSERT_EQ(BOT_EINVAL, load(&cfg, "2/2", NULL, &log));
    ASSERT_CONTAINS(log, "DISCORD_SHARD must be I/N");
    free(log);
}

static const struct test_case cases[] = {
    {"config_shards_ranges_and_lists", test_config_shards_ranges_and_lists},
    {"config_shards_refused", test_config_shards_refused},
    {"config_shards_in_the_configuration",
     test_config_shards_in_the_configuration},
    {"config_shards_errors_reported", test_config_shards_errors_reported},
};
TEST_MAIN(cases)
