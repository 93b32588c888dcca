/* What tests of the PostgreSQL store share. */
#include "pgtest.h"

#include <errno.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

const char *
pgtest_uri(void)
{
    static char uri[512];
    const char *env = getenv("NEWSBOT_TEST_PG"), *file;
    FILE *fp;

    if (uri[0])
        return uri;
    if (env && *env) {
        snprintf(uri, sizeof(uri), "%s", env);
        return uri;
    }
    file = getenv("NEWSBOT_TEST_PG_FILE");
    if (!file || !*file)
        return NULL;
    fp = fopen(file, "r");
    if (!fp || !fgets(uri, sizeof(uri), fp))
        TEST_FAIL("NEWSBOT_TEST_PG_FILE=%s: %s (did pg.start run?)", file,
                  fp ? "empty" : strerror(errno));
    fclose(fp);
    uri[strcspn(uri, "\r\n")] = '\0';
    return uri;
}

int
pgtest_exec(const char *sql)
{
    PGconn *c = PQconnectdb(pgtest_uri());
    PGresult *r;
    int n;

    if (PQstatus(c) != CONNECTION_OK)
        TEST_FAIL("connect: %s", PQerrorMessage(c));
    r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK &&
        PQresultStatus(r) != PGRES_TUPLES_OK)
        TEST_FAIL("%s: %s", sql, PQerrorMessage(c));
    n = PQresultStatus(r) == PGRES_TUPLES_OK
            ? PQntuples(r)
            : (int)strtol(PQcmdTuples(r), NULL, 10);
    PQclear(r);
    PQfinish(c);
    return n;
}

void
pgtest_fresh(void)
{
    pgtest_exec("SET client_min_messages = warning;"
                "DROP TABLE IF EXISTS newsbot_schema, subscription, sent,"
                " claim, lease, convo");
}
