/* The environment snapshot: what 'newsbot reload' was given by the service
 * manager, written for the running bot to read on SIGHUP in place of its
 * own environment (fixed at its start). */
#include "bot/chat/envsnap.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bot/base/log.h"
#include "bot/chat/dotenv.h"

extern char **environ; /* POSIX; not declared by any header under C11 */

#define SNAP_NAME "environ"
#define SNAP_CAP  65536 /* as the largest .env file */

int
bot_envsnap_path(char *buf, size_t cap)
{
    const char *dir = getenv("RUNTIME_DIRECTORY");
    size_t n = dir ? strcspn(dir, ":") : 0;

    if (n == 0 ||
        (size_t)snprintf(buf, cap, "%.*s/" SNAP_NAME, (int)n, dir) >= cap)
        return BOT_EINVAL;
    return 0;
}

/* Writes every wanted variable, each with its NUL. Return: 0 or -1. */
static int
put_vars(FILE *fp)
{
    char **e;
    const char *eq;

    for (e = environ; e && *e; e++) {
        eq = strchr(*e, '=');
        if (eq && bot_dotenv_wanted(*e, (size_t)(eq - *e)) &&
            fwrite(*e, 1, strlen(*e) + 1, fp) != strlen(*e) + 1)
            return -1;
    }
    return 0;
}

int
bot_envsnap_write(const char *path)
{
    char tmp[PATH_MAX];
    FILE *fp = NULL;
    int fd, bad;

    if ((size_t)snprintf(tmp, sizeof(tmp), "%s.new", path) >= sizeof(tmp))
        return bot_fail(BOT_EINVAL, "%s: path too long", path);
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        return bot_fail(BOT_EIO, "cannot write %s: %s", tmp, strerror(errno));
    if (fchmod(fd, 0600) == 0) /* a file left by a run with another umask */
        fp = fdopen(fd, "wb");
    if (!fp) {
        close(fd);
        unlink(tmp);
        return bot_fail(BOT_EIO, "cannot write %s: %s", tmp, strerror(errno));
    }
    bad = put_vars(fp) < 0;
    bad |= fclose(fp) != 0;
    if (bad || rename(tmp, path) != 0) {
        int err = errno;
        unlink(tmp);
        return bot_fail(BOT_EIO, "cannot write %s: %s", path, strerror(err));
    }
    return 0;
}

/* Points @snap->vars at each record of the @n bytes in @snap->buf. */
static int
split(struct bot_envsnap *snap, size_t n)
{
    size_t i, count = 0, at = 0;

    for (i = 0; i < n; i++)
        count += snap->buf[i] == '\0';
    snap->vars = calloc(count + 1, sizeof(*snap->vars));
    if (!snap->vars)
        return bot_fail(BOT_ENOMEM, "config: out of memory");
    for (i = 0, count = 0; i < n; i++) {
        if (snap->buf[i] != '\0')
            continue;
        if (i > at) /* an empty record is skipped */
            snap->vars[count++] = snap->buf + at;
        at = i + 1;
    }
    return 1;
}

int
bot_envsnap_read(struct bot_envsnap *snap, const char *path)
{
    FILE *fp = fopen(path, "rb");
    size_t n;
    int rc;

    memset(snap, 0, sizeof(*snap));
    if (!fp && errno == ENOENT)
        return 0;
    if (!fp)
        return bot_fail(BOT_EIO, "cannot read %s: %s", path, strerror(errno));
    snap->buf = malloc(SNAP_CAP + 2);
    snap->cap = snap->buf ? SNAP_CAP + 2 : 0;
    if (!snap->buf) {
        fclose(fp);
        return bot_fail(BOT_ENOMEM, "config: out of memory");
    }
    n = fread(snap->buf, 1, SNAP_CAP + 1, fp);
    rc = ferror(fp) ? bot_fail(BOT_EIO, "cannot read %s", path) : 0;
    fclose(fp);
    if (rc == 0 && n > SNAP_CAP)
        rc = bot_fail(BOT_EINVAL, "%s: larger than %d bytes", path, SNAP_CAP);
    if (rc < 0)
        return rc;
    snap->buf[n] = '\0'; /* a last record without its NUL still counts */
    return split(snap, n + (n > 0 && snap->buf[n - 1] != '\0'));
}

void
bot_envsnap_release(struct bot_envsnap *snap)
{
    /* It holds tokens: wiped through a volatile pointer, a store the
     * compiler may not remove before free(). */
    volatile char *p = snap->buf;
    size_t i;

    for (i = 0; p && i < snap->cap; i++)
        p[i] = '\0';
    free(snap->buf);
    free(snap->vars);
    memset(snap, 0, sizeof(*snap));
}

const char *
bot_envsnap_get(char *const *vars, const char *key)
{
    size_t n = strlen(key);

    if (!vars)
        return getenv(key);
    for (; *vars; vars++) {
        if (strncmp(*vars, key, n) == 0 && (*vars)[n] == '=')
            return *vars + n + 1;
    }
    return NULL;
}
