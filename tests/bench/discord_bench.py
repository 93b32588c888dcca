#!/usr/bin/env python3
"""Slash commands under a flood: /news interactions on the fake Discord.

usage: discord_bench.py PATH/TO/newsbot [INTERACTIONS] [WINDOW]

Starts the fake Discord of tests/e2e/discord_e2e.py on a free loopback
port and the bot against it with its rate limits off, then dispatches
INTERACTIONS (default 2000) /news INTERACTION_CREATE events from 200 users
in 10 channels, at most WINDOW (default 32) unanswered at a time, and
reports answers per second and the p50/p99/max time from the fake sending
an INTERACTION_CREATE to its interaction callback arriving at the fake
(Discord's 3-second window is measured the same way), the callbacks past
3 s, and the bot's peak memory. A benchmark, not a test: it prints
figures and fails only if a callback is missing, doubled or refused. The
fake is Python: its own parsing and dispatch are inside the figure, so the
latency is an upper bound of the bot's.
"""

import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "e2e"))
import discord_e2e as dc  # noqa: E402
from floodmix import QUESTIONS, pct, peak_kib  # noqa: E402

USERS, CHANNELS = 200, 10
LIMIT = 600  # seconds for the whole run


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    binary = os.path.abspath(sys.argv[1])
    total = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    window = int(sys.argv[3]) if len(sys.argv) > 3 else 32
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    for i in range(CHANNELS):
        dc.CHANNELS["b%02d" % i] = dc.GUILD
    fake = dc.FakeDiscord()
    fake.start()
    with tempfile.TemporaryDirectory(prefix="newsbot-dcbench-") as tmp:
        bot = dc.Bot(binary, src, tmp, "bench", fake.port,
                     env={"NEWSBOT_DB": os.path.join(tmp, "r.db")})
        try:
            return flood(fake, bot, total, window)
        finally:
            bot.stop()
            fake.stop()


def flood(fake, bot, total, window):
    deadline = time.monotonic() + LIMIT
    if not fake.wait(lambda: fake.live() is not None, 15) or \
            not fake.wait(lambda: fake.command_puts, 10):
        print("the bot did not connect:\n" + bot.stderr()[-800:])
        return 1
    time.sleep(0.3)
    sent = []         # Interaction, in order
    n = 0
    t0 = time.monotonic()

    def answered():
        return len(set(id(c[1]) for c in fake.callbacks))

    while time.monotonic() < deadline:
        done = answered()
        if done >= total:
            break
        batch = 0
        while n < total and n - done < window and batch < 16:
            u = dict(dc.ALICE, id="u%03d" % (n * 7 % USERS))
            sent.append(fake.interaction(
                "news", [{"name": "question", "type": 3,
                          "value": QUESTIONS[n % len(QUESTIONS)]}],
                channel="b%02d" % (n % CHANNELS), user=u))
            n += 1
            batch += 1
        fake.wait(lambda: answered() > done, 5)
    elapsed = time.monotonic() - t0
    cbs = fake.snapshot("callbacks")
    first = {}
    doubled = refused = 0
    for t, ix, body, status in cbs:
        if status != 204:
            refused += 1
        if id(ix) in first:
            doubled += 1
        else:
            first[id(ix)] = t - ix.t
    lat = list(first.values())
    late = len([x for x in lat if x > 3.0])
    kib = peak_kib(bot.proc.pid)
    print("interactions sent    %d (%d users, %d channels, window %d)" %
          (n, USERS, CHANNELS, window))
    print("callbacks            %d (doubled %d, refused %d) in %.2f s" %
          (len(first), doubled, refused, elapsed))
    print("answers per second   %.0f" % (len(first) / elapsed
                                         if elapsed else 0))
    print("latency p50          %.2f ms" % (pct(lat, 0.50) * 1000))
    print("latency p99          %.2f ms" % (pct(lat, 0.99) * 1000))
    print("latency max          %.2f ms" % (max(lat or [0]) * 1000))
    print("past the 3 s window  %d" % late)
    print("bot peak memory      %.1f MiB (VmHWM)" % (kib / 1024.0))
    return 0 if len(first) == total and doubled == 0 and refused == 0 \
        else 1


if __name__ == "__main__":
    sys.exit(main())
