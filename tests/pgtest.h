#ifndef BOT_TEST_PGTEST_H
#define BOT_TEST_PGTEST_H

/* What tests of the PostgreSQL store share: the server ctest's pg.start
 * made (tests/pg/pgtmp.py), reached through a connection of the test's
 * own. */

/* The server's URI: NEWSBOT_TEST_PG, or the first line of the file
 * NEWSBOT_TEST_PG_FILE names; NULL if neither is set. A file named but
 * unreadable fails the test. */
const char *pgtest_uri(void);

/* Runs @sql (several statements are fine); a failure fails the test.
 * Return: the rows it returned or changed. */
int pgtest_exec(const char *sql);

/* Drops every table of the bot's: the next open starts from nothing. */
void pgtest_fresh(void);

#endif
