/* What the fuzz harnesses (tests/fuzz/fuzz_<target>.c) share: libFuzzer's
 * entry points, a quiet and clean process, the checks every reply must
 * pass, and the chat runtime with one platform over the stubbed transport
 * (tests/fuzz/stub_net.c), fed an input as a series of frames. */
#ifndef FUZZ_HARNESS_H
#define FUZZ_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include "bot/answer/answer.h"
#include "bot/answer/core.h"

/* libFuzzer's entry points; tests/fuzz/replay.c calls them too. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The moment every harness lives at: 2025-04-03 09:15 UTC, after the
 * article (31 March 2025) and two weeks before the hearing it announces. */
#define FUZZ_NOW_TEXT "2025-04-03T09:15"
#define FUZZ_NOW_MS   INT64_C(1743671700000)

/* Reports a broken promise of the code under test and aborts, so that
 * libFuzzer (and ctest) count it as a crash. */
void fuzz_die(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

/* Sends the bot's logs nowhere (NEWSBOT_FUZZ_LOG=1: everything to stderr)
 * and unsets every NEWSBOT_*, IRC_*, SLACK_*, DISCORD_* and MATTERMOST_*
 * variable, so the caller's environment cannot change a run. */
void fuzz_setup(void);

/* The knowledge folder of the source tree. */
const char *fuzz_knowledge_dir(void);

/* Forgets every conversation of @core, so that each input starts alike. */
void fuzz_fresh_conversations(struct bot_core *core);

/* Checks what bot_core_ask() promises of every reply to @question
 * (@len bytes): a NUL-ended, non-empty, valid UTF-8 text, a confidence in
 * 0..1, sources that are sentences of @core's article. */
void fuzz_check_reply(const struct bot_core *core, const struct bot_reply *r,
                      const char *question, size_t len);

/* ---- one chat platform, driven by frames ---- */

/* What the fake server answers on REST: the first route whose @path is in
 * the URL. A list ends with {NULL, 0, NULL}. */
struct fuzz_route {
    const char *path;
    long status;
    const char *body;
};

struct fuzz_platform {
    const char *name;                /* as in NEWSBOT_PLATFORMS */
    const char *const *env;          /* KEY, value, ..., NULL */
    char separator;                  /* between the frames of an input */
    const struct fuzz_route *routes; /* REST answers on success */
    const char *post_channel;        /* where a reminder goes */
    /* The server's side of a fresh connection, up to the state where the
     * platform delivers events (fuzz_platform_send() each frame). */
    void (*handshake)(void);
    /* Sees each message the adapter sends (a check), or NULL. */
    void (*on_send)(const char *buf, size_t len);
};

/**
 * fuzz_platform_init() - build the runtime as bot_init() does, from the
 * environment @p gives (plus NEWSBOT_PLATFORMS, a fixed NEWSBOT_NOW, rate
 * limits off and reminders in an in-memory database). Call once, from
 * LLVMFuzzerInitialize(); the knowledge is loaded once.
 */
void fuzz_platform_init(const struct fuzz_platform *p);

/**
 * fuzz_platform_run() - one input, from a fresh adapter to its release.
 * The adapter is made and started, its REST calls answered and its
 * connection opened and taken through the handshake; then each frame of
 * @data (split at the separator) is a message from the server, except a
 * frame whose first byte is 0x01, which is a harness command:
 *   "\x01c" [code: 2 bytes, big-endian] [reason]: the server closes the
 *           connection (no code: a dropped connection); the bot reconnects.
 *   "\x01o" the same, and the next connection gets no handshake (the
 *           input plays it).
 *   "\x01t" [n: 1 byte]: a tick n seconds ahead of the clock (timeouts,
 *           heartbeats).
 *   "\x01T" every armed timer fires (retries, reconnects, the bot's tick).
 *   "\x01h" [m: 1 byte]: REST answers from now on, by m % 10: 0 success,
 *           1 429 with Retry-After: 1, 2 500, 3 401, 4 400, 5 a failed
 *           transfer, 6 a 200 that is not JSON, 7 and 8 a 200 with
 *           "ok": false ("ratelimited", "invalid_auth"), 9 success with
 *           an empty rate-limit bucket.
 *   "\x01p" a reminder is posted (ops->post).
 *   "\x01s" the bot begins to stop (ops->stop).
 *   "\x01b" [bytes]: a binary message.
 * After each frame the send queue drains, REST calls and short timers
 * run, and the adapter gets a tick. At the end the bot says goodbye and
 * everything is released; a connection or timer left behind, or a
 * reminder post reported done twice or after release, aborts.
 */
void fuzz_platform_run(const uint8_t *data, size_t size);

/* During a handshake: the server sends @text. */
void fuzz_platform_send(const char *text);

/* The URL of the current connection ("" if none). */
const char *fuzz_platform_url(void);

#endif
