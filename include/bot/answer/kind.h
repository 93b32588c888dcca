/* What a question asks for (who, when, yes/no...), and its name in the batch
 * protocol. */
#ifndef BOT_KIND_H
#define BOT_KIND_H

/* What a question asks for. */
enum bot_kind {
    BOT_KIND_UNKNOWN = 0,
    BOT_KIND_WHO,
    BOT_KIND_WHAT,
    BOT_KIND_WHEN,
    BOT_KIND_WHERE,
    BOT_KIND_WHY,
    BOT_KIND_HOW, /* manner: "how did they engage?" */
    BOT_KIND_HOWMANY,
    BOT_KIND_YESNO,
    BOT_KIND_SUMMARY,
    BOT_KIND_TIMELINE,
    BOT_KIND_UPCOMING,
    BOT_KIND_COUNTDOWN, /* "how many days until the hearing?" */
    BOT_KIND_RECENT,    /* "what happened most recently?" */
    BOT_KIND_HELP,
    BOT_KIND_EXPLAIN,     /* "explain": how the last question was read */
    BOT_KIND_SUBSCRIBE,   /* "remind us": reminders in this channel */
    BOT_KIND_UNSUBSCRIBE, /* "stop reminders" */
    BOT_KIND_REMINDERS,   /* "reminders": what this channel gets */
    BOT_KIND_SMALLTALK,   /* "thanks", "hi", "who are you?" */
    BOT_KIND_SOURCE,      /* "says who?": where a fact comes from */
    BOT_KIND_ARTICLES,    /* "which articles do you know?", "switch to" */
    BOT_KIND_STATUS       /* "status", "version", "uptime" */
};

/* True for the three reminder commands, which the chat runtime answers. */
int bot_kind_is_reminder(enum bot_kind kind);

/* The name used in the batch protocol: "who", ..., "unknown". */
const char *bot_kind_name(enum bot_kind kind);

#endif
