/* Well-known names the article does not mention. */
#ifndef BOT_NAMES_H
#define BOT_NAMES_H

/* True if @word (lower case) is a well-known proper name: a country,
 * city, group or leader (bot/names.c). The article's own names are its
 * entities, found before this is asked. */
int bot_names_is_known(const char *word);

#endif
