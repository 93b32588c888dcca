/* The lexer: words to stems to concepts (synonyms, phrases, typos), and
 * reading text into terms. */
#ifndef BOT_LEX_H
#define BOT_LEX_H

#include <stddef.h>

#include "bot/base/err.h"
#include "bot/knowledge/text.h"

/* Most concepts one word or phrase can stand for. */
#define BOT_TERM_CONCEPTS 6
/* Most terms read from one text. */
#define BOT_TERMS_MAX 64

/* What a term is, which decides its weight in matching. */
enum bot_term_kind {
    BOT_TERM_WORD = 0, /* a content word: "suspend" */
    BOT_TERM_LIGHT,    /* a generic word: "happen", "thing" */
    BOT_TERM_ENTITY,   /* an alias of an entity: "top court" */
    BOT_TERM_PHRASE,   /* a multi-word synonym: "closed doors" */
    BOT_TERM_NUMBER    /* "140", "twenty" */
};

/* One unit of meaning in a text: a word or phrase and the concepts it
 * can stand for. Unknown words have no concepts and never match. */
struct bot_term {
    enum bot_term_kind kind;
    int concepts[BOT_TERM_CONCEPTS];
    int nconcepts;
    int entity;         /* entity index for BOT_TERM_ENTITY, else -1 */
    double number;      /* value for BOT_TERM_NUMBER */
    int proper;         /* an unknown name: "China", "GDP" */
    int optional;       /* counts only where it matches ("which editor") */
    int noise;          /* a word known to nobody ("bruh"): costs nothing */
    size_t first, last; /* word span [first, last] in the bot_words */
    char word[BOT_WORD_MAX]; /* surface form, for --explain */
};

struct bot_terms {
    size_t n;
    unsigned long long unknown; /* bit i: word i is known to nobody */
    unsigned long long foreign; /* bit i: word i is not English (as typed) */
    struct bot_term t[BOT_TERMS_MAX];
};

struct lex_slot;
struct lex_stem;
struct bot_english;

/* The vocabulary: stems and phrases mapped to concept ids, antonym pairs,
 * and the known surface words that typos are corrected towards. */
struct bot_lex {
    struct lex_slot *slots; /* open addressing, stem -> concepts */
    size_t cap, used;
    int (*antonyms)[2];
    size_t nantonyms, antonym_cap;
    char **vocab; /* surface words, for typo correction */
    size_t nvocab, vocab_cap;
    size_t letter[257]; /* after bot_lex_finish(): vocab by first byte */
    int finished;
    int nconcepts;
    struct sb_stemmer *stemmer;
    struct lex_stem *stems;      /* a question's words not in the article:
                                    stems cached, made on first use */
    struct bot_english *english; /* the dictionary; owned by the kb */
};

/* Sets up an empty lexicon with its stemmer. Return: 0 or BOT_ENOMEM. */
BOT_MUST_CHECK int bot_lex_init(struct bot_lex *lex);
/* Frees everything; safe on a zeroed or failed lexicon. */
void bot_lex_release(struct bot_lex *lex);

/* A fresh concept id. */
int bot_lex_new_concept(struct bot_lex *lex);

/* The first concept of the single word @word, or -1 if it has none. */
int bot_lex_concept_of(struct bot_lex *lex, const char *word);

/* The first concept of the stem @stem, or -1 if it has none. */
int bot_lex_stem_concept(const struct bot_lex *lex, const char *stem);

/* Makes the stem @stem stand for @concept too. Return: 0 or BOT_ENOMEM. */
BOT_MUST_CHECK int bot_lex_add_stem(struct bot_lex *lex, const char *stem,
                                    int concept);

/**
 * bot_lex_add() - make the words or phrase @text stand for @concept.
 * A single word adds @concept to its stem; several words make a phrase,
 * matched before single words. @entity is an entity index or -1.
 * Return: 0 or BOT_ENOMEM.
 */
BOT_MUST_CHECK int bot_lex_add(struct bot_lex *lex, const char *text,
                               int concept, int entity);

/* Adds each word of @text to the typo-correction vocabulary. */
BOT_MUST_CHECK int bot_lex_add_vocab(struct bot_lex *lex, const char *text);

/* Call once all knowledge is added: sorts the vocabulary by first letter
 * so that typo correction looks only at words that could be meant. */
void bot_lex_finish(struct bot_lex *lex);

/* Makes concepts @a and @b opposites ("public" vs "closed"). */
BOT_MUST_CHECK int bot_lex_add_antonym(struct bot_lex *lex, int a, int b);
int bot_lex_antonyms(const struct bot_lex *lex, int a, int b);

/* Loads the built-in English synonym groups and opposites (lexicon.h). */
BOT_MUST_CHECK int bot_lex_add_builtin(struct bot_lex *lex);

/**
 * bot_lex_terms() - read @folded text into terms.
 * @learn:   when true (knowledge), unknown stems get new concepts and words
 *           join the vocabulary; when false (questions), unknown words are
 *           corrected towards the article's words when they are not
 *           English (four letters or more), or marked as noise.
 * @words:   out, the words the terms point into.
 * Stop words give no term; a date's words should be blanked beforehand.
 * Return: the number of terms, or BOT_ENOMEM.
 */
int bot_lex_terms(struct bot_lex *lex, const char *folded, int learn,
                  struct bot_words *words, struct bot_terms *terms);

#endif
