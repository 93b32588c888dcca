/* What the files of the config module share: config.c (what each key
 * means), configcheck.c (checks across keys), configurl.c (URLs) and
 * configload.c (where the keys come from). No other code includes this. */
#ifndef BOT_CHAT_CONFIG_INT_H
#define BOT_CHAT_CONFIG_INT_H

#include <stdio.h>

#include "bot/chat/config.h"

#define SHOW_MAX 40 /* longest value echoed in an error message */

#define NELEM(a)    (sizeof(a) / sizeof((a)[0]))
#define IS_DIGIT(c) ((c) >= '0' && (c) <= '9')

/* @key's value if set and not empty, else NULL. */
const char *bot_config_nonempty(const struct bot_config *cfg, const char *key);

/* Every check of config.c and configcheck.c, each reporting its own
 * problem. Return: 0 or the first failure. */
int bot_config_fill_all(struct bot_config *cfg);

/* localhost, 127.0.0.0/8 as a dotted quad, or [::1] (configurl.c). */
int bot_config_is_loopback(const char *h, size_t len);

/* The checks beyond each key's own form, in configcheck.c. Each reports
 * what it finds wrong once and returns BOT_EINVAL (or BOT_ENOMEM). */
int bot_config_fill_tuning(struct bot_config *cfg); /* IRC_*, DISCORD_* */
int bot_config_fill_time(struct bot_config *cfg);   /* TZ, NOW, leads */
int bot_config_fill_files(struct bot_config *cfg);  /* CA file, database */
/* IRC_SASL_*, IRC_TLS_CERT and _KEY, after IRC_URL. */
int bot_config_fill_irc_auth(struct bot_config *cfg);
/* What check-config says of the IRC connection: transport and login. */
void bot_config_print_irc(const struct bot_config *cfg, FILE *fp);

#endif
