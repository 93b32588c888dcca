/* Line editing and history for the terminal chat, through libedit's own
 * API (histedit.h): it takes the console's streams, where the readline
 * emulation would use stdin and stdout. Only console.c calls it. */
#include "bot/cli/lineedit.h"

#include <errno.h>
#include <histedit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define HISTORY_SIZE 500

struct bot_lineedit {
    EditLine *el;
    History *hist;
    char *path; /* the history file, or NULL */
    char prompt[16];
};

static char *
prompt_of(EditLine *el)
{
    struct bot_lineedit *le = NULL;

    el_get(el, EL_CLIENTDATA, &le);
    return le ? le->prompt : NULL;
}

struct bot_lineedit *
bot_lineedit_new(FILE *in, FILE *out, const char *prompt,
                 const char *history_path)
{
    struct bot_lineedit *le = calloc(1, sizeof(*le));
    HistEvent ev;

    if (!le)
        return NULL;
    snprintf(le->prompt, sizeof(le->prompt), "%s", prompt);
    le->hist = history_init();
    le->el = el_init("newsbot", in, out, stderr);
    if (!le->hist || !le->el) {
        bot_lineedit_free(le);
        return NULL;
    }
    history(le->hist, &ev, H_SETSIZE, HISTORY_SIZE);
    history(le->hist, &ev, H_SETUNIQUE, 1);
    if (history_path) {
        le->path = strdup(history_path);
        /* a missing file is a first session, not an error */
        history(le->hist, &ev, H_LOAD, history_path);
    }
    el_set(le->el, EL_CLIENTDATA, le);
    el_set(le->el, EL_PROMPT, prompt_of);
    el_set(le->el, EL_EDITOR, "emacs");
    el_set(le->el, EL_HIST, history, le->hist);
    /* restore the terminal if a signal ends the process mid-line */
    el_set(le->el, EL_SIGNAL, 1);
    el_source(le->el, NULL); /* the user's ~/.editrc, if any */
    return le;
}

int
bot_lineedit_read(struct bot_lineedit *le, char *buf, size_t cap, size_t *len)
{
    const char *line;
    HistEvent ev;
    size_t n;
    int count;

    do {
        errno = 0;
        line = el_gets(le->el, &count);
    } while (!line && count < 0 && errno == EINTR);
    if (!line || count <= 0)
        return 0;
    n = (size_t)count;
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        n--;
    if (n >= cap)
        return 2;
    memcpy(buf, line, n);
    buf[n] = '\0';
    *len = n;
    if (n > 0) {
        history(le->hist, &ev, H_ENTER, buf);
        /* saved at once: Ctrl-C ends the process without a goodbye */
        if (le->path)
            history(le->hist, &ev, H_SAVE, le->path);
    }
    return 1;
}

void
bot_lineedit_free(struct bot_lineedit *le)
{
    if (!le)
        return;
    if (le->el)
        el_end(le->el);
    if (le->hist)
        history_end(le->hist);
    free(le->path);
    free(le);
}

/* Makes @dir (one level) unless it is there. */
static int
make_dir(const char *dir)
{
    return mkdir(dir, 0700) == 0 || errno == EEXIST ? 0 : BOT_EINVAL;
}

int
bot_lineedit_history_path(char *buf, size_t cap)
{
    const char *state = getenv("XDG_STATE_HOME");
    const char *home = getenv("HOME");
    char dir[4096];
    int n;

    if (state && state[0] == '/') {
        if (make_dir(state) < 0)
            return BOT_EINVAL;
        n = snprintf(dir, sizeof(dir), "%s/newsbot", state);
    } else if (home && home[0] == '/') {
        n = snprintf(dir, sizeof(dir), "%s/.local", home);
        if (n < 0 || (size_t)n >= sizeof(dir) || make_dir(dir) < 0)
            return BOT_EINVAL;
        n = snprintf(dir, sizeof(dir), "%s/.local/state", home);
        if (n < 0 || (size_t)n >= sizeof(dir) || make_dir(dir) < 0)
            return BOT_EINVAL;
        n = snprintf(dir, sizeof(dir), "%s/.local/state/newsbot", home);
    } else {
        return BOT_EINVAL;
    }
    if (n < 0 || (size_t)n >= sizeof(dir) || make_dir(dir) < 0)
        return BOT_EINVAL;
    n = snprintf(buf, cap, "%s/history", dir);
    return n < 0 || (size_t)n >= cap ? BOT_EINVAL : 0;
}
