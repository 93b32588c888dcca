/* Word relations from WordNet, for matching: derivations ("recognize" /
 * "recognition") and irregular forms ("took" / "take"). The pairs are
 * read from Debian's WordNet database when newsbot is built
 * (tools/wordnet_pairs.c) and compiled in as pairs of stems; loading the
 * knowledge walks them once, and questions pay nothing. */
#include "bot/knowledge/wordnet.h"

#include <string.h>

#include "bot/knowledge/lex.h"

extern const char bot_wordnet_pairs[];

int
bot_wordnet_widen(struct bot_lex *lex)
{
    const char *p = bot_wordnet_pairs;
    char a[BOT_WORD_MAX], b[BOT_WORD_MAX];
    int added = 0;

    while (*p) {
        size_t na = strcspn(p, " "), nb;
        int ca, cb, rc = 0;
        if (p[na] != ' ')
            break;
        nb = strcspn(p + na + 1, "\n");
        if (na < sizeof(a) && nb < sizeof(b)) {
            memcpy(a, p, na);
            a[na] = '\0';
            memcpy(b, p + na + 1, nb);
            b[nb] = '\0';
            /* the article's words decide: a word it or the built-in
             * lexicon gives a meaning keeps it */
            ca = bot_lex_stem_concept(lex, a);
            cb = bot_lex_stem_concept(lex, b);
            if (ca >= 0 && cb < 0)
                rc = bot_lex_add_stem(lex, b, ca);
            else if (cb >= 0 && ca < 0)
                rc = bot_lex_add_stem(lex, a, cb);
            if (rc < 0)
                return rc;
            added += ca >= 0 || cb >= 0 ? (ca < 0) + (cb < 0) : 0;
        }
        p += na + 1 + nb;
        if (*p == '\n')
            p++;
    }
    return added;
}
