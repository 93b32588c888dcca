#!/usr/bin/env python3
"""The chat path under a flood: questions through the Mattermost adapter.

usage: mattermost_bench.py PATH/TO/newsbot [QUESTIONS] [WINDOW]

Starts the fake Mattermost of tests/e2e/mattermost_e2e.py on a free
loopback port and the bot against it with its rate limits off, then floods
QUESTIONS (default 20000) posted events from 500 users in 50 channels, at
most WINDOW (default 256) unanswered at a time, and reports answers per
second, the p50/p99 time from an event leaving the server to the bot's
reply arriving there (POST /api/v4/posts), and the bot's peak memory.
A benchmark, not a test: it prints figures and fails only if answers are
missing or doubled. The fake is Python, so on a small machine it is the
bottleneck of the throughput figure; the latency is the bot's.
"""

import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "e2e"))
import mattermost_e2e as mm  # noqa: E402

QUESTIONS = [
    "when is the court hearing?",
    "who asked the court to lift the ban?",
    "why was the Taliban banned?",
    "how many people died in the Crocus attack?",
    "summary",
    "is the hearing public?",
    "when did the Taliban take power?",
    "what did Putin call the Taliban?",
    "did Kazakhstan remove the Taliban from its list?",
    "who is Lavrov?",
    "what is IS-K?",
    "what is coming up?",
]
USERS, CHANNELS = 500, 50
LIMIT = 600  # seconds for the whole run


def peak_kib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * p))] if xs else 0.0


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    binary = os.path.abspath(sys.argv[1])
    total = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    window = int(sys.argv[3]) if len(sys.argv) > 3 else 256
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    for i in range(CHANNELS):  # the fake posts only to channels it knows
        mm.CHANNELS["ch%02d" % i] = dict(mm.CHANNELS["c1"],
                                         channel_name="bench-%02d" % i)
    fake = mm.FakeMattermost()
    fake.start()
    with tempfile.TemporaryDirectory(prefix="newsbot-mmbench-") as tmp:
        bot = mm.Bot(binary, src, tmp, "bench", fake.port, mm.TOKEN)
        try:
            return flood(fake, bot, total, window)
        finally:
            bot.stop()
            fake.stop()


def flood(fake, bot, total, window):
    deadline = time.monotonic() + LIMIT
    if not fake.wait(lambda: fake.conns and fake.conns[-1].authed, 15):
        print("the bot did not connect:\n" + bot.stderr()[-800:])
        return 1
    time.sleep(0.3)
    sent_at = {}      # post id -> monotonic time its event was sent
    done = 0          # replies counted so far
    latencies = []
    seen = set()
    doubled = 0
    n = 0
    t0 = time.monotonic()
    while done < total and time.monotonic() < deadline:
        batch = []
        while n < total and n - done < window and len(batch) < 64:
            pid = "q%06d" % n
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
        got = fake.wait(lambda: len(fake.created) > done, 5)
        if not got:
            continue
        for t, body, _ in fake.snapshot("created")[done:]:
            root = body.get("root_id")
            if root in seen:
                doubled += 1
            seen.add(root)
            if root in sent_at:
                latencies.append(t - sent_at[root])
            done += 1
    elapsed = time.monotonic() - t0
    kib = peak_kib(bot.proc.pid)
    answered = len(seen)
    print("questions sent       %d (%d users, %d channels, window %d)" %
          (n, USERS, CHANNELS, window))
    print("answered             %d (doubled %d) in %.2f s" %
          (answered, doubled, elapsed))
    print("answers per second   %.0f" % (answered / elapsed if elapsed else 0))
    print("latency p50          %.2f ms" % (pct(latencies, 0.50) * 1000))
    print("latency p99          %.2f ms" % (pct(latencies, 0.99) * 1000))
    print("bot peak memory      %.1f MiB (VmHWM)" % (kib / 1024.0))
    return 0 if answered == total and doubled == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
