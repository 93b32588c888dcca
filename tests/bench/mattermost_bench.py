#!/usr/bin/env python3
"""The chat path under a flood: questions through the Mattermost adapter.

usage: mattermost_bench.py PATH/TO/newsbot [QUESTIONS] [WINDOW] [--http]

Starts the fake Mattermost of tests/e2e/mattermost_e2e.py on a free
loopback port and the bot against it with its rate limits off, then floods
QUESTIONS (default 20000) posted events from 500 users in 50 channels, at
most WINDOW (default 256) unanswered at a time, and reports answers per
second, the p50/p99 time from an event leaving the server to the bot's
reply arriving there (POST /api/v4/posts), and the bot's peak memory.
A benchmark, not a test: it prints figures and fails only if answers are
missing or doubled. The fake is Python, so on a small machine it is the
bottleneck of the throughput figure; the latency is the bot's.

With --http the bot also runs NEWSBOT_HTTP on a free loopback port and a
thread scrapes /metrics every 100 ms during the flood (the cost of the
listener; it reports the scrapes and their slowest answer).
"""

import os
import socket
import sys
import tempfile
import threading
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "e2e"))
import mattermost_e2e as mm  # noqa: E402
from floodmix import QUESTIONS, pct, peak_kib  # noqa: E402

USERS, CHANNELS = 500, 50
LIMIT = 600  # seconds for the whole run


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    http = "--http" in sys.argv
    argv = [a for a in sys.argv if a != "--http"]
    binary = os.path.abspath(argv[1])
    total = int(argv[2]) if len(argv) > 2 else 20000
    window = int(argv[3]) if len(argv) > 3 else 256
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    for i in range(CHANNELS):  # the fake posts only to channels it knows
        mm.CHANNELS["ch%02d" % i] = dict(mm.CHANNELS["c1"],
                                         channel_name="bench-%02d" % i)
    fake = mm.FakeMattermost()
    fake.start()
    with tempfile.TemporaryDirectory(prefix="newsbot-mmbench-") as tmp:
        scraper = None
        if http:
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
            s.close()
            # BotProcess passes no NEWSBOT_ key of ours: wrap its env
            base = mm.BotProcess.__init__

            def with_http(self, b, t, name, env, argv=("run",)):
                env = dict(env, NEWSBOT_HTTP="127.0.0.1:%d" % port)
                base(self, b, t, name, env, argv)
            mm.BotProcess.__init__ = with_http
        bot = mm.Bot(binary, src, tmp, "bench", fake.port, mm.TOKEN)
        if http:
            scraper = Scraper(port)
        try:
            return flood(fake, bot, total, window)
        finally:
            if scraper:
                scraper.stop()
            bot.stop()
            fake.stop()


class Scraper:
    """GET /metrics every 100 ms on a thread until stop()."""
    def __init__(self, port):
        self.url = "http://127.0.0.1:%d/metrics" % port
        self.n, self.worst, self.failed = 0, 0.0, 0
        self.halt = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.halt.wait(0.1):
            t0 = time.monotonic()
            try:
                with urllib.request.urlopen(self.url, timeout=2) as r:
                    r.read()
                self.n += 1
                self.worst = max(self.worst, time.monotonic() - t0)
            except OSError:
                self.failed += 1

    def stop(self):
        self.halt.set()
        self.thread.join(5)
        print("metrics scrapes      %d (failed %d), slowest %.1f ms" %
              (self.n, self.failed, self.worst * 1000))


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
