#!/usr/bin/env python3
"""Replicas under a flood: one newsbot against three, on one PostgreSQL.

usage: replicas_bench.py PATH/TO/newsbot [QUESTIONS] [WINDOW]
       e.g. tests/bench/replicas_bench.py build/newsbot 5000 64

The Mattermost flood of mattermost_bench.py (the same mix of questions,
from 500 users in 50 channels, at most WINDOW unanswered) run three times,
each on a fresh throw-away PostgreSQL (tests/pg/pgtmp.py) and the fake
Mattermost of e2e.replicas, which sends every event to every WebSocket as
the real server does:
  1. one replica, NEWSBOT_DB an SQLite file (the single process: no
     claims; the baseline);
  2. one replica, NEWSBOT_DB=postgresql://... (every question claimed in
     the store before it is answered);
  3. three replicas of that configuration (each receives every question;
     the claim decides which one answers).
For each it prints answers per second, the p50/p99 time from the event
leaving the fake to the answer arriving there (POST /api/v4/posts), which
replicas answered how many, the CPU the replicas and the PostgreSQL server
spent per answer, and the replicas' peak memory. Defaults: 5,000
questions, a window of 64.

A benchmark, not a test: it fails (exit 1) only if an answer is missing
or doubled. The fake is Python and sends each event three times to three
replicas, so on a small machine the throughput of round 3 is the fake's;
the latency and the CPU per answer are the bot's and the server's.
bench.replicas_smoke runs it small (300 questions).
"""

import collections
import json
import os
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
sys.path.insert(1, os.path.join(HERE, "..", "pg"))
import mattermost_e2e as mm  # noqa: E402
import pgtmp  # noqa: E402
from e2elib import BotProcess  # noqa: E402
from floodmix import QUESTIONS, pct, peak_kib  # noqa: E402
from replicas_e2e import FanoutMattermost  # noqa: E402

USERS, CHANNELS = 500, 50
LIMIT = 600      # seconds for a round
STALL = 20       # seconds without an answer that end a round
SETTLE = 1.0     # after the last answer: this long for doubles


def cpu_seconds(pid):
    """utime + stime of process @pid in seconds (0 if it is gone)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_pids(pgdir):
    """The PostgreSQL server's postmaster and its children."""
    try:
        with open(os.path.join(pgdir, "state.json")) as f:
            data = json.load(f)["data"]
        with open(os.path.join(data, "postmaster.pid")) as f:
            pm = int(f.readline())
    except (OSError, ValueError, KeyError):
        return []
    pids = [pm]
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % p) as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if ppid == pm:
            pids.append(int(p))
    return pids


class Replica(BotProcess):
    """A replica whose JSON log says how many questions it answered."""

    def answered(self):
        n = 0
        for line in self.stderr().splitlines():
            if '"question answered"' in line:
                n += 1
        return n


def start_replicas(binary, src, tmp, fake, db, n, tag):
    bots = []
    for i in range(n):
        name = "%s-r%d" % (tag, i + 1)
        bots.append(Replica(binary, tmp, name, {
            "NEWSBOT_PLATFORMS": "mattermost",
            "NEWSBOT_KNOWLEDGE": os.path.join(src, "knowledge"),
            "NEWSBOT_LOG_LEVEL": "info",
            "NEWSBOT_LOG_FORMAT": "json",
            "NEWSBOT_RATE_USER": "0",
            "NEWSBOT_RATE_CHANNEL": "0",
            "NEWSBOT_NOW": mm.NOW,
            "NEWSBOT_DB": db,
            "NEWSBOT_REPLICA": name,
            "MATTERMOST_URL": "http://127.0.0.1:%d" % fake.port,
            "MATTERMOST_TOKEN": mm.TOKEN,
        }))
    return bots


def live(fake):
    return [s for s in fake.sessions.values()
            if s.conn is not None and not s.conn.closed and s.conn.ready]


def flood(fake, bots, total, window, tag, pgdir):
    """One round: @total questions; returns a dict of figures."""
    mark = len(fake.snapshot("created"))
    sent_at = {}
    seen = collections.Counter()
    latencies = []
    n = done = posts = 0   # sent, answered (distinct), posts counted
    pids = server_pids(pgdir) if pgdir else []
    cpu_bots0 = sum(cpu_seconds(b.proc.pid) for b in bots)
    cpu_pg0 = sum(cpu_seconds(p) for p in pids)
    t0 = last = time.monotonic()
    deadline = t0 + LIMIT
    while done < total and time.monotonic() < deadline and \
            time.monotonic() - last < STALL:
        batch = []
        while n < total and n - done < window and len(batch) < 64:
            pid = "%s%06d" % (tag, n)
            user = "u%03d" % (n * 7 % USERS)
            chan = "ch%02d" % (n % CHANNELS)
            post = {"id": pid, "create_at": mm.now_ms(), "user_id": user,
                    "channel_id": chan, "root_id": "", "message":
                    "@newsbot " + QUESTIONS[n % len(QUESTIONS)], "type": "",
                    "props": {}}
            batch.append((pid, fake._posted_event(post, "@" + user,
                                                  [mm.BOT_ID])))
            n += 1
        if batch:
            stamp = time.monotonic()
            fake.call(lambda b=batch: [fake._emit(ev) for _, ev in b])
            for pid, _ in batch:
                sent_at[pid] = stamp
        if not fake.wait(lambda: len(fake.created) - mark > posts, 2):
            continue
        last = time.monotonic()
        for t, body, _ in fake.snapshot("created")[mark + posts:]:
            posts += 1
            root = body.get("root_id")
            seen[root] += 1
            if seen[root] == 1 and root in sent_at:
                latencies.append(t - sent_at[root])
                done += 1
    elapsed = time.monotonic() - t0
    time.sleep(SETTLE)
    for _, body, _ in fake.snapshot("created")[mark + posts:]:
        seen[body.get("root_id")] += 1
    cpu_bots = sum(cpu_seconds(b.proc.pid) for b in bots) - cpu_bots0
    cpu_pg = sum(cpu_seconds(p) for p in pids) - cpu_pg0
    answered = len([k for k in seen if k in sent_at])
    return {
        "sent": n, "answered": answered,
        "doubled": sum(v - 1 for k, v in seen.items() if v > 1),
        "elapsed": elapsed,
        "qps": answered / elapsed if elapsed else 0.0,
        "p50": pct(latencies, 0.50) * 1000,
        "p99": pct(latencies, 0.99) * 1000,
        "per": {b.name: b.answered() for b in bots},
        "cpu_bot_us": 1e6 * cpu_bots / answered if answered else 0.0,
        "cpu_pg_us": 1e6 * cpu_pg / answered if answered else 0.0,
        "peak_mib": max([peak_kib(b.proc.pid) for b in bots] or [0]) / 1024,
    }


def round_(binary, src, tmp, fake, total, window, tag, n, postgres):
    """Starts PostgreSQL (or not) and @n replicas, floods, stops them."""
    pgdir = os.path.join(tmp, "pg-" + tag) if postgres else None
    db = pgtmp.start(pgdir) if postgres else os.path.join(tmp, tag + ".db")
    bots = []
    try:
        before = len(live(fake))
        bots = start_replicas(binary, src, tmp, fake, db, n, tag)
        if not fake.wait(lambda: len(live(fake)) >= before + n or
                         not all(b.alive() for b in bots), 20) or \
                not all(b.alive() for b in bots):
            print("%s: the replicas did not connect:\n%s" %
                  (tag, "\n".join(b.stderr()[-600:] for b in bots)))
            return None
        time.sleep(0.5)
        return flood(fake, bots, total, window, tag, pgdir)
    finally:
        for b in bots:
            b.stop(grace=3)
        if postgres:
            pgtmp.stop(pgdir)


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    binary = os.path.abspath(sys.argv[1])
    total = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    window = int(sys.argv[3]) if len(sys.argv) > 3 else 64
    src = os.path.join(HERE, "..", "..")
    for i in range(CHANNELS):  # the fake posts only to channels it knows
        mm.CHANNELS["ch%02d" % i] = dict(mm.CHANNELS["c1"],
                                         channel_name="bench-%02d" % i)
    fake = FanoutMattermost()
    fake.start()
    rows = []
    ok = True
    try:
        with tempfile.TemporaryDirectory(prefix="newsbot-rbench-") as tmp:
            for tag, n, postgres, what in (
                    ("a", 1, False, "1 replica, SQLite"),
                    ("b", 1, True, "1 replica, PostgreSQL"),
                    ("c", 3, True, "3 replicas, PostgreSQL")):
                r = round_(binary, src, tmp, fake, total, window, tag, n,
                           postgres)
                if r is None:
                    return 1
                rows.append((what, r))
                ok = ok and r["answered"] == total and r["doubled"] == 0
    finally:
        fake.stop()
    print("questions %d per round (%d users, %d channels), window %d" %
          (total, USERS, CHANNELS, window))
    print("%-24s %9s %7s %8s %9s %9s %9s %9s %8s  %s" %
          ("", "answered", "doubled", "q/s", "p50 ms", "p99 ms",
           "bot us/q", "pg us/q", "peak MiB", "answered by"))
    for what, r in rows:
        print("%-24s %9d %7d %8.0f %9.2f %9.2f %9.0f %9.0f %8.1f  %s" %
              (what, r["answered"], r["doubled"], r["qps"], r["p50"],
               r["p99"], r["cpu_bot_us"], r["cpu_pg_us"], r["peak_mib"],
               " ".join("%s:%d" % kv for kv in sorted(r["per"].items()))))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
