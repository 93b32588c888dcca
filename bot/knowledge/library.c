/* The library: one article's folder, or a folder of article folders,
 * loaded newest first; a broken article is reported and skipped. */
#include "bot/knowledge/library.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bot/base/hash.h"
#include "bot/base/log.h"
#include "bot/knowledge/kbload.h"

static const char *const article_files[] = {"facts.json", "meta.json",
                                            "article.txt"};

static int
has_file(const char *dir, const char *name)
{
    char path[PATH_MAX];
    struct stat st;

    if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >=
        sizeof(path))
        return 0;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int
bot_library_is_article(const char *dir)
{
    return has_file(dir, "facts.json") || has_file(dir, "meta.json");
}

static int
cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of @dir's folders that hold an article, sorted. */
static int
list_articles(const char *dir, char ***names, size_t *n)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t cap = 0;
    int rc = 0;

    *names = NULL;
    *n = 0;
    if (!d)
        return bot_fail(BOT_EIO, "%s: %s", dir, strerror(errno));
    while (rc == 0 && (e = readdir(d)) != NULL) {
        char path[PATH_MAX];
        if (e->d_name[0] == '.' ||
            (size_t)snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >=
                sizeof(path) ||
            !bot_library_is_article(path))
            continue;
        if (*n == BOT_LIBRARY_MAX) {
            bot_log(BOT_LOG_WARN,
                    "%s: more than %d articles; the rest are "
                    "left out",
                    dir, BOT_LIBRARY_MAX);
            break;
        }
        if (*n == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            char **grown = realloc(*names, ncap * sizeof(char *));
            if (!grown) {
                rc = BOT_ENOMEM;
                break;
            }
            *names = grown;
            cap = ncap;
        }
        (*names)[*n] = strdup(e->d_name);
        if (!(*names)[*n])
            rc = BOT_ENOMEM;
        else
            (*n)++;
    }
    closedir(d);
    if (*n)
        qsort(*names, *n, sizeof(char *), cmp_name);
    return rc;
}

/* Newest first; the same day in folder order (stable by index). */
static int
cmp_newest(const void *a, const void *b)
{
    const struct bot_kb *x = a, *y = b;
    int c = bot_date_cmp(&y->published, &x->published);

    return c ? c : strcmp(x->dir, y->dir);
}

int
bot_library_load(const char *dir, struct bot_kb **kbs, size_t *n)
{
    char **names = NULL;
    size_t count = 0, i;
    int rc;

    *kbs = NULL;
    *n = 0;
    if (bot_library_is_article(dir)) {
        *kbs = calloc(1, sizeof(**kbs));
        if (!*kbs)
            return BOT_ENOMEM;
        rc = bot_kb_load(*kbs, dir);
        if (rc < 0) {
            free(*kbs);
            *kbs = NULL;
            return rc;
        }
        *n = 1;
        return 0;
    }
    rc = list_articles(dir, &names, &count);
    if (rc == 0 && count == 0)
        rc = bot_fail(BOT_EPARSE,
                      "%s: no article in it (article.txt and meta.json, or "
                      "facts.json), nor in a folder of it",
                      dir);
    if (rc == 0) {
        *kbs = calloc(count, sizeof(**kbs));
        if (!*kbs)
            rc = BOT_ENOMEM;
    }
    for (i = 0; rc == 0 && i < count; i++) {
        char path[PATH_MAX];
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        if (bot_kb_load(&(*kbs)[*n], path) == 0)
            (*n)++;
        else
            bot_log(BOT_LOG_ERROR,
                    "article %s does not load (see above); "
                    "left out",
                    path);
    }
    if (rc == 0 && *n == 0)
        rc = bot_fail(BOT_EPARSE, "%s: none of its %zu articles loads", dir,
                      count);
    if (rc == 0)
        qsort(*kbs, *n, sizeof(**kbs), cmp_newest);
    for (i = 0; i < count; i++)
        free(names[i]);
    free(names);
    if (rc < 0) {
        bot_library_release(*kbs, *n);
        *kbs = NULL;
        *n = 0;
    }
    return rc;
}

void
bot_library_release(struct bot_kb *kbs, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        bot_kb_release(&kbs[i]);
    free(kbs);
}

/* Folds a file's name, size and time into @h (FNV-1a). */
static uint64_t
stamp_file(uint64_t h, const char *dir, const char *name)
{
    char path[PATH_MAX];
    struct stat st;
    long long v[4] = {0, 0, 0, 0};

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    if (stat(path, &st) == 0) {
        v[0] = (long long)st.st_mtim.tv_sec;
        v[1] = (long long)st.st_mtim.tv_nsec;
        v[2] = (long long)st.st_size;
        v[3] = (long long)st.st_ino;
    }
    return bot_hash_bytes(bot_hash_str(h, path), v, sizeof(v));
}

static uint64_t
stamp_article(uint64_t h, const char *dir)
{
    size_t k;

    for (k = 0; k < sizeof(article_files) / sizeof(article_files[0]); k++)
        h = stamp_file(h, dir, article_files[k]);
    return h;
}

uint64_t
bot_library_stamp(const char *dir)
{
    uint64_t h = BOT_HASH_INIT;
    char **names = NULL;
    size_t n = 0, i;

    if (bot_library_is_article(dir))
        return stamp_article(h, dir);
    if (list_articles(dir, &names, &n) == 0) {
        for (i = 0; i < n; i++) {
            char path[PATH_MAX];
            snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
            h = stamp_article(h, path);
        }
    }
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return h;
}
