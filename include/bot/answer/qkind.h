/* Reading what kind of question a question is. */
#ifndef BOT_QKIND_H
#define BOT_QKIND_H

#include "bot/answer/kind.h"
#include "bot/knowledge/text.h"

/* What reading the kind notices on the way, for the query to keep. */
struct bot_qkind_marks {
    int wants_time;   /* "what time" */
    int duration;     /* "how long", "how many years" */
    int focus;        /* word index of "country" in "which country", or -1 */
    int command_word; /* word index of "name" in "name the country", or -1 */
    int noun;         /* word index of "judge" in "which judge", or -1 */
    int wants_name;   /* "what was the storm called?": @noun's name */
};

/* The kind of question @w asks; sets the fields of @m it finds (the
 * others are left as they are). */
enum bot_kind bot_qkind_read(const struct bot_words *w,
                             struct bot_qkind_marks *m);

/* True for an auxiliary verb ("is", "did", "has", "won't"...). */
int bot_qkind_is_aux(const char *word);

#endif
