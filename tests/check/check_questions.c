/* newsbot-check: the project's own judge of answer quality.
 *
 * usage: newsbot-check [--min PERCENT] [--knowledge DIR] QUESTIONS.jsonl
 *
 * Each line is a case {"id", "cat", "text", "expect", "forbid", "abstain",
 * "now", "channel", "max_len"}: the answer must contain one phrase of every
 * "expect" group (as whole words, case and accents ignored), none of the
 * "forbid" phrases, and be answered exactly when "abstain" is false. Cases
 * of one channel are a conversation, asked in order. Prints failures, a
 * table per category and "accuracy P% (n/N)"; exits 1 below --min. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "bot/answer/command.h"
#include "bot/answer/core.h"
#include "bot/knowledge/text.h"

#define CATS_MAX 32

struct tally {
    char name[32];
    int pass, total;
};

static int
contains(const char *folded_answer, const char *phrase)
{
    char *f = bot_text_fold_plain(phrase, strlen(phrase));
    int hit = f && bot_command_has_phrase(folded_answer, f);

    free(f);
    return hit;
}

/* Judges one reply; writes why it failed into @why. Returns 1 if right. */
static int
judge(json_t *c, const struct bot_reply *r, char *why, size_t cap)
{
    json_t *groups = json_object_get(c, "expect"), *g, *alt;
    char *folded = bot_text_fold_plain(r->text, strlen(r->text));
    size_t i, j;
    int ok = 1;

    if (json_is_true(json_object_get(c, "abstain"))) {
        ok = !r->answered;
        snprintf(why, cap, "answered");
        goto out;
    }
    if (!r->answered || !folded) {
        snprintf(why, cap, "abstained");
        ok = 0;
        goto out;
    }
    if ((json_int_t)strlen(r->text) >
        json_integer_value(json_object_get(c, "max_len"))) {
        snprintf(why, cap, "too long (%zu bytes)", strlen(r->text));
        ok = 0;
        goto out;
    }
    json_array_foreach(groups, i, g)
    {
        int any = 0;
        json_array_foreach(g, j, alt) any |=
            contains(folded, json_string_value(alt));
        if (!any) {
            snprintf(why, cap, "missing \"%s\"",
                     json_string_value(json_array_get(g, 0)));
            ok = 0;
            goto out;
        }
    }
    json_array_foreach(json_object_get(c, "forbid"), i, alt)
    {
        if (contains(folded, json_string_value(alt))) {
            snprintf(why, cap, "forbidden \"%s\"", json_string_value(alt));
            ok = 0;
            goto out;
        }
    }
out:
    free(folded);
    return ok;
}

static struct tally *
tally_of(struct tally *t, int *n, const char *cat)
{
    int i;

    for (i = 0; i < *n; i++) {
        if (strcmp(t[i].name, cat) == 0)
            return &t[i];
    }
    if (*n == CATS_MAX)
        return &t[CATS_MAX - 1];
    memset(&t[*n], 0, sizeof(t[*n])); /* a new category counts from 0 */
    snprintf(t[*n].name, sizeof(t[*n].name), "%s", cat);
    return &t[(*n)++];
}

/* Asks one case; returns 1 if it passed, 0 if not, -1 on a bad case. */
static int
run_case(struct bot_core *core, json_t *c, struct bot_reply *r)
{
    const char *text = json_string_value(json_object_get(c, "text"));
    const char *now = json_string_value(json_object_get(c, "now"));
    const char *chan = json_string_value(json_object_get(c, "channel"));
    struct bot_ask ask = {0};
    char key[BOT_CONVO_KEY_MAX], why[160];
    int ok;

    if (!text || !now || bot_date_parse_now(&ask.today, now) < 0)
        return -1;
    snprintf(key, sizeof(key), "check/%s", chan ? chan : "");
    ask.text = text;
    ask.len = strlen(text);
    ask.conversation = chan ? key : NULL;
    ask.now_ms = bot_date_first_day(&ask.today) * 86400000LL;
    if (bot_core_ask(core, &ask, r) < 0)
        return -1;
    ok = judge(c, r, why, sizeof(why));
    if (!ok)
        printf("FAIL %s [%s] %s -> %s: %.160s\n",
               json_string_value(json_object_get(c, "id")),
               json_string_value(json_object_get(c, "cat")), text, why,
               r->text);
    return ok;
}

static int
usage(void)
{
    fprintf(stderr, "usage: newsbot-check [--min PERCENT] [--knowledge DIR] "
                    "QUESTIONS.jsonl\n");
    return 2;
}

int
main(int argc, char **argv)
{
    const char *kdir = "knowledge", *file = NULL;
    struct tally cats[CATS_MAX];
    struct bot_reply *r = malloc(sizeof(*r));
    struct bot_core core;
    double min = 0;
    char line[16384];
    int i, ncats = 0, pass = 0, total = 0, rc = 0;
    FILE *fp;

    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--min") && i + 1 < argc)
            min = strtod(argv[++i], NULL);
        else if (!strcmp(argv[i], "--knowledge") && i + 1 < argc)
            kdir = argv[++i];
        else if (argv[i][0] != '-' && !file)
            file = argv[i];
        else
            return usage();
    }
    if (!file || !r)
        return usage();
    fp = fopen(file, "r");
    if (!fp) {
        fprintf(stderr, "newsbot-check: cannot open %s\n", file);
        free(r);
        return 77; /* the set is not there: skipped, not failed */
    }
    if (bot_core_init(&core, kdir) < 0) {
        fclose(fp);
        free(r);
        return 1;
    }
    while (fgets(line, sizeof(line), fp)) {
        json_error_t jerr;
        json_t *c = json_loads(line, 0, &jerr);
        struct tally *t;
        int ok;
        if (!c) {
            fprintf(stderr, "newsbot-check: bad line: %s\n", jerr.text);
            rc = 1;
            continue;
        }
        ok = run_case(&core, c, r);
        if (ok < 0) {
            fprintf(stderr, "newsbot-check: bad case %s\n",
                    json_string_value(json_object_get(c, "id")));
            rc = 1;
        }
        t = tally_of(cats, &ncats,
                     json_string_value(json_object_get(c, "cat"))
                         ? json_string_value(json_object_get(c, "cat"))
                         : "?");
        t->total++;
        t->pass += ok == 1;
        total++;
        pass += ok == 1;
        json_decref(c);
    }
    fclose(fp);
    bot_core_release(&core);
    free(r);
    for (i = 0; i < ncats; i++)
        printf("%-10s %3d/%3d\n", cats[i].name, cats[i].pass, cats[i].total);
    printf("accuracy %.1f%% (%d/%d)\n", total ? 100.0 * pass / total : 0.0,
           pass, total);
    if (total == 0 || 100.0 * pass / total < min) {
        printf("below the minimum of %.1f%%\n", min);
        rc = 1;
    }
    return rc;
}
