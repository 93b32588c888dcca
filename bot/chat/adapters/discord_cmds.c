/* Discord: the slash commands /news, /news-summary and /news-upcoming,
 * registered with a bulk overwrite only when they differ from what Discord
 * has, and their interactions: answered by a callback within 3 s of the
 * INTERACTION_CREATE (type 4), or acknowledged (type 5) and edited in
 * (PATCH @original) when the answer waits on the reminder store. Only the
 * Discord adapter's files call these (discord_int.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/base/log.h"
#include "bot/base/secret.h"
#include "bot/net/http.h"
#include "bot/net/loop.h"
#include "bot/net/ws.h"
#include "discord_int.h"

#define WINDOW_MS     3000             /* Discord's time to a first response */
#define TOKEN_LIFE_MS (15 * 60 * 1000) /* an interaction token's life */
#define TOKEN_MAX     1024
#define EDIT_TRIES    5
#define CMDS_TRIES    6
#define EPHEMERAL     64 /* message flag: the asker's eyes only */

#define ERR_UNKNOWN_INTERACTION 10062 /* expired (or never was) */
#define ERR_ALREADY_ACKED       40060

/* ---- the commands ---- */

/* What we register: a CHAT_INPUT (1) command each, /news with a required
 * STRING (3) option. */
static json_t *
commands_wanted(void)
{
    return json_pack(
        "[{s:s, s:i, s:s, s:[{s:i, s:s, s:s, s:b}]}, {s:s, s:i, s:s},"
        " {s:s, s:i, s:s}]",
        "name", "news", "type", 1, "description",
        "Ask a question about the news article", "options", "type", 3, "name",
        "question", "description", "Your question, e.g. when is the hearing?",
        "required", 1, "name", "news-summary", "type", 1, "description",
        "The article in a few sentences", "name", "news-upcoming", "type", 1,
        "description", "What the article says is coming up");
}

static int
same_string(json_t *a, json_t *b, const char *key)
{
    const char *x = json_string_value(json_object_get(a, key));
    const char *y = json_string_value(json_object_get(b, key));

    return x && y && strcmp(x, y) == 0;
}

/* An integer field, @dflt when absent. */
static json_int_t
int_or(json_t *o, const char *key, json_int_t dflt)
{
    json_t *v = json_object_get(o, key);

    return json_is_integer(v) ? json_integer_value(v) : dflt;
}

/* Whether registered command @have is @want: type, description and the
 * options (type, name, description, required), in order. */
static int
same_command(json_t *want, json_t *have)
{
    json_t *wo = json_object_get(want, "options");
    json_t *ho = json_object_get(have, "options");
    size_t i;

    if (int_or(have, "type", 1) != int_or(want, "type", 1) ||
        !same_string(want, have, "description") ||
        json_array_size(wo) != json_array_size(ho))
        return 0;
    for (i = 0; i < json_array_size(wo); i++) {
        json_t *w = json_array_get(wo, i), *h = json_array_get(ho, i);
        if (int_or(w, "type", 0) != int_or(h, "type", -1) ||
            !same_string(w, h, "name") || !same_string(w, h, "description") ||
            json_is_true(json_object_get(w, "required")) !=
                json_is_true(json_object_get(h, "required")))
            return 0;
    }
    return 1;
}

/* Whether @have (GET's answer) differs from @want: the same names, each
 * the same command, nothing more. */
static int
commands_differ(json_t *want, json_t *have)
{
    size_t i, j;

    if (!json_is_array(have) || json_array_size(have) != json_array_size(want))
        return 1;
    for (i = 0; i < json_array_size(want); i++) {
        json_t *w = json_array_get(want, i), *found = NULL;
        for (j = 0; j < json_array_size(have) && !found; j++) {
            if (same_string(w, json_array_get(have, j), "name"))
                found = json_array_get(have, j);
        }
        if (!found || !same_command(w, found))
            return 1;
    }
    return 0;
}

static void
commands_url(const struct dc *dc, char *url, size_t cap)
{
    if (dc->guild_id[0])
        snprintf(url, cap, "%s/applications/%s/guilds/%s/commands", dc->api,
                 dc->app_id, dc->guild_id);
    else
        snprintf(url, cap, "%s/applications/%s/commands", dc->api, dc->app_id);
}

static void commands_get(void *arg);

/* A GET or PUT of the commands failed: try again later, a few times. */
static void
commands_retry(struct dc *dc, const char *what,
               const struct bot_http_response *r)
{
    char desc[256];
    int64_t wait = r->retry_after > 0 ? r->retry_after * 1000
                                      : bot_ws_backoff_ms(dc->cmds_attempt, 0);

    bot_http_describe(r, desc, sizeof(desc));
    if (r->rc == BOT_ENET && ++dc->cmds_attempt < CMDS_TRIES) {
        bot_log(BOT_LOG_WARN,
                "discord: %s of the slash commands failed (%s); "
                "retrying in %lld ms",
                what, desc, (long long)wait);
        bot_timer_start(dc->cmds_timer, wait);
        return;
    }
    dc->cmds = DC_CMDS_DONE;
    bot_log(BOT_LOG_WARN,
            "discord: %s of the slash commands failed (%s); /news is not "
            "available (the applications.commands scope?)",
            what, desc);
}

static void
commands_put_done(void *arg, const struct bot_http_response *r)
{
    struct dc *dc = arg;

    if (dc->stopping)
        return;
    if (r->rc < 0) {
        commands_retry(dc, "the PUT", r);
        return;
    }
    dc->cmds = DC_CMDS_DONE;
    bot_log(BOT_LOG_INFO, "discord: slash commands registered (%s%s)",
            dc->guild_id[0] ? "guild " : "global",
            dc->guild_id[0] ? dc->guild_id : "");
}

static void
commands_got(void *arg, const struct bot_http_response *r)
{
    struct dc *dc = arg;
    const char *headers[] = {dc->auth, DC_USER_AGENT,
                             "Content-Type: application/json", NULL};
    struct bot_http_request req;
    char url[DC_URL_MAX + 160];
    json_t *have, *want;
    char *body = NULL;
    int i;

    if (dc->stopping)
        return;
    if (r->rc < 0) {
        commands_retry(dc, "the GET", r);
        return;
    }
    have = json_loadb(r->body, r->body_len, 0, NULL);
    want = commands_wanted();
    if (want && !commands_differ(want, have)) {
        dc->cmds = DC_CMDS_DONE;
        bot_log(BOT_LOG_INFO, "discord: slash commands up to date");
    } else if (want && (body = json_dumps(want, JSON_COMPACT)) != NULL) {
        bot_log(BOT_LOG_INFO, "discord: registering the slash commands");
        commands_url(dc, url, sizeof(url));
        memset(&req, 0, sizeof(req));
        req.method = "PUT";
        req.url = url;
        for (i = 0; headers[i]; i++)
            req.headers[i] = headers[i];
        req.body = body;
        req.body_len = strlen(body);
        if (bot_http_send(bot_http(dc->ad->bot), &req, commands_put_done, dc) <
            0)
            bot_timer_start(dc->cmds_timer, 1000);
    }
    free(body);
    json_decref(have);
    json_decref(want);
}

static void
commands_get(void *arg)
{
    struct dc *dc = arg;
    struct bot_http *http = bot_http(dc->ad->bot);
    char url[DC_URL_MAX + 160];
    struct bot_http_request req = {"GET", url, {dc->auth, DC_USER_AGENT, NULL},
                                   NULL,  0,   0};

    if (dc->stopping)
        return;
    commands_url(dc, url, sizeof(url));
    if (!http || bot_http_send(http, &req, commands_got, dc) < 0)
        bot_timer_start(dc->cmds_timer, 1000);
}

void
bot_discord_cmds_start(struct dc *dc, const char *app_id)
{
    if (dc->cmds != DC_CMDS_NONE || strlen(app_id) >= sizeof(dc->app_id))
        return; /* once per start: a resume or re-identify changes nothing */
    snprintf(dc->app_id, sizeof(dc->app_id), "%s", app_id);
    if (!dc->cmds_timer)
        dc->cmds_timer =
            bot_timer_new(bot_loop_of(dc->ad->bot), commands_get, dc);
    if (!dc->cmds_timer)
        return;
    dc->cmds = DC_CMDS_CHECKING;
    commands_get(dc);
}

/* ---- interactions ---- */

enum ix_state {
    IX_NEW,       /* nothing sent yet */
    IX_ANSWERING, /* the answer (type 4) on its way */
    IX_DEFERRING, /* the acknowledgement (type 5) on its way */
    IX_DEFERRED,  /* acknowledged: the answer comes as an edit */
    IX_EDITING,   /* PATCH @original on its way */
};

struct dc_ix {
    struct dc_ix *next;
    struct dc *dc;
    char id[DC_ID_MAX], app[DC_ID_MAX];
    char *token;      /* the interaction's token (secret: in URLs only) */
    int64_t received; /* when its INTERACTION_CREATE arrived */
    enum ix_state state;
    int in_flight, tries;
    char *body;              /* the request being sent */
    char *edit;              /* the answer, waiting for the type 5 to land */
    struct bot_timer *timer; /* a retry */
};

static void
ix_free(struct dc_ix *ix)
{
    struct dc_ix **p = &ix->dc->ixs;

    while (*p && *p != ix)
        p = &(*p)->next;
    if (*p)
        *p = ix->next;
    if (ix->in_flight)
        bot_http_forget(ix->dc->ad->bot, ix);
    bot_timer_free(ix->timer);
    bot_secret_free(ix->token);
    free(ix->body);
    free(ix->edit);
    free(ix);
}

static void ix_done(void *arg, const struct bot_http_response *r);

/* Sends ix->body: the callback, or the edit. Never frees @ix: a failure
 * to queue is retried by the timer. */
static void
ix_fire(struct dc_ix *ix)
{
    struct dc *dc = ix->dc;
    struct bot_http *http = bot_http(dc->ad->bot);
    char url[DC_URL_MAX + TOKEN_MAX + 96];
    struct bot_http_request req;
    int64_t left = ix->received + WINDOW_MS - bot_now_ms(dc->ad->bot);

    memset(&req, 0, sizeof(req));
    req.headers[0] = DC_USER_AGENT; /* the token in the URL is the auth */
    req.headers[1] = "Content-Type: application/json";
    req.url = url;
    req.body = ix->body;
    req.body_len = strlen(ix->body);
    if (ix->state == IX_EDITING) {
        req.method = "PATCH";
        snprintf(url, sizeof(url), "%s/webhooks/%s/%s/messages/@original",
                 dc->api, ix->app, ix->token);
    } else {
        req.method = "POST";
        snprintf(url, sizeof(url), "%s/interactions/%s/%s/callback", dc->api,
                 ix->id, ix->token);
        req.timeout_ms = left > 1000 ? left : 1000; /* no use after that */
    }
    ix->tries++;
    if (http && bot_http_send(http, &req, ix_done, ix) == 0)
        ix->in_flight = 1;
    else
        bot_timer_start(ix->timer, 100);
    memset(url, 0, sizeof(url)); /* the token */
}

/* The timer: a retry, unless the window has closed meanwhile. */
static void
ix_again(void *arg)
{
    struct dc_ix *ix = arg;

    if (ix->state != IX_EDITING &&
        bot_now_ms(ix->dc->ad->bot) >= ix->received + WINDOW_MS) {
        bot_log(BOT_LOG_WARN,
                "discord: interaction %s not answered within 3 s; dropped",
                ix->id);
        ix_free(ix);
        return;
    }
    ix_fire(ix);
}

static void
ix_edit(struct dc_ix *ix)
{
    free(ix->body);
    ix->body = ix->edit;
    ix->edit = NULL;
    ix->state = IX_EDITING;
    ix->tries = 0;
    ix_fire(ix);
}

/* Discord's JSON error code in @r's body, or 0. */
static long
error_code(const struct bot_http_response *r, double *retry_after)
{
    json_t *e = json_loadb(r->body, r->body_len, 0, NULL);
    json_t *ra = json_object_get(e, "retry_after");
    long code = (long)int_or(e, "code", 0);

    *retry_after = json_is_number(ra) ? json_number_value(ra) : -1;
    json_decref(e);
    return code;
}

static void
ix_done(void *arg, const struct bot_http_response *r)
{
    struct dc_ix *ix = arg;
    int64_t now = bot_now_ms(ix->dc->ad->bot), wait;
    double ra = -1;
    long code = r->rc < 0 ? error_code(r, &ra) : 0;
    char what[256];

    ix->in_flight = 0;
    if (r->rc == 0 || code == ERR_ALREADY_ACKED) { /* an earlier try landed */
        if (ix->state == IX_DEFERRING) {
            ix->state = IX_DEFERRED;
            if (ix->edit)
                ix_edit(ix);
            return;
        }
        ix_free(ix); /* answered */
        return;
    }
    if (code == ERR_UNKNOWN_INTERACTION) {
        bot_log(BOT_LOG_WARN,
                "discord: interaction %s expired (Unknown interaction, "
                "%lld ms after it arrived); dropped",
                ix->id, (long long)(now - ix->received));
        ix_free(ix);
        return;
    }
    wait = ra >= 0              ? (int64_t)(ra * 1000.0 + 0.5)
           : r->retry_after > 0 ? r->retry_after * 1000
                                : 100 * ix->tries;
    if (r->rc == BOT_ENET &&
        (ix->state == IX_EDITING ? ix->tries < EDIT_TRIES
                                 : now + wait < ix->received + WINDOW_MS)) {
        bot_timer_start(ix->timer, wait);
        return;
    }
    bot_http_describe(r, what, sizeof(what));
    bot_log(BOT_LOG_WARN,
            "discord: interaction %s not answered (%s%s); dropped", ix->id,
            what, r->status == 429 ? ", rate limited past 3 s" : "");
    ix_free(ix);
}

int
bot_discord_ix_reply(struct dc *dc, struct dc_ix *ix,
                     const struct bot_answer *a)
{
    json_t *data =
        bot_discord_embed_fields(a, bot_discord_embed_wanted(dc, NULL, a));
    json_t *body = NULL;
    char *s = NULL;
    int rc = 0;

    if (!data)
        return BOT_ENOMEM;
    json_object_set_new(data, "allowed_mentions", json_pack("{s:[]}", "parse"));
    if (ix->state == IX_NEW) {
        if (a->ephemeral)
            json_object_set_new(data, "flags", json_integer(EPHEMERAL));
        body = json_pack("{s:i, s:O}", "type", 4, "data", data);
        s = body ? json_dumps(body, JSON_COMPACT) : NULL;
        if (s) {
            free(ix->body);
            ix->body = s;
            ix->state = IX_ANSWERING;
            ix_fire(ix);
        }
        rc = s ? 0 : BOT_ENOMEM;
    } else if (ix->state == IX_DEFERRING || ix->state == IX_DEFERRED) {
        /* an edit; while the acknowledgement is on its way it waits */
        s = json_dumps(data, JSON_COMPACT);
        if (s) {
            free(ix->edit);
            ix->edit = s;
            if (ix->state == IX_DEFERRED)
                ix_edit(ix);
        }
        rc = s ? 0 : BOT_ENOMEM;
    } /* else answered already */
    json_decref(body);
    json_decref(data);
    return rc;
}

void
bot_discord_ix_defer(struct dc *dc, struct dc_ix *ix)
{
    (void)dc;
    if (ix->state != IX_NEW)
        return;
    free(ix->body);
    ix->body = strdup("{\"type\":5}");
    if (!ix->body)
        return; /* answered with type 4 when the answer comes */
    ix->state = IX_DEFERRING;
    ix_fire(ix);
}

/* The question a command asks: /news's option, or the command's own. */
static const char *
question_of(const char *name, json_t *data)
{
    json_t *opts = json_object_get(data, "options");
    size_t i;

    if (strcmp(name, "news-summary") == 0)
        return "summary";
    if (strcmp(name, "news-upcoming") == 0)
        return "what's upcoming?";
    if (strcmp(name, "news") != 0)
        return NULL;
    for (i = 0; i < json_array_size(opts); i++) {
        json_t *o = json_array_get(opts, i);
        const char *n = json_string_value(json_object_get(o, "name"));
        const char *v = json_string_value(json_object_get(o, "value"));
        if (n && v && strcmp(n, "question") == 0)
            return v;
    }
    return NULL;
}

static struct dc_ix *
ix_new(struct dc *dc, const char *id, const char *token, const char *app)
{
    struct dc_ix *ix = calloc(1, sizeof(*ix));

    if (!ix)
        return NULL;
    ix->dc = dc;
    ix->token = strdup(token);
    ix->timer = bot_timer_new(bot_loop_of(dc->ad->bot), ix_again, ix);
    if (!ix->token || !ix->timer) {
        bot_timer_free(ix->timer);
        bot_secret_free(ix->token);
        free(ix);
        return NULL;
    }
    snprintf(ix->id, sizeof(ix->id), "%s", id);
    snprintf(ix->app, sizeof(ix->app), "%s", app);
    ix->received = dc->now;
    ix->next = dc->ixs;
    dc->ixs = ix;
    return ix;
}

static void
ix_notice(struct dc *dc, struct dc_ix *ix, const char *text)
{
    struct bot_answer a;

    bot_answer_plain(&a, text);
    a.ephemeral = 1;
    if (bot_discord_ix_reply(dc, ix, &a) < 0)
        bot_log(BOT_LOG_WARN, "discord: interaction %s left unanswered",
                ix->id);
}

void
bot_discord_ix_create(struct dc *dc, json_t *d)
{
    const char *id = NULL, *token = NULL, *app = NULL, *channel = NULL;
    const char *name = NULL, *user, *text;
    json_int_t type = 0;
    json_t *data = json_object_get(d, "data");
    struct bot_msg msg;
    struct dc_ix *ix;

    if (json_unpack(d, "{s:s, s:s, s:I, s?s, s?s}", "id", &id, "token", &token,
                    "type", &type, "application_id", &app, "channel_id",
                    &channel) != 0 ||
        type != 2) /* an application command; no components or modals */
        return;
    if (!channel)
        channel = json_string_value(
            json_object_get(json_object_get(d, "channel"), "id"));
    user = json_string_value(json_object_get(
        json_object_get(json_object_get(d, "member"), "user"), "id"));
    if (!user)
        user = json_string_value(
            json_object_get(json_object_get(d, "user"), "id"));
    name = json_string_value(json_object_get(data, "name"));
    if (!channel || !user || !name || strlen(id) >= DC_ID_MAX ||
        strlen(token) >= TOKEN_MAX || (app && strlen(app) >= DC_ID_MAX)) {
        bot_log(BOT_LOG_WARN, "discord: an interaction without a channel, "
                              "user or command; ignored");
        return;
    }
    if (bot_seen_check(&dc->seen, id))
        return;
    ix = ix_new(dc, id, token, app ? app : dc->app_id);
    if (!ix)
        return;
    text = question_of(name, data);
    if (!text) {
        ix_notice(dc, ix, "I don't know that command; try /news.");
        return;
    }
    memset(&msg, 0, sizeof(msg));
    msg.channel = channel; /* the conversation is the channel's */
    msg.id = id;
    msg.user = user;
    msg.text = text;
    msg.len = strlen(text);
    msg.direct = json_object_get(d, "guild_id") == NULL;
    msg.mentioned = 1;
    msg.ctx = ix;
    bot_on_msg(dc->ad->bot, dc->ad, &msg, NULL);
    /* dropped (a rate limit, the bot stopping): Discord still wants an
     * answer, or it shows "The application did not respond" */
    if (ix->state == IX_NEW)
        ix_notice(dc, ix,
                  "I can't answer that right now; try again in a "
                  "moment.");
}

void
bot_discord_ix_tick(struct dc *dc, int64_t now_ms)
{
    struct dc_ix *ix = dc->ixs, *next;

    for (; ix; ix = next) {
        next = ix->next;
        if (!ix->in_flight && now_ms - ix->received > TOKEN_LIFE_MS)
            ix_free(ix); /* its token is dead: nothing more can be sent */
    }
}

int
bot_discord_ix_busy(const struct dc *dc)
{
    return dc->ixs != NULL;
}

void
bot_discord_cmds_release(struct dc *dc)
{
    while (dc->ixs)
        ix_free(dc->ixs);
    bot_timer_free(dc->cmds_timer);
    dc->cmds_timer = NULL;
}
