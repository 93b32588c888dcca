/* IRC over WebSocket (IRCv3 WebSocket; InspIRCd 3; Twitch chat), TCP or
 * TLS, with SASL PLAIN or EXTERNAL during CAP negotiation. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/base/log.h"
#include "bot/chat/adapter.h"
#include "bot/chat/adapters/ircmsg.h"
#include "bot/chat/adapters/ircsasl.h"
#include "bot/chat/split.h"
#include "bot/net/link.h"

#define OUTQ_MAX         512 /* paced PRIVMSG lines waiting */
#define ANSWER_LINES     16  /* most lines one answer may take */
#define NICK_TRIES       8   /* nick-in-use fallbacks before giving up */
#define REGISTER_WAIT_MS 30000
#define MARKS_MAX        8 /* posts waiting for the server's word */
#define MARK_TOKEN       "newsbot-post-"

/* A post (a reminder) waiting to be accepted. IRC has no receipts, but a
 * server handles a client's lines in order: a PING queued right after the
 * post's lines is answered only once they were taken. */
struct mark {
    bot_post_done done;
    void *arg;
    long token;  /* PING :newsbot-post-<token> */
    int sent;    /* the PING is on the wire */
    int refused; /* the server said it cannot send to @target */
    char target[64];
};

struct irc {
    struct bot_adapter *ad;
    struct bot_link *link;
    const char *password;     /* borrowed from the config; never logged */
    struct bot_irc_sasl sasl; /* mech NONE: no SASL */
    int fatal;                /* 1: credentials refused, 2: configuration */
    char fatal_why[224];      /* why, for the log; never a credential */
    const char *channels[BOT_CONFIG_CHANNELS_MAX];
    int nchannels;
    char want_nick[64], nick[64], userhost[192];
    const char *names[2]; /* {nick, NULL} for the router */
    enum bot_irc_casemap casemap;
    char caps[512]; /* what CAP LS listed */
    char bot_mode;  /* ISUPPORT BOT=<mode>, or 0 */
    int registered, auth_failed, quit_sent;
    int logged_in;           /* SASL succeeded on this connection */
    enum bot_disconnect why; /* of the close to come, for the metrics */
    int nick_tries;          /* 433s answered since the connection opened */
    int64_t now, open_at, last_rx, ping_at;
    int64_t idle_ping_ms, pong_wait_ms; /* IRC_PING: after this much silence
                                           we ping; a third of it to answer */
    /* Pacing: a token bucket for PRIVMSG lines. */
    double tokens, per_ms;
    int burst;
    int64_t tokens_at;
    char (*outq)[BOT_IRC_LINE_MAX];
    size_t outq_head, outq_len;
    struct mark marks[MARKS_MAX];
    int nmarks;
    long next_token;
};

static int
send_line(struct irc *irc, const char *line, int urgent)
{
    if (!bot_link_is_open(irc->link))
        return BOT_ENET;
    return bot_link_send(irc->link, line, strlen(line), urgent);
}

static int sendf(struct irc *irc, int urgent, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
sendf(struct irc *irc, int urgent, const char *fmt, ...)
{
    char line[BOT_IRC_LINE_MAX];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof(line) - 2)
        return BOT_EINVAL;
    return send_line(irc, line, urgent);
}

/* Queues a PRIVMSG line for the pacer. */
static int
enqueue(struct irc *irc, const char *line)
{
    size_t at;

    if (irc->outq_len == OUTQ_MAX)
        return bot_fail(BOT_ETOOBIG, "irc: reply queue full, line dropped");
    at = (irc->outq_head + irc->outq_len) % OUTQ_MAX;
    snprintf(irc->outq[at], BOT_IRC_LINE_MAX, "%s", line);
    irc->outq_len++;
    return 0;
}

/* The PING after a post went out: its answer will accept the post. */
static void
mark_sent(struct irc *irc, const char *line)
{
    long token;
    int i;

    if (strncmp(line, "PING :" MARK_TOKEN, strlen("PING :" MARK_TOKEN)) != 0)
        return;
    token = strtol(line + strlen("PING :" MARK_TOKEN), NULL, 10);
    for (i = 0; i < irc->nmarks; i++) {
        if (irc->marks[i].token == token)
            irc->marks[i].sent = 1;
    }
}

/* Ends the posts whose PING the server answered (@token, or the oldest
 * sent one for a server that does not echo tokens), or, with @rc < 0,
 * every post whose PING was sent: the connection dropped, and whether
 * the server took them is unknown. */
static void
marks_end(struct irc *irc, long token, int rc)
{
    struct mark done[MARKS_MAX];
    int i, n = 0, kept = 0, oldest = 1;

    for (i = 0; i < irc->nmarks; i++) {
        struct mark *m = &irc->marks[i];
        int end = m->sent && (rc < 0 || (token > 0 && m->token <= token) ||
                              (token == 0 && oldest));
        if (m->sent)
            oldest = 0;
        if (end)
            done[n++] = *m;
        else
            irc->marks[kept++] = *m;
    }
    irc->nmarks = kept;
    for (i = 0; i < n; i++)
        done[i].done(done[i].arg, rc == 0 && done[i].refused ? BOT_EIO : rc);
}

/* 404 (cannot send to channel), 401 (no such nick), 403 (no such
 * channel): a post to that target was not delivered; its PING answer must
 * not count as acceptance. */
static void
on_refused(struct irc *irc, const struct bot_irc_msg *m)
{
    int i;

    if (m->nparams < 2)
        return;
    for (i = 0; i < irc->nmarks; i++) {
        if (bot_irc_casecmp(irc->casemap, irc->marks[i].target, m->params[1]) ==
            0)
            irc->marks[i].refused = 1;
    }
}

static void
on_pong(struct irc *irc, const struct bot_irc_msg *m)
{
    const char *t = m->nparams ? m->params[m->nparams - 1] : "";

    irc->ping_at = 0;
    if (strncmp(t, MARK_TOKEN, strlen(MARK_TOKEN)) == 0)
        marks_end(irc, strtol(t + strlen(MARK_TOKEN), NULL, 10), 0);
    else if (strcmp(t, "newsbot") != 0) /* Twitch: "PONG :tmi.twitch.tv" */
        marks_end(irc, 0, 0);
}

/* Sends what the token bucket allows. */
static void
pace(struct irc *irc)
{
    irc->tokens += (double)(irc->now - irc->tokens_at) * irc->per_ms;
    if (irc->tokens > irc->burst)
        irc->tokens = irc->burst;
    irc->tokens_at = irc->now;
    while (irc->outq_len > 0 && irc->tokens >= 1.0 &&
           bot_link_is_open(irc->link) && irc->registered) {
        if (send_line(irc, irc->outq[irc->outq_head], 0) < 0)
            break;
        mark_sent(irc, irc->outq[irc->outq_head]);
        irc->outq_head = (irc->outq_head + 1) % OUTQ_MAX;
        irc->outq_len--;
        irc->tokens -= 1.0;
    }
}

/* Gives up on this server for good: the connection closes, and its close
 * says why and ends the platform with exit status 2 (link_close). */
static void
give_up(struct irc *irc, int fatal, const char *why)
{
    if (irc->fatal)
        return;
    irc->fatal = fatal;
    snprintf(irc->fatal_why, sizeof(irc->fatal_why), "%s", why);
    bot_link_close(irc->link, fatal == 1 ? "SASL failed" : "SASL impossible");
}

/* Asks for the capabilities we use, of those the server listed; with SASL
 * configured, a server that does not offer it with our mechanism is left
 * rather than joined unauthenticated. */
static void
request_caps(struct irc *irc)
{
    static const char *const want[] = {"message-tags",
                                       "server-time",
                                       "echo-message",
                                       "twitch.tv/tags",
                                       "twitch.tv/commands",
                                       "sasl",
                                       NULL};
    char req[256] = "";
    size_t o = 0;
    int i;

    if (irc->sasl.mech) {
        int offered = bot_irc_sasl_offered(irc->caps, irc->sasl.mech);
        char why[160];
        snprintf(why, sizeof(why),
                 offered ? "the server does not offer SASL %s (CAP LS lists "
                           "other mechanisms); not connecting unauthenticated"
                         : "the server does not offer SASL (no sasl in CAP "
                           "LS); not connecting unauthenticated",
                 bot_irc_sasl_mech_name(irc->sasl.mech));
        if (offered <= 0) {
            give_up(irc, 2, why);
            return;
        }
    }
    for (i = 0; want[i]; i++) {
        const char *p = irc->caps;
        size_t n = strlen(want[i]);
        int listed = 0;
        if (!strcmp(want[i], "sasl") && !irc->sasl.mech)
            continue;
        while ((p = strstr(p, want[i])) != NULL && !listed) {
            listed = (p == irc->caps || p[-1] == ' ') &&
                     (p[n] == '\0' || p[n] == ' ' || p[n] == '=');
            p += n;
        }
        if (listed && o + n + 2 < sizeof(req))
            o += (size_t)snprintf(req + o, sizeof(req) - o, "%s%s",
                                  o ? " " : "", want[i]);
    }
    if (o)
        sendf(irc, 1, "CAP REQ :%s", req);
    else
        sendf(irc, 1, "CAP END");
}

static void
on_cap(struct irc *irc, const struct bot_irc_msg *m)
{
    const char *sub = m->nparams > 1 ? m->params[1] : "";

    if (!strcmp(sub, "LS") && m->nparams >= 3) {
        int more = m->nparams >= 4 && !strcmp(m->params[2], "*");
        const char *list = m->params[m->nparams - 1];
        size_t len = strlen(irc->caps);
        snprintf(irc->caps + len, sizeof(irc->caps) - len, "%s%s",
                 len ? " " : "", list);
        if (!more)
            request_caps(irc);
    } else if (!strcmp(sub, "ACK") && irc->sasl.mech) {
        char line[64];
        if (bot_irc_sasl_start(&irc->sasl, line, sizeof(line)) == 0)
            sendf(irc, 1, "%s", line);
    } else if (!strcmp(sub, "NAK") && irc->sasl.mech) {
        give_up(irc, 2,
                "the server refused the sasl capability (CAP NAK); "
                "not connecting unauthenticated");
    } else if (!strcmp(sub, "ACK") || !strcmp(sub, "NAK")) {
        sendf(irc, 1, "CAP END");
    }
}

static int
sasl_send(void *arg, const char *line)
{
    return send_line(arg, line, 1);
}

/* A line of the SASL exchange: answered, or the end of it. Return: 1 if
 * the line was about SASL. */
static int
on_sasl(struct irc *irc, const struct bot_irc_msg *m)
{
    char why[200];

    if (!irc->sasl.mech)
        return 0;
    switch (
        bot_irc_sasl_step(&irc->sasl, m, sasl_send, irc, why, sizeof(why))) {
    case BOT_IRC_SASL_OTHER:
        return 0;
    case BOT_IRC_SASL_GOING:
        if (!strcmp(m->command, "900"))
            bot_log(BOT_LOG_INFO, "irc: logged in to account %s",
                    m->nparams > 2 ? m->params[2] : "?");
        return 1;
    case BOT_IRC_SASL_DONE:
        irc->logged_in = 1;
        bot_log(BOT_LOG_INFO, "irc: SASL %s authentication succeeded",
                bot_irc_sasl_mech_name(irc->sasl.mech));
        sendf(irc, 1, "CAP END");
        return 1;
    case BOT_IRC_SASL_REFUSED:
        give_up(irc, 1, why);
        return 1;
    case BOT_IRC_SASL_NO_MECH:
        give_up(irc, 2, why);
        return 1;
    case BOT_IRC_SASL_ABORTED:
        bot_log(BOT_LOG_WARN, "irc: %s; reconnecting", why);
        bot_link_close(irc->link, "SASL aborted");
        return 1;
    }
    return 1;
}

static void
on_welcome(struct irc *irc, const struct bot_irc_msg *m)
{
    int i;

    if (irc->sasl.mech && !irc->logged_in) { /* a server without CAP */
        give_up(irc, 2,
                "the server registered the bot without SASL (it "
                "ignored CAP); not staying unauthenticated");
        return;
    }
    irc->registered = 1;
    irc->auth_failed = 0; /* welcomed: whatever was said before is moot */
    if (m->nparams > 0)
        snprintf(irc->nick, sizeof(irc->nick), "%s", m->params[0]);
    bot_link_ready(irc->link);
    bot_platform_ready(irc->ad);
    bot_log(BOT_LOG_INFO, "irc: registered as %s", irc->nick);
    for (i = 0; i < irc->nchannels; i++)
        sendf(irc, 0, "JOIN %s", irc->channels[i]);
    if (irc->bot_mode)
        sendf(irc, 0, "MODE %s +%c", irc->nick, irc->bot_mode);
}

static void
on_isupport(struct irc *irc, const struct bot_irc_msg *m)
{
    int i;

    for (i = 1; i < m->nparams - 1; i++) {
        const char *t = m->params[i];
        if (!strncmp(t, "CASEMAPPING=", 12))
            irc->casemap = bot_irc_casemap_parse(t + 12);
        else if (!strncmp(t, "BOT=", 4) && t[4] && !irc->bot_mode) {
            irc->bot_mode = t[4];
            if (irc->registered)
                sendf(irc, 0, "MODE %s +%c", irc->nick, irc->bot_mode);
        }
    }
}

static void
on_nick_in_use(struct irc *irc)
{
    if (irc->registered)
        return;
    if (++irc->nick_tries > NICK_TRIES) {
        bot_log(BOT_LOG_ERROR,
                "irc: no free nick after %d tries; will retry "
                "later",
                NICK_TRIES);
        bot_link_close(irc->link, "no free nick");
        return;
    }
    /* newsbot_, then newsbot_2 ... newsbot_8: short enough for NICKLEN 9
     * servers to keep them distinct. */
    if (irc->nick_tries == 1)
        snprintf(irc->nick, sizeof(irc->nick), "%.29s_", irc->want_nick);
    else
        snprintf(irc->nick, sizeof(irc->nick), "%.28s_%d", irc->want_nick,
                 irc->nick_tries);
    bot_log(BOT_LOG_WARN, "irc: nick in use, trying %s", irc->nick);
    sendf(irc, 1, "NICK %s", irc->nick);
}

static void
on_privmsg(struct irc *irc, const struct bot_irc_msg *m)
{
    struct bot_msg msg;
    const char *target, *text;

    if (m->nparams < 2 || !m->nick)
        return;
    target = m->params[0];
    text = m->params[1];
    if (bot_irc_is_ctcp(text))
        return;
    memset(&msg, 0, sizeof(msg));
    msg.direct = bot_irc_casecmp(irc->casemap, target, irc->nick) == 0;
    msg.channel = msg.direct ? m->nick : target;
    msg.user = m->nick;
    msg.text = text;
    msg.len = strlen(text);
    msg.from_self = bot_irc_casecmp(irc->casemap, m->nick, irc->nick) == 0;
    msg.from_bot =
        bot_irc_tag(m, "bot") != NULL || bot_irc_tag(m, "draft/bot") != NULL;
    irc->names[0] = irc->nick;
    irc->names[1] = NULL;
    bot_on_msg(irc->ad->bot, irc->ad, &msg, irc->names);
}

static void
on_join(struct irc *irc, const struct bot_irc_msg *m)
{
    const char *bang;

    if (!m->prefix || !m->nick ||
        bot_irc_casecmp(irc->casemap, m->nick, irc->nick) != 0)
        return;
    bang = strchr(m->prefix, '!');
    if (bang)
        snprintf(irc->userhost, sizeof(irc->userhost), "%s", bang + 1);
    bot_log(BOT_LOG_INFO, "irc: joined %s",
            m->nparams > 0 ? m->params[0] : "?");
}

static void
on_failure_text(struct irc *irc, const char *text)
{
    /* Twitch: "Login authentication failed"; InspIRCd: "Access denied by
     * configuration" for a wrong server password; others name the
     * password. */
    if (text && (strstr(text, "Login authentication failed") ||
                 strstr(text, "Improperly formatted auth") ||
                 strstr(text, "Access denied") || strstr(text, "assword")))
        irc->auth_failed = 1;
}

/* Handles one line from the server. */
static void
on_line(void *arg, const char *line, size_t len)
{
    struct irc *irc = arg;
    struct bot_irc_msg *m = malloc(sizeof(*m));
    const char *c;

    if (!m) {
        bot_log(BOT_LOG_ERROR, "irc: out of memory; a line is lost");
        return;
    }
    irc->last_rx = irc->now;
    irc->ping_at = 0;
    if (bot_irc_parse(line, len, m) < 0) {
        bot_log(BOT_LOG_WARN, "irc: dropped a malformed line (%zu bytes)", len);
        goto out;
    }
    c = m->command;
    if (!strcmp(c, "AUTHENTICATE")) /* SASL data: never in the log */
        bot_log(BOT_LOG_DEBUG, "irc: <- AUTHENTICATE (%zu bytes, not shown)",
                len);
    else
        bot_log(BOT_LOG_DEBUG, "irc: <- %.*s", (int)(len > 300 ? 300 : len),
                line);
    if (on_sasl(irc, m))
        goto out;
    if (!strcmp(c, "PING"))
        sendf(irc, 1, "PONG :%s", m->nparams ? m->params[m->nparams - 1] : "");
    else if (!strcmp(c, "PONG"))
        on_pong(irc, m);
    else if (!strcmp(c, "CAP"))
        on_cap(irc, m);
    else if (!strcmp(c, "001"))
        on_welcome(irc, m);
    else if (!strcmp(c, "005"))
        on_isupport(irc, m);
    else if (!strcmp(c, "433") || !strcmp(c, "436"))
        on_nick_in_use(irc);
    else if (!strcmp(c, "432") && !irc->registered)
        bot_fatal_config(irc->ad->bot, "irc",
                         "the server refuses IRC_NICK as an erroneous nick");
    else if (!strcmp(c, "464"))
        irc->auth_failed = 1;
    else if (!strcmp(c, "PRIVMSG"))
        on_privmsg(irc, m);
    else if (!strcmp(c, "JOIN"))
        on_join(irc, m);
    else if ((!strcmp(c, "NOTICE") || !strcmp(c, "ERROR")) && !irc->registered)
        on_failure_text(irc, m->nparams ? m->params[m->nparams - 1] : "");
    else if (!strcmp(c, "RECONNECT"))
        bot_link_close(irc->link, "server restart");
    if (irc->why == BOT_DISCONNECT_NONE) /* ERROR or RECONNECT: the cause */
        irc->why = bot_irc_closing(m);
    if (!strcmp(c, "404") || !strcmp(c, "401") || !strcmp(c, "403"))
        on_refused(irc, m);
    if (!strcmp(c, "471") || !strcmp(c, "473") || !strcmp(c, "474") ||
        !strcmp(c, "475") || !strcmp(c, "404"))
        bot_log(BOT_LOG_WARN, "irc: server refused: %s %s", c,
                m->nparams ? m->params[m->nparams - 1] : "");
out:
    free(m);
}

static void
link_open(void *arg)
{
    struct irc *irc = arg;

    irc->registered = 0;
    irc->auth_failed = 0;
    irc->fatal = 0;
    irc->logged_in = 0;
    irc->nick_tries = 0;
    irc->caps[0] = '\0';
    irc->bot_mode = 0;
    irc->open_at = irc->last_rx = irc->now;
    irc->ping_at = 0;
    irc->why = BOT_DISCONNECT_NONE;
    snprintf(irc->nick, sizeof(irc->nick), "%s", irc->want_nick);
    sendf(irc, 1, "CAP LS 302");
    if (irc->password && *irc->password)
        sendf(irc, 1, "PASS %s", irc->password);
    sendf(irc, 1, "NICK %s", irc->nick);
    sendf(irc, 1, "USER %s 0 * :newsbot", irc->want_nick);
}

static int
link_close(void *arg, int code, const char *reason)
{
    struct irc *irc = arg;

    irc->registered = 0;
    marks_end(irc, 0, BOT_ENET);
    if (irc->fatal == 1) {
        bot_fatal_auth(irc->ad->bot, "irc", irc->fatal_why);
        return 1;
    }
    if (irc->fatal) {
        bot_fatal_config(irc->ad->bot, "irc", irc->fatal_why);
        return 1;
    }
    if (irc->auth_failed) {
        bot_fatal_auth(irc->ad->bot, "irc", "the server refused the password");
        return 1;
    }
    if (irc->quit_sent)
        return 1;
    bot_log(BOT_LOG_WARN, "irc: disconnected (%d %s)", code,
            reason ? reason : "");
    bot_platform_lost(irc->ad, irc->why, code, reason);
    return 0;
}

static const struct bot_link_handler handler = {link_open, on_line, link_close};

/* IRC_RATE is "lines/seconds" (default 4/4: a burst of four, then one line
 * a second), below InspIRCd's and Twitch's flood limits. IRC_PING is the
 * silence, in seconds, after which we ping the server (default 90). The
 * configuration has checked both. */
static void
read_rate(struct irc *irc, const struct bot_config *cfg)
{
    int lines = cfg->irc_rate.count > 0 ? cfg->irc_rate.count : 4;
    int secs = cfg->irc_rate.seconds > 0 ? cfg->irc_rate.seconds : 4;
    int ping = cfg->irc_ping_s > 0 ? cfg->irc_ping_s : 90;

    irc->burst = lines;
    irc->per_ms = (double)lines / ((double)secs * 1000.0);
    irc->tokens = (double)lines;
    irc->idle_ping_ms = (int64_t)ping * 1000;
    irc->pong_wait_ms = (int64_t)ping * 1000 / 3;
}

static int
irc_init(struct bot_adapter *ad, const struct bot_config *cfg)
{
    struct irc *irc = ad->priv;
    struct bot_link_opts o = {
        cfg->irc_url,       "text.ircv3.net,text.inspircd.org",
        "http://localhost", cfg->irc_tls_cert,
        cfg->irc_tls_key,   BOT_IRC_TAGS_MAX + BOT_IRC_LINE_MAX - 2};
    int i;

    irc->ad = ad;
    irc->password = cfg->irc_password;
    irc->sasl.mech = cfg->irc_sasl_mech == BOT_SASL_PLAIN ? BOT_IRC_SASL_PLAIN
                     : cfg->irc_sasl_mech == BOT_SASL_EXTERNAL
                         ? BOT_IRC_SASL_EXTERNAL
                         : BOT_IRC_SASL_NONE;
    irc->sasl.user = cfg->irc_sasl_user;
    irc->sasl.password = cfg->irc_sasl_password;
    snprintf(irc->want_nick, sizeof(irc->want_nick), "%s",
             cfg->irc_nick ? cfg->irc_nick : "newsbot");
    snprintf(irc->nick, sizeof(irc->nick), "%s", irc->want_nick);
    for (i = 0; i < cfg->nirc_channels; i++)
        irc->channels[irc->nchannels++] = cfg->irc_channels[i];
    read_rate(irc, cfg);
    irc->outq = calloc(OUTQ_MAX, sizeof(*irc->outq));
    if (!irc->outq)
        return BOT_ENOMEM;
    irc->link = bot_link_new(bot_loop_of(ad->bot), &o, &handler, irc);
    return irc->link ? 0 : BOT_EINVAL;
}

static int
irc_start(struct bot_adapter *ad)
{
    struct irc *irc = ad->priv;

    irc->now = irc->tokens_at = bot_now_ms(ad->bot);
    return bot_link_connect(irc->link);
}

struct line_to {
    struct irc *irc;
    const char *target, *lead;
};

/* Queues one piece of a paragraph as a PRIVMSG line after the lead. */
static int
queue_line(void *arg, int i, const char *piece, size_t n)
{
    struct line_to *l = arg;
    char line[BOT_IRC_LINE_MAX];

    (void)i;
    snprintf(line, sizeof(line), "PRIVMSG %s :%s%.*s", l->target, l->lead,
             (int)n, piece);
    return enqueue(l->irc, line);
}

/* Queues @text to @target, a line per paragraph or less, each line within
 * the server's budget and starting with @lead ("alice: "). */
static int
queue_text(struct irc *irc, const char *target, const char *lead,
           const char *text)
{
    size_t budget = bot_irc_line_budget(
        irc->nick, irc->userhost[0] ? irc->userhost : NULL, target);
    struct line_to l = {irc, target, lead};
    int lines = 0, rc = 0;

    budget = budget > strlen(lead) + 16 ? budget - strlen(lead) : 16;
    while (*text && rc >= 0 && lines < ANSWER_LINES) {
        size_t len = strcspn(text, "\r\n");
        rc = bot_split_each(text, len, budget, ANSWER_LINES - lines, queue_line,
                            &l);
        lines += rc > 0 ? rc : 0;
        text += len;
        text += strspn(text, "\r\n");
    }
    return rc < 0 ? rc : 0;
}

static int
irc_reply(struct bot_adapter *ad, const struct bot_msg *to,
          const struct bot_answer *a)
{
    const char *text = a->text;
    struct irc *irc = ad->priv;
    char lead[96];
    int rc;

    if (to->direct)
        lead[0] = '\0';
    else
        snprintf(lead, sizeof(lead), "%s: ", to->user);
    rc = queue_text(irc, to->direct ? to->user : to->channel, lead, text);
    /* Send now what the pacer allows, rather than at the next tick. */
    irc->now = bot_now_ms(ad->bot);
    pace(irc);
    return rc;
}

static int
irc_post(struct bot_adapter *ad, const struct bot_post *p)
{
    struct irc *irc = ad->priv;
    struct mark *m;
    char ping[64];
    int rc;

    if (!irc->registered || irc->nmarks == MARKS_MAX ||
        irc->outq_len + ANSWER_LINES + 1 > OUTQ_MAX)
        return BOT_ENET;
    rc = queue_text(irc, p->channel, "", p->text);
    m = &irc->marks[irc->nmarks];
    m->token = ++irc->next_token;
    snprintf(ping, sizeof(ping), "PING :" MARK_TOKEN "%ld", m->token);
    if (rc == 0)
        rc = enqueue(irc, ping);
    if (rc < 0)
        return rc;
    m->done = p->done;
    m->arg = p->arg;
    m->sent = 0;
    m->refused = 0;
    snprintf(m->target, sizeof(m->target), "%s", p->channel);
    irc->nmarks++;
    irc->now = bot_now_ms(ad->bot);
    pace(irc);
    return 0;
}

static void
irc_tick(struct bot_adapter *ad, int64_t now_ms)
{
    struct irc *irc = ad->priv;

    irc->now = now_ms;
    if (!bot_link_is_open(irc->link))
        return;
    pace(irc);
    if (!irc->registered && now_ms - irc->open_at > REGISTER_WAIT_MS) {
        bot_log(BOT_LOG_WARN, "irc: registration timed out");
        bot_link_close(irc->link, "registration timeout");
    } else if (irc->ping_at && now_ms - irc->ping_at > irc->pong_wait_ms) {
        bot_log(BOT_LOG_WARN, "irc: no answer to PING, reconnecting");
        irc->ping_at = 0;
        irc->why = BOT_DISCONNECT_TIMEOUT;
        bot_link_close(irc->link, "ping timeout");
    } else if (!irc->ping_at && irc->registered &&
               now_ms - irc->last_rx > irc->idle_ping_ms) {
        irc->ping_at = now_ms;
        sendf(irc, 1, "PING :newsbot");
    }
}

static int
irc_stop(struct bot_adapter *ad)
{
    struct irc *irc = ad->priv;

    if (!bot_link_is_open(irc->link))
        return 1;
    /* Replies already computed go first, at the pace the server allows
     * (the bot's stop deadline bounds the wait); QUIT then follows them
     * through the transport's queue, never ahead of them. */
    if (irc->outq_len > 0 && irc->registered && !irc->quit_sent)
        return 0;
    /* The server answers QUIT with ERROR and closes the connection; closing
     * it ourselves could beat the QUIT and lose its message. */
    if (!irc->quit_sent) {
        irc->quit_sent = 1;
        sendf(irc, 0, "QUIT :%s", bot_platform_goodbye(irc->ad));
    }
    return 0;
}

static void
irc_release(struct bot_adapter *ad)
{
    struct irc *irc = ad->priv;

    bot_link_free(irc->link);
    free(irc->outq);
}

const struct bot_adapter_ops bot_irc_ops = {
    .name = "irc",
    .key_prefix = "IRC_",
    .single = 1, /* one nick per network */
    .priv_size = sizeof(struct irc),
    .init = irc_init,
    .start = irc_start,
    .reply = irc_reply,
    .post = irc_post,
    .on_tick = irc_tick,
    .stop = irc_stop,
    .release = irc_release,
};
