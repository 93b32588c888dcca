/* SIGHUP: the configuration and the knowledge read again, and what can
 * change while the bot runs applied at once. Only the runtime (bot.c)
 * calls it, from the loop, never from a signal handler. */
#ifndef BOT_RELOAD_H
#define BOT_RELOAD_H

struct bot;

/**
 * bot_reload() - read the configuration as start-up did (the .env file
 * @bot->env_named or NEWSBOT_ENV or ./.env, then the environment) and the
 * knowledge folder again.
 * A configuration that does not validate is reported (each error, as
 * check-config reports it) and the one in force stays. Otherwise the log
 * level and format, the rate limits, the prefix, the reminder leads,
 * NEWSBOT_PIN and the knowledge folder apply at once; every other key that
 * changed is named in a warning: it takes effect at the next restart.
 * Return: 0 if the configuration was taken, or the error of the load.
 */
int bot_reload(struct bot *bot);

#endif
