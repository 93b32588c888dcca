/* Replicas: what several processes sharing one store agree on. */
#ifndef BOT_REPLICA_H
#define BOT_REPLICA_H

#include <stddef.h>
#include <stdint.h>

#include "bot/chat/adapter.h"

struct bot;
struct bot_store;

/* Several newsbot processes with one configuration and one PostgreSQL
 * store (NEWSBOT_DB) run as replicas of one bot: each message is answered
 * by the replica that claims it first, a conversation's context and its
 * thread links travel through the store, and a platform that must run
 * once (ops->single: IRC) runs on the replica holding its role, as do the
 * reminders. With SQLite or no store none of this happens: one process
 * keeps everything in memory, as before. Part of the runtime. */

#define BOT_REPLICA_ID_MAX 96

struct bot_landing;

struct bot_replica {
    char id[BOT_REPLICA_ID_MAX];  /* NEWSBOT_REPLICA, or host:pid */
    int64_t orphans_at;           /* when to look for claims of dead replicas */
    struct bot_landing *landings; /* answers on their way to a platform */
    int64_t roles_at;             /* when to try the roles again */
    int64_t expire_at;            /* when to forget old claims */
    int store_was_up;             /* for logging each change once */
    int unchecked_said;           /* "answering without claims" logged */
    int reminders;                /* this replica holds the reminder role */
};

/* Names this replica: NEWSBOT_REPLICA, else "host:pid". */
void bot_replica_init(struct bot *bot);

/* The store shared with other replicas, while it is up; else NULL. */
struct bot_store *bot_replica_store(struct bot *bot);

/* Frees the answers still on their way. */
void bot_replica_release(struct bot *bot);

/**
 * bot_replica_claim() - before answering @msg, claim it across replicas
 * (its platform, channel and id). Without a shared store, or without an
 * id, it is this process's. While the store is down the message is
 * answered unchecked (a second replica may answer it too): counted and
 * logged once per outage.
 * @offset: where the question starts in @msg->text.
 * @keep:   keep the message with the claim, so that another replica
 *          answers it if this one dies first (not a slash command,
 *          @msg->ctx, whose answer only this process can give).
 * Return: 1 to answer it here, 0 if another replica has it.
 */
int bot_replica_claim(struct bot *bot, const struct bot_adapter *ad,
                      const struct bot_msg *msg, size_t offset, int keep);

/* @msg was answered (the reply is with the adapter): its claim is done. */
void bot_replica_done(struct bot *bot, const struct bot_adapter *ad,
                      const struct bot_msg *msg);

/**
 * bot_replica_answer() - hand @a, the answer to @msg, to @ad, and mark the
 * claim done once the platform has taken it where the adapter can tell
 * (BOT_REPLY_LANDS), else once the adapter has it. A replica killed with
 * the answer still in its outbox leaves the claim open, and another
 * replica answers the message.
 * Return: as ops->reply, with BOT_REPLY_LANDS made 0.
 */
int bot_replica_answer(struct bot *bot, struct bot_adapter *ad,
                       const struct bot_msg *msg, struct bot_answer *a);

/**
 * bot_replica_conversation() - the conversation key of @msg, as
 * bot_threads_conversation() gives it, with the thread links and the
 * context another replica saved fetched from the shared store first.
 */
size_t bot_replica_conversation(struct bot *bot, const struct bot_adapter *ad,
                                const struct bot_msg *msg, char *key,
                                size_t cap);

/* After answering in conversation @key: its context and @msg's thread
 * links saved for the other replicas. */
void bot_replica_save(struct bot *bot, const struct bot_adapter *ad,
                      const struct bot_msg *msg, const char *key);

/* Every tick: the store's reconnection, the roles (tried every 2 s; a
 * single platform starts on the replica that takes its role and stands
 * by on the others), the messages of replicas that died holding their
 * claims (looked for each second, answered here if this one takes the
 * claim over), and old claims and contexts forgotten. */
void bot_replica_tick(struct bot *bot, int64_t now_ms);

#endif
