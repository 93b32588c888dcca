/* Where the configuration comes from: the .env file an operator named
 * (--env, NEWSBOT_ENV) or ./.env, under the process environment (or, on
 * a reload, the environment snapshot standing for it), which wins. Part
 * of the config module (config_int.h); config.c says what the keys
 * mean. */
#include "bot/chat/config.h"
#include "bot/chat/envsnap.h"
#include "config_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Reads @dotenv (which must exist if @named says who named it) and the
 * environment @vars (NULL: the process's), then checks them. */
static int
load(struct bot_config *cfg, const char *dotenv, const char *named,
     char *const *vars)
{
    const char *p;
    int rc = 0;

    memset(cfg, 0, sizeof(*cfg));
    if (dotenv && named && access(dotenv, F_OK) != 0)
        rc = bot_fail(BOT_EINVAL,
                      "the configuration file %s (named by %s) does not "
                      "exist; give the path of a .env file",
                      dotenv, named);
    if (rc == 0 && dotenv)
        rc = bot_dotenv_read_file(&cfg->env, dotenv);
    if (rc == BOT_EIO) /* there, but this user may not read it */
        bot_fail(rc,
                 "the configuration file %s%s%s%s cannot be read (see "
                 "above); make it readable by the user newsbot runs as, or "
                 "name one it can read (--env FILE or NEWSBOT_ENV)",
                 dotenv, named ? " (named by " : "", named ? named : "",
                 named ? ")" : "");
    if (rc < 0)
        goto out;
    if (dotenv && access(dotenv, F_OK) == 0)
        snprintf(cfg->dotenv_path, sizeof(cfg->dotenv_path), "%s", dotenv);
    rc = bot_dotenv_read_vars(&cfg->env, vars);
    if (rc < 0)
        goto out;
    /* First, as a mistyped key often explains an error below. Warnings
     * are shown unless NEWSBOT_LOG_LEVEL asks for errors only. */
    p = bot_config_get(cfg, "NEWSBOT_LOG_LEVEL");
    if (!p || strcmp(p, "error") != 0)
        bot_config_warn_unknown(cfg);
    rc = bot_config_fill_all(cfg);
out:
    if (rc < 0)
        bot_config_release(cfg);
    return rc;
}

int
bot_config_load(struct bot_config *cfg, const char *dotenv)
{
    return load(cfg, dotenv, NULL, NULL);
}

int
bot_config_load_vars(struct bot_config *cfg, const char *named,
                     char *const *vars)
{
    const char *env = bot_envsnap_get(vars, "NEWSBOT_ENV");

    if (named)
        return load(cfg, named, "--env", vars);
    if (env && *env)
        return load(cfg, env, "NEWSBOT_ENV", vars);
    return load(cfg, ".env", NULL, vars);
}

int
bot_config_load_named(struct bot_config *cfg, const char *named)
{
    return bot_config_load_vars(cfg, named, NULL);
}
