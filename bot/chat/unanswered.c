/* The unanswered log: questions the bot declined or answered with low
 * confidence, one JSON line each, so that an author sees what readers
 * asked that the fact table does not cover (`kb show` counts them). */
#include "bot/chat/unanswered.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "bot/answer/kind.h"
#include "bot/base/log.h"

struct bot_unanswered {
    FILE *fp;
    int with_users;
    int failed; /* a write failed: said once */
};

int
bot_unanswered_open(struct bot_unanswered **out, const char *path,
                    int with_users)
{
    struct bot_unanswered *u = calloc(1, sizeof(*u));
    int fd;

    *out = NULL;
    if (!u)
        return BOT_ENOMEM;
    fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    if (fd < 0 || !(u->fp = fdopen(fd, "a"))) {
        int err = errno;
        if (fd >= 0)
            close(fd);
        free(u);
        return bot_fail(BOT_EIO, "NEWSBOT_UNANSWERED: %s: %s", path,
                        strerror(err));
    }
    u->with_users = with_users;
    *out = u;
    return 0;
}

void
bot_unanswered_close(struct bot_unanswered *u)
{
    if (!u)
        return;
    fclose(u->fp);
    free(u);
}

void
bot_unanswered_note(struct bot_unanswered *u, const char *article,
                    const char *platform, const char *user,
                    const char *question, size_t len, const struct bot_reply *r,
                    int64_t now_ms)
{
    time_t secs = (time_t)(now_ms / 1000);
    char when[32];
    struct tm tm;
    json_t *line;
    char *text;

    if (!u || (r->answered && r->confidence >= BOT_UNANSWERED_UNSURE))
        return;
    gmtime_r(&secs, &tm);
    strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
    line =
        json_pack("{s:s,s:s,s:s,s:s%,s:s,s:b,s:f}", "time", when, "article",
                  article ? article : "", "platform", platform ? platform : "",
                  "question", question, len, "kind", bot_kind_name(r->kind),
                  "answered", r->answered, "confidence", r->confidence);
    if (line && u->with_users && user)
        json_object_set_new(line, "user", json_string(user));
    text = line ? json_dumps(line, JSON_COMPACT) : NULL;
    if (!text || fprintf(u->fp, "%s\n", text) < 0 || fflush(u->fp) != 0) {
        if (!u->failed)
            bot_log(BOT_LOG_WARN, "unanswered log: write failed: %s",
                    strerror(errno));
        u->failed = 1;
    }
    free(text);
    json_decref(line);
}
