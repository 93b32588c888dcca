/* The knowledge author's commands: kb build, kb show, kb check. */
#ifndef BOT_KBTOOL_H
#define BOT_KBTOOL_H

#include <stdio.h>

/* kb check: the table loads and every sentence has a fact. */
#define BOT_KB_OK 0
/* kb check: the knowledge does not load (the reason is on stderr). */
#define BOT_KB_BROKEN 1
/* kb check: it loads, but some sentences have no fact. */
#define BOT_KB_INCOMPLETE 3

/* kb build: writes the fact table of @dir (built from article.txt and
 * meta.json, curated by facts.json) to @out as JSON. Return: 0 or 1. */
int bot_kbtool_build(const char *dir, FILE *out);

/* kb show: the table of @dir for an author's review; with @unanswered
 * (NEWSBOT_UNANSWERED's log, or NULL), the questions readers asked about
 * it that were not answered, most asked first. Return: 0 or 1. */
int bot_kbtool_show(const char *dir, const char *unanswered, FILE *out);

/* kb check: loads @dir and lists sentences no fact cites. Return:
 * BOT_KB_OK, BOT_KB_BROKEN or BOT_KB_INCOMPLETE. */
int bot_kbtool_check(const char *dir, FILE *out);

#endif
