/* Wiping secrets before their memory is freed. */
#ifndef BOT_SECRET_H
#define BOT_SECRET_H

/* Zeroes and frees a string that held a secret (an Authorization header,
 * a token in a JSON message), so it does not linger in freed memory. NULL
 * is fine. */
void bot_secret_free(char *s);

#endif
