/* What a question asks for, named for the batch protocol. */
#include "bot/answer/kind.h"

const char *
bot_kind_name(enum bot_kind kind)
{
    switch (kind) {
    case BOT_KIND_WHO:
        return "who";
    case BOT_KIND_WHAT:
    case BOT_KIND_HOW:
        return "what";
    case BOT_KIND_WHEN:
        return "when";
    case BOT_KIND_WHERE:
        return "where";
    case BOT_KIND_WHY:
        return "why";
    case BOT_KIND_HOWMANY:
        return "howmany";
    case BOT_KIND_YESNO:
        return "yesno";
    case BOT_KIND_SUMMARY:
        return "summary";
    case BOT_KIND_TIMELINE:
    case BOT_KIND_RECENT:
        return "timeline";
    case BOT_KIND_UPCOMING:
    case BOT_KIND_COUNTDOWN:
        return "upcoming";
    case BOT_KIND_HELP:
    case BOT_KIND_EXPLAIN:
        return "help";
    case BOT_KIND_SUBSCRIBE:
    case BOT_KIND_UNSUBSCRIBE:
    case BOT_KIND_REMINDERS:
        return "reminders";
    case BOT_KIND_SMALLTALK:
        return "smalltalk";
    case BOT_KIND_SOURCE:
        return "source";
    case BOT_KIND_ARTICLES:
        return "articles";
    case BOT_KIND_STATUS:
        return "status";
    default:
        return "unknown";
    }
}

int
bot_kind_is_reminder(enum bot_kind kind)
{
    return kind == BOT_KIND_SUBSCRIBE || kind == BOT_KIND_UNSUBSCRIBE ||
           kind == BOT_KIND_REMINDERS;
}
