/* Word relations from WordNet, for matching: derivations ("recognize" /
 * "recognition"), irregular forms ("took" / "take") and, for tables built
 * from the text, opposites ("include" / "exclude"). The pairs are
 * read from Debian's WordNet database when newsbot is built
 * (tools/wordnet_pairs.c) and compiled in as pairs of stems; loading the
 * knowledge walks them once, and questions pay nothing. */
#include "bot/knowledge/wordnet.h"

#include <string.h>

#include "bot/knowledge/lex.h"

extern const char bot_wordnet_pairs[];
extern const char bot_wordnet_opposites[];

/* "include" / "exclude": when the article uses one, the other is its
 * opposite, so that "were they included?" is answered No by "were
 * excluded". A stem the lexicon does not know gets a concept of its own.
 * Return: 1 if linked, 0 if not, or BOT_ENOMEM. */
static int
link_opposites(struct bot_lex *lex, const char *a, const char *b)
{
    int ca = bot_lex_stem_concept(lex, a), cb = bot_lex_stem_concept(lex, b);
    int rc;

    if ((ca < 0 && cb < 0) || ca == cb)
        return 0;
    if (ca < 0) {
        ca = bot_lex_new_concept(lex);
        rc = ca < 0 ? ca : bot_lex_add_stem(lex, a, ca);
        if (rc < 0)
            return rc;
    } else if (cb < 0) {
        cb = bot_lex_new_concept(lex);
        rc = cb < 0 ? cb : bot_lex_add_stem(lex, b, cb);
        if (rc < 0)
            return rc;
    }
    rc = bot_lex_add_antonym(lex, ca, cb);
    return rc < 0 ? rc : 1;
}

/* "recognize" / "recognition": the stem the lexicon knows (from the
 * article or the built-in lexicon) lends its concept to the other.
 * Return: 1 if a stem was added, 0 if not, or BOT_ENOMEM. */
static int
join_related(struct bot_lex *lex, const char *a, const char *b)
{
    int ca = bot_lex_stem_concept(lex, a), cb = bot_lex_stem_concept(lex, b);
    int rc;

    if (ca >= 0 && cb < 0)
        rc = bot_lex_add_stem(lex, b, ca);
    else if (cb >= 0 && ca < 0)
        rc = bot_lex_add_stem(lex, a, cb);
    else
        return 0;
    return rc < 0 ? rc : 1;
}

/* Calls @fn on each "a b" line of @p. Return: the sum of what @fn
 * returned, or its first error. */
static int
each_pair(const char *p, struct bot_lex *lex,
          int (*fn)(struct bot_lex *, const char *, const char *))
{
    char a[BOT_WORD_MAX], b[BOT_WORD_MAX];
    int n = 0;

    while (*p) {
        size_t na = strcspn(p, " "), nb;
        if (p[na] != ' ')
            break;
        nb = strcspn(p + na + 1, "\n");
        if (na < sizeof(a) && nb < sizeof(b)) {
            int rc;
            memcpy(a, p, na);
            a[na] = '\0';
            memcpy(b, p + na + 1, nb);
            b[nb] = '\0';
            rc = fn(lex, a, b);
            if (rc < 0)
                return rc;
            n += rc;
        }
        p += na + 1 + nb;
        if (*p == '\n')
            p++;
    }
    return n;
}

int
bot_wordnet_widen(struct bot_lex *lex, int opposites)
{
    int added = each_pair(bot_wordnet_pairs, lex, join_related), rc;

    if (added < 0 || !opposites)
        return added;
    rc = each_pair(bot_wordnet_opposites, lex, link_opposites);
    return rc < 0 ? rc : added;
}
