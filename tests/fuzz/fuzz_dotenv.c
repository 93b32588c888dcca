/* Fuzz target dotenv: the configuration (bot_config_load(), bot/config.c)
 * read from a .env file holding the input, in an environment without any
 * NEWSBOT_, IRC_, SLACK_, DISCORD_ or MATTERMOST_ variable. A file that
 * loads is used as newsbot uses it: every key looked up, the platforms
 * and URLs checked, the whole printed as `newsbot check-config` prints it;
 * one that does not load must leave the configuration empty. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bot/base/secret.h"
#include "bot/chat/config.h"
#include "bot/chat/reminders.h"
#include "bot/knowledge/kbload.h"
#include "bot/net/http.h"
#include "bot/net/ws.h"
#include "harness.h"

static char path[96];

static void
remove_file(void)
{
    unlink(path);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *tmp = getenv("TMPDIR");
    int fd;

    (void)argc;
    (void)argv;
    fuzz_setup();
    snprintf(path, sizeof(path), "%.40s/newsbot-fuzz-env-XXXXXX",
             tmp && *tmp == '/' && strlen(tmp) <= 40 ? tmp : "/tmp");
    fd = mkstemp(path);
    if (fd < 0)
        fuzz_die("cannot make a file like %s", path);
    close(fd);
    atexit(remove_file);
    return 0;
}

static void
use(const struct bot_config *cfg)
{
    static const char *const platforms[] = {"console", "irc", "slack",
                                            "discord", "mattermost"};
    char *out = NULL;
    size_t i, len = 0;
    FILE *fp = open_memstream(&out, &len);

    if (!fp)
        fuzz_die("cannot open a memory stream");
    for (i = 0; i < cfg->env.nvars; i++) {
        if (!bot_config_get(cfg, cfg->env.vars[i].key))
            fuzz_die("dotenv: %s loaded but is not found",
                     cfg->env.vars[i].key);
        (void)bot_config_is_secret(cfg->env.vars[i].key);
    }
    for (i = 0; i < sizeof(platforms) / sizeof(platforms[0]); i++)
        (void)bot_config_has_platform(cfg, platforms[i]);
    /* A URL is checked when set (IRC) or when its platform runs. */
    if (cfg->irc_url &&
        bot_config_check_url("IRC_URL", cfg->irc_url, cfg->allow_insecure))
        fuzz_die("dotenv: IRC_URL loaded but fails its check");
    if (bot_config_has_platform(cfg, "mattermost") &&
        (!cfg->mattermost_url || !cfg->mattermost_token ||
         bot_config_check_url("MATTERMOST_URL", cfg->mattermost_url,
                              cfg->allow_insecure)))
        fuzz_die("dotenv: mattermost runs without a good URL and token");
    if (bot_config_has_platform(cfg, "irc") &&
        (!cfg->irc_url || cfg->nirc_channels < 1))
        fuzz_die("dotenv: irc runs without a URL or a channel");
    if (bot_config_has_platform(cfg, "slack") &&
        (!cfg->slack_app_token || !cfg->slack_bot_token))
        fuzz_die("dotenv: slack runs without its tokens");
    if (bot_config_has_platform(cfg, "discord") && !cfg->discord_token)
        fuzz_die("dotenv: discord runs without a token");
    bot_config_print(cfg, fp);
    fclose(fp);
    free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct bot_config cfg;
    FILE *fp = fopen(path, "wb");

    if (!fp || fwrite(data, 1, size, fp) != size || fclose(fp) != 0)
        fuzz_die("cannot write %s", path);
    if (bot_config_load(&cfg, path) == 0) {
        use(&cfg);
    } else if (cfg.env.nvars || cfg.env.vars || cfg.nplatforms) {
        fuzz_die("dotenv: a failed load left a configuration behind");
    }
    bot_config_release(&cfg);
    return 0;
}
