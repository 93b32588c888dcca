#include <stdio.h>

#include "bot/kb.h"

int
main(int argc, char **argv)
{
    struct bot_kb kb;
    int rc = bot_kb_load(&kb, argc > 1 ? argv[1] : "knowledge");
    size_t i;

    if (rc < 0)
        return 1;
    for (i = 0; i < kb.nsentences; i++)
        printf("%zu%s %s\n", i + 1, kb.sentences[i].heading ? "H" : "",
               kb.sentences[i].text);
    for (i = 0; i < kb.nfacts; i++) {
        char d[64] = "";
        if (kb.facts[i].date.prec)
            bot_date_format(&kb.facts[i].date, d, sizeof(d));
        printf("%s s%d %s nconc=%zu\n", kb.facts[i].id, kb.facts[i].sentence,
               d, kb.facts[i].nconcepts);
    }
    printf("concepts %d vocab %zu\n", kb.lex.nconcepts, kb.lex.nvocab);
    bot_kb_release(&kb);
    return 0;
}
