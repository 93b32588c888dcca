#!/usr/bin/env python3
"""e2e.discord_shards: several shards in one process (DISCORD_SHARDS).

usage: discord_shards_e2e.py PATH/TO/newsbot SOURCE_DIR

The fake is the one of discord_e2e.py; here it also keeps which shard
each connection identified as, and can close a given shard's identify
with a close code. Its /gateway/bot says session_start_limit with
max_concurrency 1 (one rate-limit bucket), then 2.

(1) DISCORD_SHARDS=0-2/4: three connections identify as [0,4], [1,4]
and [2,4], in that order and at least 5 s apart (one bucket; so this
part takes about 10 s), and /metrics shows one platform "discord" that
is up only once all three are READY; (2) a question on each shard's
connection, and a DM on shard 0, each answered exactly once; (3) the
commands registered once (one GET, one PUT), not once per shard;
(4) close 4000 on shard 1: it resumes its own session on the resume URL
while shards 0 and 2 stay connected, untouched, and nobody identifies
again; shard 1 still answers; (5) SIGTERM closes every shard with 1000,
exit 0; (6) max_concurrency 2 and DISCORD_SHARDS=0-3/4: shards 0 and 1
identify together, 2 and 3 five seconds later; (7) close 4011 on one
shard's identify: exit status 2, no reconnect. Python 3 standard library
only; every wait is bounded; loopback only.
"""

import os
import re
import signal
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import discord_e2e as dc  # noqa: E402
from e2elib import (Abort, args, check, cli_answer, free_port,  # noqa: E402
                    log, require, run_test, stop_fake, tail)

OVERALL_LIMIT = 110         # seconds; ctest's TIMEOUT is 120
GAP = 5.0                   # Discord: one identify per 5 s per bucket
SLACK = 0.05                # what the fake's clock may differ by


class ShardFake(dc.FakeDiscord):
    """The fake Discord, knowing each connection's shard."""

    def __init__(self):
        super().__init__()
        self.idents = []          # (t, [id, n], conn n), every identify
        self.by_shard = {}        # shard id -> the Conn it identified on
        self.shard_faults = {}    # shard id -> close code for its identify

    def _identify(self, conn, d):
        shard = d.get("shard")
        sid = shard[0] if isinstance(shard, list) and shard else None
        with self.cond:
            self.idents.append((time.monotonic(), shard, conn.n))
            fault = self.shard_faults.pop(sid, None)
            if fault is None:
                self.by_shard[sid] = conn
            self.cond.notify_all()
        if fault is not None:
            conn.close(fault, "Sharding required.")
            return
        super()._identify(conn, d)


def platform_up(port):
    """{platform: 0/1} of newsbot_platform_up from the bot's /metrics."""
    try:
        with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % port,
                                    timeout=2) as r:
            text = r.read().decode()
    except OSError:
        return {}
    return {m.group(1): int(m.group(2)) for m in re.finditer(
        r'^newsbot_platform_up\{platform="([a-z]+)"\} ([01])$', text, re.M)}


def until(fn, timeout):
    """Polls fn() (not under the fake's lock: it may take a while) until
    it is true or @timeout seconds pass; returns its last value."""
    deadline = time.monotonic() + timeout
    v = fn()
    while not v and time.monotonic() < deadline:
        time.sleep(0.1)
        v = fn()
    return v


def got_ready(conn):
    return any(t == "READY" for _, op, _, t in conn.sent if op == 0)


def gaps_ok(idents, bucket_of):
    """Whether identifies in the same bucket are GAP apart; and the
    smallest such gap."""
    least = None
    for i, (t, shard, _) in enumerate(idents):
        for u, other, _ in idents[i + 1:]:
            if bucket_of(shard[0]) == bucket_of(other[0]):
                least = u - t if least is None else min(least, u - t)
    return least is None or least >= GAP - SLACK, least


def run(binary, src, tmp, state):
    fake = ShardFake()
    state["fake"] = fake
    fake.start()
    log("# fake Discord on http://127.0.0.1:%d/api/v10" % fake.port)
    env = {"NEWSBOT_DB": os.path.join(tmp, "remind.db"),
           "DISCORD_EMBEDS": "0"}
    hport = free_port()
    bot = dc.Bot(binary, src, tmp, "bot", fake.port, http=hport,
                 env=dict(env, DISCORD_SHARDS="0-2/4"))
    state["bots"].append(bot)

    # 1. Three connections, paced.
    two = fake.wait(lambda: len([c for c in fake.by_shard.values()
                                 if got_ready(c)]) >= 2, 15)
    require("1 two shards are READY within 15 s", two,
            tail(bot.stderr_path, 8))
    up = platform_up(hport)
    check("1 /metrics: one platform, discord, not up with 2 of 3 shards "
          "READY (%r)" % up, up == {"discord": 0})
    all3 = fake.wait(lambda: len(fake.by_shard) == 3 and all(
        got_ready(c) for c in fake.by_shard.values()), 15)
    require("1 all three shards are READY", all3, tail(bot.stderr_path, 8))
    idents = fake.snapshot("idents")
    shards = [s for _, s, _ in idents]
    check("1 three identifies, [0,4], [1,4], [2,4] in that order (%r)" %
          shards, shards == [[0, 4], [1, 4], [2, 4]])
    conns = {fake.by_shard[i].n for i in range(3)}
    check("1 ... each on a connection of its own", len(conns) == 3)
    ok, least = gaps_ok(idents, lambda i: 0)
    log("#   identifies at +%s s" % ", +".join(
        "%.2f" % (t - idents[0][0]) for t, _, _ in idents))
    check("1 ... at least 5 s apart with max_concurrency 1 (least %.2f s)" %
          (least or 0), ok)
    got = until(lambda: platform_up(hport) == {"discord": 1}, 3)
    check("1 /metrics: discord is up once all three are READY (%r)" %
          platform_up(hport), got)
    sessions = {i: fake.by_shard[i].session for i in range(3)}

    # 2. A question on each shard, and a DM on shard 0.
    question = "when is the court hearing?"
    fact = "17 April"
    require("2 the command line answers %r with %r" % (question, fact),
            fact.lower() in cli_answer(binary, src, question).lower())

    def replies(mid):
        return [b for _, _, b, _ in fake.snapshot("created")
                if (b.get("message_reference") or {}).get("message_id") ==
                mid]

    def ask(mid, shard, channel="c1"):
        content = question if channel == "dm1" else \
            "<@%s> %s" % (dc.BOT_ID, question)
        mentions = [] if channel == "dm1" else [dict(dc.BOT_USER)]
        fake.message(mid, content, channel=channel, mentions=mentions,
                     session=sessions[shard])
        return fake.wait(lambda: replies(mid), 10)

    for i in range(3):
        got = ask("s%d" % i, i)
        check("2 a question on shard %d is answered" % i, got and
              fact.lower() in got[0].get("content", "").lower(),
              repr(got))
    got = ask("dm0", 0, channel="dm1")
    check("2 a DM on shard 0 is answered", got)
    time.sleep(1.0)
    for mid in ("s0", "s1", "s2", "dm0"):
        n = len(replies(mid))
        check("2 %s answered exactly once (%d)" % (mid, n), n == 1)

    # 3. The commands: once per process.
    cmds = [r for r in fake.snapshot("reqs") if "/commands" in r.path]
    check("3 the commands are read and registered once, not per shard "
          "(%r)" % [r.method for r in cmds],
          [r.method for r in cmds] == ["GET", "PUT"])

    # 4. Close 4000 on shard 1: it alone resumes.
    c1, others = fake.by_shard[1], [fake.by_shard[0], fake.by_shard[2]]
    before = [(len(c.identifies), len(c.resumes), len(c.received))
              for c in others]
    nconns = len(fake.snapshot("conns"))
    nidents = len(fake.snapshot("idents"))
    fake.close_conn(c1, 4000, "Unknown error.")
    new = fake.wait(lambda: [c for c in fake.conns[nconns:]
                             if c.resumes], 10)
    if check("4 after close 4000 shard 1 resumes on a new connection",
             new, tail(bot.stderr_path, 6)):
        r = new[0]
        d = r.resumes[0][1]
        check("4 ... on the resume URL (%s)" % r.path,
              r.path.rstrip("/") == "/resume")
        check("4 ... with shard 1's session (%s)" % d.get("session_id"),
              d.get("session_id") == sessions[1].sid)
        fake.wait(lambda: any(t == "RESUMED" for _, op, _, t in r.sent
                              if op == 0), 5)
        time.sleep(0.5)
        check("4 ... and nothing but it: one new connection (%d)" %
              (len(fake.snapshot("conns")) - nconns),
              len(fake.snapshot("conns")) == nconns + 1)
    check("4 shards 0 and 2 stay connected (%s)" % ", ".join(
        c.how_closed() for c in others), all(not c.closed for c in others))
    after = [(len(c.identifies), len(c.resumes)) for c in others]
    check("4 ... without identifying or resuming again (%r)" % after,
          after == [b[:2] for b in before])
    check("4 nobody identified again (%d identifies since)" %
          (len(fake.snapshot("idents")) - nidents),
          len(fake.snapshot("idents")) == nidents)
    got = until(lambda: platform_up(hport) == {"discord": 1}, 5)
    check("4 /metrics: discord up again after the resume", got)
    for i, mid in ((1, "r1"), (0, "r0"), (2, "r2")):
        got = ask(mid, i)
        check("4 then a question on shard %d is answered" % i, got)
    time.sleep(1.0)
    for mid in ("r0", "r1", "r2"):
        n = len(replies(mid))
        check("4 %s answered exactly once (%d)" % (mid, n), n == 1)

    # 5. SIGTERM closes every shard.
    live = [s.conn for s in sessions.values() if s.conn is not None]
    bot.proc.send_signal(signal.SIGTERM)
    rc = bot.wait(8)
    check("5 SIGTERM: exit 0 (%r)" % rc, rc == 0, tail(bot.stderr_path, 6))
    fake.wait(lambda: all(c.closed for c in live), 2)
    check("5 ... every shard closed with 1000 (%s)" % ", ".join(
        c.how_closed() for c in live), len(live) == 3 and
        all(c.client_close == 1000 for c in live))
    check("5 no protocol errors in the fake (%s)" % "; ".join(
        fake.errors[:3]), not fake.errors)
    check("5 the token is not in the log", dc.TOKEN not in bot.stderr())
    check("5 no sanitizer report", not dc.crash_report(bot.stderr()),
          tail(bot.stderr_path, 6))

    # 6. Two buckets: two identifies at a time.
    fake.max_concurrency = 2
    nidents = len(fake.snapshot("idents"))
    bot2 = dc.Bot(binary, src, tmp, "bot2", fake.port,
                  env=dict(env, DISCORD_SHARDS="0-3/4"))
    state["bots"].append(bot2)
    got = fake.wait(lambda: len(fake.idents) >= nidents + 4, 15)
    idents = fake.snapshot("idents")[nidents:]
    log("#   max_concurrency 2: %s" % ", ".join(
        "%r at +%.2f s" % (s, t - idents[0][0]) for t, s, _ in idents))
    if check("6 four identifies within 15 s", got, tail(bot2.stderr_path,
                                                        6)):
        first = sorted(s[0] for _, s, _ in idents[:2])
        check("6 shards 0 and 1 (two buckets) first (%r)" % first,
              first == [0, 1])
        check("6 ... within 1 s of each other", idents[1][0] -
              idents[0][0] < 1.0)
        ok, least = gaps_ok(idents, lambda i: i % 2)
        check("6 each bucket (id %% 2) 5 s apart (least %.2f s)" % least,
              ok)
        check("6 all four in under 9 s", idents[3][0] - idents[0][0] < 9)
    bot2.proc.send_signal(signal.SIGTERM)
    check("6 SIGTERM: exit 0", bot2.wait(8) == 0, tail(bot2.stderr_path, 6))

    # 7. A fatal close code on one shard ends the process.
    with fake.cond:
        fake.shard_faults[1] = 4011
    nconns = len(fake.snapshot("conns"))
    bot3 = dc.Bot(binary, src, tmp, "bot3", fake.port,
                  env=dict(env, DISCORD_SHARDS="0-1/2"))
    state["bots"].append(bot3)
    closed = fake.wait(lambda: [c for c in fake.conns[nconns:]
                                if c.server_close and c.t_closed and
                                c.server_close[0] == 4011], 10)
    if check("7 the fake closed shard 1's identify with 4011", closed,
             tail(bot3.stderr_path, 6)):
        t0 = closed[0].t_closed
        rc = bot3.wait(5)
        check("7 ... the bot exits with status 2 (%r after %.1f s)" %
              (rc, time.monotonic() - t0), rc == 2, tail(bot3.stderr_path,
                                                        6))
        time.sleep(0.5)
        more = [c for c in fake.snapshot("conns")[nconns:]
                if c.t_open > closed[0].t_closed]
        check("7 ... without reconnecting (%d connections after)" %
              len(more), not more)
        check("7 ... saying which shard", re.search(
            r"shard 1/2", bot3.stderr()), tail(bot3.stderr_path, 4))
    bot3.stop()


def main():
    a = args("discord_shards_e2e.py")
    if a is None:
        return 2
    return run_test(a[0], a[1], "newsbot-dc-shards-", OVERALL_LIMIT, run,
                    {"fake": None, "bots": []}, stop_fake)


if __name__ == "__main__":
    sys.exit(main())
