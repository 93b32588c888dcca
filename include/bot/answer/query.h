/* Reading a question: its flags (tense, negation, pronouns), numbers, names
 * and content terms. */
#ifndef BOT_QUERY_H
#define BOT_QUERY_H

#include <stddef.h>

#include "bot/answer/kind.h"
#include "bot/base/date.h"
#include "bot/knowledge/kb.h"
#include "bot/knowledge/lex.h"

/* What a pronoun in the question points back to. */
enum bot_ref {
    BOT_REF_NONE = 0,
    BOT_REF_THING,  /* it, that, this, there */
    BOT_REF_PERSON, /* he, she, him, her, his */
    BOT_REF_GROUP   /* they, them, their */
};

/* A number claimed in a question: "more than 100". */
struct bot_claim_number {
    double value;
    enum bot_cmp cmp;
};

/* A question, read. Pure data: no pointers into the question text. */
struct bot_query {
    enum bot_kind kind;
    struct bot_date date; /* a date named in the question, if any */
    int date_relative;    /* it was "today", "tomorrow", ... */
    struct bot_claim_number number;
    int has_number;
    enum bot_ref ref;  /* a pronoun that needs the conversation */
    int negated;       /* "not", "no", "never" */
    int past;          /* "did", "has", past-tense verb: asks for an outcome */
    int future;        /* "will", "going to" */
    int upcoming;      /* "still coming up", "upcoming": claims it is ahead */
    int wants_time;    /* "what time": a clock time */
    int summary_len;   /* sentences asked for in a summary, 0 = default */
    int focus;         /* word index of "country" in "which country", or -1 */
    int noun;          /* word index of "judge" in "which judge": the kind
                          of thing the answer must name, or -1 */
    int wants_name;    /* "what was the storm called?": noun's name */
    int command_word;  /* word index of "name" in "name the country", or -1 */
    int outcome;       /* asks how something scheduled turned out */
    int at_article;    /* "when the article came out": as of publication */
    int duration;      /* "how long", "how many years" */
    int wants_day;     /* "which day", "the exact date" */
    int significance;  /* "why is the law important?": what it leads to
                          answers, not a cause */
    int asks_said;     /* "when was it announced?": the day of saying */
    int asks_words;    /* "what did X say?": words said, quoted */
    int asks_whither;  /* "where is it going?": where to */
    int mutual;        /* "fight", "meet", "ally": a relation both ways */
    int since_now;     /* "has been", "ago", "now": counted up to today */
    int subject_named; /* "which group did the Taliban fight": the subject
                          is named, the answer is another party */
    int subject;       /* that subject's entity index, or -1 */
    const char *language; /* "German": not English (static), or NULL */
    int content;          /* content words besides command words */
    int nentities;
    int entities[8]; /* entity indices named */
    /* Last, so that a new query clears only the fields above. */
    struct bot_words words;
    struct bot_terms terms; /* content terms, question words removed */
};

/* True for words that ask for a kind of reply ("summary", "timeline",
 * "key points") rather than name a topic. */
int bot_query_is_command_word(const char *word);

/* True for a word that asks what someone does: "job", "occupation",
 * "living" ("what does he do for a living?"). */
int bot_query_is_role_word(const char *word);

/**
 * bot_query_read() - read @text into @q.
 * @now: the current day, for "today"/"tomorrow".
 * Return: 0, BOT_EINVAL for empty text, BOT_ENOMEM.
 */
BOT_MUST_CHECK int bot_query_read(struct bot_kb *kb, const char *text,
                                  const struct bot_date *now,
                                  struct bot_query *q);

#endif
