/* The event loop and its timers. */
#ifndef BOT_LOOP_H
#define BOT_LOOP_H

#include <stdint.h>

/* The event loop and its timers: one thread, one libwebsockets context.
 * Everything scheduled here runs on the loop's thread. */

struct bot_loop;
struct bot_timer;

/**
 * bot_loop_new() - the event loop (one lws context, no listening port).
 * @ca_file: an extra trusted CA certificate (tests), or NULL; the OS store
 *           is always used and TLS peers are always verified.
 * Return: the loop, or NULL (reported) on failure.
 */
struct bot_loop *bot_loop_new(const char *ca_file);
void bot_loop_free(struct bot_loop *loop);
/* Waits for and handles events once. */
void bot_loop_run_once(struct bot_loop *loop);
/* Wakes bot_loop_run_once() from a signal handler or another thread. */
void bot_loop_wake(struct bot_loop *loop);
/* Calls @fn(@arg) on the loop's thread after each bot_loop_wake() (and
 * maybe spuriously): how other threads hand results to the loop. */
void bot_loop_on_wake(struct bot_loop *loop, void (*fn)(void *arg), void *arg);

/* A one-shot timer calling @fn(@arg) on the loop. */
struct bot_timer *bot_timer_new(struct bot_loop *loop, void (*fn)(void *arg),
                                void *arg);
void bot_timer_start(struct bot_timer *t, int64_t delay_ms);
void bot_timer_stop(struct bot_timer *t);
void bot_timer_free(struct bot_timer *t);

#endif
