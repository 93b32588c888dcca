/* The reply buffer every answer is written into. */
#ifndef BOT_REPLY_H
#define BOT_REPLY_H

#include <stddef.h>

#include "bot/answer/kind.h"

struct bot_kb;

/* A reply's text cap, and the cap for answers about one fact. */
#define BOT_REPLY_MAX   2048
#define BOT_ANSWER_MAX  450
#define BOT_SOURCES_MAX 16

struct bot_reply {
    int answered; /* false exactly when the bot does not know */
    enum bot_kind kind;
    double confidence;            /* 0..1 */
    int sources[BOT_SOURCES_MAX]; /* sentence numbers */
    int nsources;
    int fact;   /* the fact answered, or -1 */
    int entity; /* the entity the answer is about, or -1 */
    /* For front ends that lay an answer out (bot_answer_view()): */
    const struct bot_kb *article; /* the article answered from, or NULL */
    const char *quote;  /* the first source quoted in full or cut, as the
                           article has it (borrowed from it), or NULL */
    int quote_sentence; /* its sentence number */
    char text[BOT_REPLY_MAX];
};

/* Empties @r for a new reply of @kind. */
void bot_reply_init(struct bot_reply *r, enum bot_kind kind);

/* Appends to the reply text, never past its cap or inside a character. */
void bot_reply_add(struct bot_reply *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void bot_reply_source(struct bot_reply *r, int sentence);

#endif
