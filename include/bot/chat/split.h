/* Splitting a long answer into messages within a platform's limit, at word
 * boundaries. */
#ifndef BOT_SPLIT_H
#define BOT_SPLIT_H

#include <stddef.h>

/**
 * bot_split_next() - the next piece of @text that fits in @budget bytes.
 * @text:   UTF-8 text (not modified).
 * @len:    its length.
 * @budget: the most bytes a piece may have (>= 4).
 * @piece:  set to the piece's length; the caller sends text[0..piece).
 * Pieces end at a sentence end (". ", "? ", "! ", a newline) if one lies in
 * the second half of the budget, else at a space, else at a UTF-8
 * character boundary: never inside a character. Leading spaces and
 * newlines of the rest are skipped.
 * Return: how many bytes of @text to advance past (piece plus the spaces
 * after it); 0 when @len is 0.
 */
size_t bot_split_next(const char *text, size_t len, size_t budget,
                      size_t *piece);

/* Receives piece @i (from 0) of @n bytes at @piece; a negative return
 * stops the splitting and is returned by bot_split_each(). */
typedef int (*bot_split_fn)(void *arg, int i, const char *piece, size_t n);

/**
 * bot_split_each() - hand @text to @fn in pieces of at most @budget bytes
 * (as bot_split_next() cuts them), at most @max pieces, skipping empty
 * ones: the one loop every adapter uses with its platform's caps.
 * Return: the number of pieces handed over, or @fn's negative return.
 */
int bot_split_each(const char *text, size_t len, size_t budget, int max,
                   bot_split_fn fn, void *arg);

#endif
