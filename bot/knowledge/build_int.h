/* The fact table builder's insides, shared by its files (build.c,
 * buildtext.c, buildnames.c, buildslots.c, builddates.c). Not part of any
 * other module's interface. */
#ifndef BOT_BUILD_INT_H
#define BOT_BUILD_INT_H

#include <stddef.h>

#include <jansson.h>

#include "bot/knowledge/build.h"
#include "bot/knowledge/english.h"

#define MAX_TOKS     160
#define MAX_ALIASES  8
#define NAME_MAX_LEN 96

/* One word or punctuation mark of a sentence, as a span of its text. */
struct tok {
    size_t off, len;
    int cap;   /* starts with a capital letter */
    int word;  /* letters or digits */
    int first; /* starts the sentence or a quotation */
};

struct sent {
    const char *text;
    struct tok t[MAX_TOKS];
    size_t n;
};

enum etype { E_PERSON, E_ORG, E_PLACE, E_NAME };

struct ent {
    char name[NAME_MAX_LEN];
    char id[48];
    enum etype type;
    char role[200]; /* "union president", "who runs a cafe" */
    char aliases[MAX_ALIASES][NAME_MAX_LEN];
    int naliases;
    int sentence; /* the sentence that introduces it (0-based) */
    int mentions;
    int last; /* the last sentence naming it */
};

/* A name found in one sentence: which entity, at which token. */
struct mention {
    int entity, tok;
};

struct builder {
    const struct bot_kb *kb;
    struct ent *ents;
    size_t nents, cap;
    struct mention (*mentions)[16]; /* per sentence */
    int *nmentions;
    int *skip;              /* boilerplate lines: "Edited by: ..." */
    int *speaker;           /* who a quoted sentence is by, or -1 */
    int title_case;         /* the headline capitalises every word */
    struct bot_date recent; /* the last date the text gave, for "two
                               years later" (prec NONE: none yet) */
    json_t *unresolved;
};

/* A date the text gives, resolved, with the clause it lies in. */
struct found {
    struct bot_date d;
    char when[96];
    size_t clause_a, clause_z; /* byte span of the clause in the text */
    int weekday;               /* a bare weekday ("on Friday") */
    int opens, closes;         /* the date begins / ends its clause */
};

#define MAX_FOUND 6

/* Month and weekday names (and "I"): capitalised, yet no names. */
extern const char *const build_months_days[];
/* Verbs that attribute speech: "said", "told", ... */
extern const char *const build_say_verbs[];

/* buildtext.c: words and marks of a sentence */
void build_tokenize(const char *text, struct sent *s);
int build_tok_is(const struct sent *s, size_t i, const char *w);
int build_tok_in(const struct sent *s, size_t i, const char *const *list);
void build_tok_lower(const struct sent *s, size_t i, char *out, size_t cap);
size_t build_open_quote(const char *p);
/* The last place @word stands in @text as a whole word (not inside a
 * longer one), ignoring case with @nocase; or NULL. */
const char *build_find_word(const char *text, const char *word, int nocase);

/* buildnames.c: entities and their mentions */
int build_scan_names(struct builder *b, int si, const struct sent *s);
void build_add_short_forms(struct ent *e, struct bot_english *en,
                           const struct sent *ss);
void build_scan_short_forms(struct builder *b, int si, const struct sent *s);

/* buildslots.c: who, numbers, reasons, places */
int build_speaker_of(const struct builder *b, int si, const struct sent *s);
int build_subject_of(const struct builder *b, int si, const struct sent *s);
int build_numbers_of(const struct sent *s, json_t *fact);
int build_why_of(const struct sent *s, json_t *fact);
int build_where_of(const struct builder *b, int si, const struct sent *s,
                   json_t *fact);
int build_negative_of(const struct sent *s);

/* builddates.c: dates resolved against the publication date */
size_t build_dates_of(const struct builder *b, const char *text,
                      struct found *out);
int build_set_date(const struct builder *b, json_t *fact, const struct found *f,
                   const char *text);
int build_set_label(json_t *fact, const char *text, const struct found *f);
void build_clause_of(const char *text, const struct found *f, size_t *a,
                     size_t *z);
void build_iso_of(const struct bot_date *d, char *out, size_t cap);

#endif
