/* Slack slash commands (/news) over Socket Mode: the question asked as a
 * mention; the answer in the envelope's acknowledgement when it is ready
 * within the call, else (the runtime deferred it: the reminder store) an
 * empty acknowledgement and the answer POSTed to the response_url. Part
 * of the Slack adapter (slack_int.h). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/base/err.h"
#include "bot/base/log.h"
#include "bot/chat/adapters/slackfmt.h"
#include "bot/chat/config.h"
#include "bot/chat/outbox.h"
#include "slack_int.h"

#define RESPONSE_URL_MAX 1024

/* A slash command while bot_on_msg() answers it: its bot_msg.ctx. */
struct cmd {
    const char *envelope;     /* borrowed from the frame */
    const char *response_url; /* likewise; a secret: never logged */
    int acked;                /* with the answer, or empty (deferred) */
};

/* True for text with nothing but spaces. */
static int
is_blank(const char *s)
{
    return s[strspn(s, " \t\r\n")] == '\0';
}

/* A slash_commands envelope: the question goes to the runtime as a
 * mention; bot_slack_command_reply() acknowledges with the answer,
 * bot_slack_command_defer() without it; whatever is not acknowledged by then
 * (no answer: a rate limit, a stop) is acknowledged empty here, as Slack needs
 * within 3 s. */
void
bot_slack_command(struct slack *sl, const char *envelope, json_t *payload)
{
    const char *command = NULL, *text = "", *user = NULL, *channel = NULL,
               *url = NULL;
    struct cmd c = {envelope, NULL, 0};
    struct bot_msg msg;
    char *copy = NULL;

    if (json_unpack(payload, "{s:s, s?s, s:s, s:s, s?s}", "command", &command,
                    "text", &text, "user_id", &user, "channel_id", &channel,
                    "response_url", &url) != 0 ||
        !*channel || strlen(channel) >= ID_MAX || strlen(user) >= ID_MAX) {
        bot_log(BOT_LOG_WARN, "slack: dropped a slash command without a "
                              "command, user or channel");
        goto out;
    }
    c.response_url = url && strlen(url) < RESPONSE_URL_MAX ? url : NULL;
    copy = strdup(is_blank(text) ? "help" : text);
    if (!copy)
        goto out;
    bot_slackfmt_plain(copy, sl->user_id);
    memset(&msg, 0, sizeof(msg));
    msg.channel = channel;
    /* A new question at the top of the channel, as a mention is: it
     * continues the asker's last exchange there. */
    msg.thread = envelope;
    msg.id = envelope;
    msg.user = user;
    msg.text = copy;
    msg.len = strlen(copy);
    msg.direct = channel[0] == 'D';
    msg.mentioned = 1;
    msg.from_self = strcmp(user, sl->user_id) == 0;
    msg.ctx = &c;
    bot_on_msg(sl->ad->bot, sl->ad, &msg, sl->names);
out:
    if (!c.acked)
        bot_slack_ack(sl, envelope, NULL);
    free(copy);
}

/* Slack's answer at a response_url: "ok" as text, or JSON with "ok". */
int
bot_slack_response_check(const char *body, size_t len, char *why, size_t cap)
{
    json_t *root = json_loadb(body, len, 0, NULL);
    const char *error = "refused";
    int ok = !json_is_object(root) || json_is_true(json_object_get(root, "ok"));

    json_unpack(root, "{s:s}", "error", &error);
    if (!ok)
        snprintf(why, cap, "%.60s", error);
    json_decref(root);
    return ok ? 0 : -1;
}

/* The answer to slash command @c: in its acknowledgement while that is
 * not sent, else (deferred) POSTed to its response_url. */
int
bot_slack_command_reply(struct slack *sl, void *ctx, const struct bot_answer *a)
{
    struct cmd *c = ctx;
    const char *headers[] = {"Content-Type: application/json; charset=utf-8",
                             NULL};
    json_t *m = bot_slackfmt_message(a);
    char *s;
    int rc;

    if (!m || json_object_set_new(
                  m, "response_type",
                  json_string(a->ephemeral ? "ephemeral" : "in_channel")) < 0) {
        json_decref(m);
        return BOT_ENOMEM;
    }
    if (!c->acked) {
        c->acked = 1;
        bot_slack_ack(sl, c->envelope, m);
        return 0;
    }
    /* https only, or http to this machine (tests): NEWSBOT_ALLOW_INSECURE
     * does not apply, the URL holds a secret; what a refusal logs of it
     * is its host at most */
    if (!c->response_url || (strncmp(c->response_url, "https://", 8) != 0 &&
                             strncmp(c->response_url, "http://", 7) != 0))
        rc = bot_fail(BOT_EINVAL, "slack: a slash command's answer was "
                                  "dropped: it came with no https "
                                  "response_url");
    else
        rc = bot_config_check_url("slack: a slash command's response_url",
                                  c->response_url, 0);
    if (rc < 0) {
        json_decref(m);
        return rc;
    }
    s = json_dumps(m, JSON_COMPACT);
    json_decref(m);
    rc = s ? bot_outbox_post(sl->responses, c->response_url, headers, s, NULL,
                             NULL)
           : BOT_ENOMEM;
    free(s);
    return rc;
}

/* The answer to slash command @to waits on slow work: acknowledged now,
 * answered at its response_url. */
void
bot_slack_command_defer(struct bot_adapter *ad, const struct bot_msg *to)
{
    struct slack *sl = ad->priv;
    struct cmd *c = to->ctx;

    if (!c || c->acked)
        return;
    c->acked = 1;
    bot_slack_ack(sl, c->envelope, NULL);
    bot_slack_hold(sl);
}
