/* NEWSBOT_ADMINS: who may start and stop reminders ("remind us", "stop
 * reminders"); everyone may ask what a channel gets. Read by the config
 * (which checks it) and the reminder commands (which obey it). */
#include "bot/chat/admins.h"

#include <string.h>
#include <strings.h>

#include "bot/base/log.h"

static const char *const platforms[] = {"irc", "slack", "discord", "mattermost",
                                        NULL};

/* One entry of @spec: [@platform:]@id, spaces trimmed. */
struct entry {
    const char *platform, *id;
    size_t nplatform, nid;
};

/* Reads the entry at *@p and moves *@p past its comma. Return: 1 if
 * there was one (it may be empty: nid 0), 0 at the end. */
static int
next_entry(const char **p, struct entry *e)
{
    const char *s = *p, *end, *colon;

    if (!*s)
        return 0;
    end = s + strcspn(s, ",");
    *p = *end ? end + 1 : end;
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    colon = memchr(s, ':', (size_t)(end - s));
    e->platform = colon ? s : NULL;
    e->nplatform = colon ? (size_t)(colon - s) : 0;
    e->id = colon ? colon + 1 : s;
    e->nid = (size_t)(end - e->id);
    return 1;
}

static int
platform_known(const char *s, size_t n)
{
    const char *const *k;

    for (k = platforms; *k; k++) {
        if (strlen(*k) == n && strncasecmp(s, *k, n) == 0)
            return 1;
    }
    return 0;
}

int
bot_admins_check(const char *spec)
{
    const char *p = spec ? spec : "";
    struct entry e;

    while (next_entry(&p, &e)) {
        if (e.platform && !platform_known(e.platform, e.nplatform))
            return bot_fail(BOT_EINVAL,
                            "NEWSBOT_ADMINS: unknown platform '%.*s' (use "
                            "irc, slack, discord or mattermost, as in "
                            "slack:U0123,irc:alice)",
                            (int)(e.nplatform > 40 ? 40 : e.nplatform),
                            e.platform);
        if (e.nid == 0 && (e.platform || *p))
            return bot_fail(BOT_EINVAL,
                            "NEWSBOT_ADMINS: an empty user id; write "
                            "comma-separated ids, as in slack:U0123,irc:alice");
    }
    return 0;
}

int
bot_admins_allow(const char *spec, const char *platform, const char *user)
{
    const char *p = spec ? spec : "";
    int irc = platform && strcmp(platform, "irc") == 0, listed = 0;
    struct entry e;

    while (next_entry(&p, &e)) {
        if (e.nid == 0)
            continue;
        listed = 1;
        if (e.platform && (!platform || strlen(platform) != e.nplatform ||
                           strncasecmp(platform, e.platform, e.nplatform)))
            continue;
        if (user && strlen(user) == e.nid &&
            (irc ? strncasecmp(user, e.id, e.nid) == 0
                 : strncmp(user, e.id, e.nid) == 0))
            return 1;
    }
    return !listed;
}
