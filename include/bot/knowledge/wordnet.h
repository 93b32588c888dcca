/* Word relations from WordNet, widening what the article's words match. */
#ifndef BOT_WORDNET_H
#define BOT_WORDNET_H

#include "bot/base/err.h"

struct bot_lex;

/**
 * bot_wordnet_widen() - let the article's words be asked about in related
 * forms: a word derived from one of them ("recognition" for "recognize",
 * "decision" for "decided") or an irregular form ("took" for "take") comes
 * to stand for the same concept, from WordNet 3.0's derivation pointers
 * and exception lists. Only stems the lexicon does not know yet are added:
 * the article's vocabulary decides what counts. Call after the facts are
 * added. With @opposites, WordNet's antonyms ("include" / "exclude")
 * become opposites too: for a table built from the text, which has no
 * author's list of them (a curated table's own list is better than
 * WordNet's, whose opposites split the lexicon's groups).
 * Return: how many stems were added, or BOT_ENOMEM.
 */
int bot_wordnet_widen(struct bot_lex *lex, int opposites);

#endif
