/* systemd's notification protocol (sd_notify): READY, STATUS, WATCHDOG
 * and STOPPING. Without NOTIFY_SOCKET every call does nothing. */
#ifndef BOT_NOTIFY_H
#define BOT_NOTIFY_H

#include <stdint.h>

#include "bot/chat/metrics.h"

/* Tells systemd the platforms' states in one STATUS= line, with READY=1
 * the first time every platform is ready (*@ready_sent is then set). */
void bot_notify_state(const struct bot_metrics *m, int *ready_sent);
/* STOPPING=1 with a STATUS= line. */
void bot_notify_stopping(void);
/* Half the unit's WatchdogSec in milliseconds, or 0 when it has none. */
int64_t bot_notify_watchdog_ms(void);
/* WATCHDOG=1: the loop is alive. */
void bot_notify_watchdog(void);

#endif
