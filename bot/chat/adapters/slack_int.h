/* The Slack adapter's own contract between its files: slack.c (the
 * connection, events and replies) and slackcmd.c (slash commands). No
 * code but bot/chat/adapters/slack*.c should include this. */
#ifndef BOT_SLACK_INT_H
#define BOT_SLACK_INT_H

#include <jansson.h>
#include <stdint.h>

#include "bot/chat/adapter.h"
#include "bot/chat/outbox.h"
#include "bot/chat/seen.h"
#include "bot/net/ws.h"

#define URL_MAX 512
#define ID_MAX  64

struct slack {
    struct bot_adapter *ad;
    struct bot_ws *ws; /* made once the first URL is known */
    const struct bot_config *cfg;
    char api[URL_MAX];
    char *app_auth, *bot_auth; /* "Authorization: Bearer ..." (secrets) */
    char user_id[ID_MAX], name[ID_MAX];
    const char *names[2];    /* {name, NULL} for the router */
    struct bot_timer *timer; /* the next auth.test or connections.open */
    int authed;              /* auth.test said who we are */
    int hello, stopping, refreshing;
    enum bot_disconnect why; /* the server's disconnect, for the metrics */
    char why_text[24];       /* and its reason */
    unsigned attempt;        /* failed connects since the last hello */
    int64_t open_at, held_at;
    struct bot_seen seen; /* ids answered */
    struct bot_outbox *outbox;
    struct bot_outbox *responses; /* answers to slash commands, deferred */
};

/* Acknowledges @envelope_id, with @payload (stolen, or NULL) as the
 * response of an envelope that accepts one (a slash command). */
void bot_slack_ack(struct slack *sl, const char *envelope_id, json_t *payload);

/* Posts made from now on wait until the acknowledgement queued on the
 * socket is on the wire, or a second at most. */
void bot_slack_hold(struct slack *sl);

/* slackcmd.c: a slash_commands envelope's @payload (borrowed): asked and
 * acknowledged, with the answer when it is ready at once. */
void bot_slack_command(struct slack *sl, const char *envelope, json_t *payload);

/* The answer @a to the slash command whose bot_msg.ctx is @ctx. */
int bot_slack_command_reply(struct slack *sl, void *ctx,
                            const struct bot_answer *a);

/* The adapter's defer op: acknowledges a slash command now. */
void bot_slack_command_defer(struct bot_adapter *ad, const struct bot_msg *to);

/* Judges the answer to a POST at a response_url (a bot_outbox_check). */
int bot_slack_response_check(const char *body, size_t len, char *why,
                             size_t cap);

#endif
