/* The configuration's sources: a .env file (KEY=value lines, quotes,
 * comments, "export") and the process environment, read into one sorted
 * table of NEWSBOT_*, IRC_*, SLACK_*, DISCORD_* and MATTERMOST_* keys.
 * What the keys mean is config.c's business. */
#include "bot/chat/dotenv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/base/log.h"

extern char **environ; /* POSIX; not declared by any header under C11 */

#define LINE_CAP 4096  /* longest .env line, without its newline */
#define FILE_CAP 65536 /* largest .env file */

static const char *const prefixes[] = {"NEWSBOT_", "IRC_", "SLACK_", "DISCORD_",
                                       "MATTERMOST_"};

#define NELEM(a)    (sizeof(a) / sizeof((a)[0]))
#define IS_BLANK(c) ((c) == ' ' || (c) == '\t')
#define IS_DIGIT(c) ((c) >= '0' && (c) <= '9')

static char *
skip_ws(char *s)
{
    while (IS_BLANK(*s))
        s++;
    return s;
}

/* Cuts leading and trailing blanks off @s in place. */
static char *
strip(char *s)
{
    char *end;

    s = skip_ws(s);
    end = s + strlen(s);
    while (end > s && IS_BLANK(end[-1]))
        *--end = '\0';
    return s;
}

/* [A-Z0-9_]+ */
static int
valid_key(const char *k, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        if (!(k[i] >= 'A' && k[i] <= 'Z') && !IS_DIGIT(k[i]) && k[i] != '_')
            return 0;
    }
    return len > 0;
}

int
bot_dotenv_wanted(const char *k, size_t len)
{
    size_t i, n;

    if (!valid_key(k, len))
        return 0;
    for (i = 0; i < NELEM(prefixes); i++) {
        n = strlen(prefixes[i]);
        if (len >= n && memcmp(k, prefixes[i], n) == 0)
            return 1;
    }
    return 0;
}

/* Index of @key in the sorted env->vars, or where it would be inserted. */
static size_t
lookup(const struct bot_dotenv *env, const char *key, int *found)
{
    size_t lo = 0, hi = env->nvars, mid;
    int c;

    *found = 0;
    while (lo < hi) {
        mid = lo + (hi - lo) / 2;
        c = strcmp(key, env->vars[mid].key);
        if (c == 0) {
            *found = 1;
            return mid;
        }
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

static struct bot_dotenv_var *
find(const struct bot_dotenv *env, const char *key)
{
    int found;
    size_t i = lookup(env, key, &found);

    return found ? &env->vars[i] : NULL;
}

/* Adds or replaces @k (@len bytes) = @value, keeping env->vars sorted. */
static int
set_var(struct bot_dotenv *env, const char *k, size_t len, const char *value,
        int from_env)
{
    char *key = strndup(k, len), *val = strdup(value);
    struct bot_dotenv_var *vars;
    int found, rc = 0;
    size_t i;

    if (!key || !val) {
        rc = bot_fail(BOT_ENOMEM, "config: out of memory");
        goto out;
    }
    i = lookup(env, key, &found);
    if (found) {
        free(env->vars[i].value);
        env->vars[i].value = val;
        env->vars[i].from_env = from_env;
        val = NULL;
        goto out;
    }
    vars = realloc(env->vars, (env->nvars + 1) * sizeof(*vars));
    if (!vars) {
        rc = bot_fail(BOT_ENOMEM, "config: out of memory");
        goto out;
    }
    env->vars = vars;
    memmove(vars + i + 1, vars + i, (env->nvars - i) * sizeof(*vars));
    vars[i] = (struct bot_dotenv_var){key, val, from_env};
    env->nvars++;
    key = val = NULL;
out:
    free(key);
    free(val);
    return rc;
}

/* The value after '=': quoted verbatim, or unquoted up to a " #" comment
 * with surrounding blanks trimmed. Edits @raw in place. */
static int
unquote(char *raw, char **out, const char *path, int lineno)
{
    char *v = skip_ws(raw), *p, *end;

    if (*v == '"' || *v == '\'') {
        end = strchr(v + 1, *v);
        if (!end)
            return bot_fail(BOT_EINVAL, "%s:%d: unterminated quote", path,
                            lineno);
        *end = '\0';
        p = skip_ws(end + 1);
        if (*p != '\0' && *p != '#')
            return bot_fail(BOT_EINVAL, "%s:%d: text after the closing quote",
                            path, lineno);
        *out = v + 1;
        return 0;
    }
    for (p = v; *p; p++) {
        if (*p == '#' && p > raw && IS_BLANK(p[-1])) {
            *p = '\0';
            break;
        }
    }
    *out = strip(v);
    return 0;
}

/* One NUL-terminated .env line; never echoes it, as it may hold a secret. */
static int
parse_line(struct bot_dotenv *env, char *s, const char *path, int lineno)
{
    char *eq, *val = NULL;
    int rc;

    s = skip_ws(s);
    if (*s == '\0' || *s == '#')
        return 0;
    if (strncmp(s, "export", 6) == 0 && IS_BLANK(s[6]))
        s = skip_ws(s + 6);
    eq = strchr(s, '=');
    if (!eq)
        return bot_fail(BOT_EINVAL, "%s:%d: expected KEY=value", path, lineno);
    *eq = '\0';
    s = strip(s);
    if (!valid_key(s, strlen(s)))
        return bot_fail(BOT_EINVAL, "%s:%d: the key must match [A-Z0-9_]+",
                        path, lineno);
    rc = unquote(eq + 1, &val, path, lineno);
    if (rc < 0 || !bot_dotenv_wanted(s, strlen(s)))
        return rc;
    return set_var(env, s, strlen(s), val, 0);
}

static int
parse_dotenv(struct bot_dotenv *env, const char *path, const char *data,
             size_t len)
{
    char line[LINE_CAP + 1];
    size_t pos = 0, n;
    const char *nl;
    int lineno = 0, rc = 0;

    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        pos = 3; /* UTF-8 byte order mark */
    while (pos < len && rc == 0) {
        nl = memchr(data + pos, '\n', len - pos);
        n = nl ? (size_t)(nl - (data + pos)) : len - pos;
        lineno++;
        if (n > LINE_CAP)
            return bot_fail(BOT_EINVAL, "%s:%d: line longer than %d bytes",
                            path, lineno, LINE_CAP);
        if (memchr(data + pos, '\0', n))
            return bot_fail(BOT_EINVAL, "%s:%d: NUL byte in line", path,
                            lineno);
        memcpy(line, data + pos, n);
        line[n] = '\0';
        if (n > 0 && line[n - 1] == '\r')
            line[n - 1] = '\0';
        rc = parse_line(env, line, path, lineno);
        pos += n + 1;
    }
    return rc;
}

/* Reads the optional .env file at @path; a missing file is not an error. */
int
bot_dotenv_read_file(struct bot_dotenv *env, const char *path)
{
    FILE *fp = fopen(path, "rb");
    char *buf = NULL;
    size_t n;
    int rc = 0;

    if (!fp && errno == ENOENT)
        return 0;
    if (!fp)
        return bot_fail(BOT_EIO, "%s: %s", path, strerror(errno));
    buf = malloc(FILE_CAP + 1);
    if (!buf) {
        rc = bot_fail(BOT_ENOMEM, "config: out of memory");
        goto out;
    }
    n = fread(buf, 1, FILE_CAP + 1, fp);
    if (ferror(fp)) {
        rc = bot_fail(BOT_EIO, "%s: read failed (%s)", path, strerror(errno));
        goto out;
    }
    if (n > FILE_CAP) {
        rc = bot_fail(BOT_EINVAL, "%s: file larger than %d bytes", path,
                      FILE_CAP);
        goto out;
    }
    rc = parse_dotenv(env, path, buf, n);
out:
    free(buf);
    fclose(fp);
    return rc;
}

int
bot_dotenv_read_vars(struct bot_dotenv *env, char *const *vars)
{
    char *const *e;
    const char *eq;
    int rc;

    for (e = vars ? vars : environ; e && *e; e++) {
        eq = strchr(*e, '=');
        if (!eq || !bot_dotenv_wanted(*e, (size_t)(eq - *e)))
            continue;
        rc = set_var(env, *e, (size_t)(eq - *e), eq + 1, 1);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* The value of @key, or NULL when it is absent or empty. */

const struct bot_dotenv_var *
bot_dotenv_find(const struct bot_dotenv *env, const char *key)
{
    return find(env, key);
}

/* Splits @key's comma list into trimmed items, kept in a copy after the
 * raw value's NUL in the same allocation (so bot_config_get() still sees
 * the raw list). Returns the number of items, 0 if @key is unset. */
int
bot_dotenv_split(struct bot_dotenv *env, const char *key, const char **items,
                 int max)
{
    struct bot_dotenv_var *var = find(env, key);
    size_t len = var ? strlen(var->value) : 0;
    char *buf, *p, *comma;
    int count = 0;

    if (len == 0)
        return 0;
    buf = realloc(var->value, 2 * (len + 1));
    if (!buf)
        return bot_fail(BOT_ENOMEM, "config: out of memory");
    var->value = buf;
    p = memcpy(buf + len + 1, buf, len + 1);
    for (; p; p = comma ? comma + 1 : NULL) {
        comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        if (count == max)
            return bot_fail(BOT_EINVAL, "%s: more than %d entries", key, max);
        items[count++] = strip(p);
    }
    return count;
}

void
bot_dotenv_release(struct bot_dotenv *env)
{
    size_t i;

    for (i = 0; i < env->nvars; i++) {
        free(env->vars[i].key);
        free(env->vars[i].value);
    }
    free(env->vars);
    env->vars = NULL;
    env->nvars = 0;
}
