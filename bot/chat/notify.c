/* systemd's notification protocol through libsystemd's sd_notify(): the
 * runtime says when it is ready, what state each platform is in, that its
 * loop is alive (the watchdog) and that it is stopping. With no
 * NOTIFY_SOCKET in the environment sd_notify() does nothing. */
#include "bot/chat/notify.h"

#include <stdio.h>

#include <systemd/sd-daemon.h>

void
bot_notify_state(const struct bot_metrics *m, int *ready_sent)
{
    char msg[512];
    size_t n = 0;
    int i, all = 1;

    for (i = 0; i < m->np; i++)
        all &= bot_metrics_ready(m, i);
    if (all && !*ready_sent)
        n += (size_t)snprintf(msg, sizeof(msg), "READY=1\n");
    n += (size_t)snprintf(msg + n, sizeof(msg) - n, "STATUS=%s",
                          m->np ? "" : "running");
    for (i = 0; i < m->np && n < sizeof(msg); i++)
        n += (size_t)snprintf(msg + n, sizeof(msg) - n, "%s%s %s",
                              i ? ", " : "", m->p[i].name,
                              bot_metrics_state_name(m->p[i].state));
    if (all)
        *ready_sent = 1;
    sd_notify(0, msg);
}

void
bot_notify_stopping(void)
{
    sd_notify(0, "STOPPING=1\nSTATUS=stopping: saying goodbye");
}

int64_t
bot_notify_watchdog_ms(void)
{
    uint64_t usec = 0;

    if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0)
        return 0;
    return (int64_t)(usec / 2000) > 0 ? (int64_t)(usec / 2000) : 1;
}

void
bot_notify_watchdog(void)
{
    sd_notify(0, "WATCHDOG=1");
}
