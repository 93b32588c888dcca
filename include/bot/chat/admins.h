/* NEWSBOT_ADMINS: who may start and stop reminders. */
#ifndef BOT_ADMINS_H
#define BOT_ADMINS_H

#include "bot/base/err.h"

/**
 * bot_admins_check() - validate a NEWSBOT_ADMINS value.
 * @spec: comma-separated user ids, each "PLATFORM:ID" (PLATFORM one of
 *        irc, slack, discord, mattermost) or a plain "ID" that counts on
 *        every platform; spaces around an entry are ignored. NULL or ""
 *        means no list: everyone may.
 * Return: 0, or BOT_EINVAL reported once (an unknown platform, an empty
 * id).
 */
BOT_MUST_CHECK int bot_admins_check(const char *spec);

/* True if @user (the platform's user id; IRC: the nick, compared without
 * case) on @platform ("slack") may change reminders under @spec: always
 * when @spec is NULL or empty. */
int bot_admins_allow(const char *spec, const char *platform, const char *user);

#endif
