#!/usr/bin/env python3
"""The chat path under a flood: events through the Slack adapter.

usage: slack_bench.py PATH/TO/newsbot [EVENTS] [WINDOW] [--http[=MS]]
       slack_bench.py PATH/TO/newsbot --commands [COMMANDS] [WINDOW]

Starts the fake Slack of tests/e2e/slack_e2e.py (Web API and Socket Mode
on one free loopback port) and the bot against it with its rate limits
off, then floods EVENTS (default 20000) events_api envelopes from 500
users: three in four an app_mention in one of 50 channels, one in four a
message in the user's direct message. At most WINDOW (default 256) are
unanswered at a time (so at most that many unacknowledged). It reports
answers per second, the p50/p99 time from an envelope leaving the server
to the bot's chat.postMessage arriving there, the acks, the bot's peak
memory, and the CPU time spent during the flood by the bot and by this
process (the fake and the flood's driver): the bot's per answer, from
/proc/PID/stat, is its own cost whoever the bottleneck is. The fake does
not echo the bot's posts back (the app subscribes to no event they would
raise). A benchmark, not a test: it prints figures and fails only if an
answer is missing, failed or doubled, an envelope went unacked or a
scrape failed; every wait is bounded (no reply for 30 s ends the flood).
The fake is Python and, on a small machine, the bottleneck of the
throughput figure; the latency and the CPU time per answer are the
bot's.

With --commands the flood is EVENTS slash commands (/news QUESTION, in
the same mix of channels and users) instead, at most WINDOW unacked at a
time (default 1: one after the other); it reports the p50/p99 time from
a slash_commands envelope leaving the fake to the bytes of its ack (which
carries the answer) arriving there, and fails if a command went unacked
or an ack came without its answer.

With --http the bot also runs NEWSBOT_HTTP on a free loopback port and a
scraper, a separate process (so that it does not take the fake's
interpreter lock), GETs /metrics and /healthz every 100 ms during the
flood (every MS ms with --http=MS; --http=0: no scraper, the listener
idle): the cost of the listener. It reports the scrapes, their slowest
answer, and fails if one did not answer 200. After the flood it GETs
each endpoint 1000 times back to back and reports the bot's CPU time
per GET: what a scrape costs the bot, free of the flood's noise.
"""

import json
import os
import resource
import select
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "e2e"))
import slack_e2e as sk  # noqa: E402
from e2elib import free_port  # noqa: E402
from floodmix import QUESTIONS, pct, peak_kib  # noqa: E402

USERS, CHANNELS = 500, 50
LIMIT = 600        # seconds for the whole flood
STALL = 30         # seconds without a reply that end it early
SCRAPE_MS = 100    # the scraper's period unless --http=MS says
COST_GETS = 1000   # GETs of each endpoint that price one


def cpu_seconds(pid):
    """utime + stime of process @pid (all its threads) in seconds."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # fields[0] is field 3 (state): utime and stime are fields 14 and 15
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def event(n):
    """The @n'th event of the flood: its ts is unique, so the reply's
    thread_ts names the question it answers."""
    user = "U%04d" % (n * 7 % USERS)
    ts = "1743660000.%06d" % n
    q = QUESTIONS[n % len(QUESTIONS)]
    if n % 4 == 3:
        return sk.message(q, ts=ts, channel="D%04d" % (n * 7 % USERS),
                          user=user)
    return sk.mention(q, ts=ts, channel="C%03d" % (n % CHANNELS), user=user)


def main():
    if len(sys.argv) >= 4 and sys.argv[1] == "--scrape":
        return scrape(int(sys.argv[2]), int(sys.argv[3]) / 1000.0)
    if len(sys.argv) < 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    if "--commands" in sys.argv:
        argv = [a for a in sys.argv if a != "--commands"]
        return run_commands(os.path.abspath(argv[1]),
                            int(argv[2]) if len(argv) > 2 else 2000,
                            int(argv[3]) if len(argv) > 3 else 1)
    http = [a for a in sys.argv if a.split("=")[0] == "--http"]
    every = int(http[-1].split("=")[1]) if http and "=" in http[-1] \
        else SCRAPE_MS
    argv = [a for a in sys.argv if a not in http]
    binary = os.path.abspath(argv[1])
    total = int(argv[2]) if len(argv) > 2 else 20000
    window = int(argv[3]) if len(argv) > 3 else 256
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    fake = sk.FakeSlack()
    fake.echo = False  # the app subscribes to no event its posts raise
    fake.start()
    with tempfile.TemporaryDirectory(prefix="newsbot-slackbench-") as tmp:
        # the reminder database goes where the bot is told, not in ~
        os.environ["XDG_STATE_HOME"] = tmp
        port = free_port() if http else None
        bot = sk.Bot(binary, src, tmp, "bench", fake.port, http=port)
        scraper = None
        try:
            if not fake.wait(lambda: fake.live_conns(), 15):
                print("the bot did not connect:\n" + bot.stderr()[-800:])
                return 1
            time.sleep(0.3)  # the hello travels
            if http and every > 0:
                scraper = Scraper(port, every)
            return flood(fake, bot, total, window, scraper)
        finally:
            if scraper:
                scraper.stop()
            bot.stop()
            fake.stop()


class Scraper:
    """This script again with --scrape PORT MS, in its own process; stop()
    closes its stdin, it prints what it saw as one JSON line and exits."""

    def __init__(self, port, every_ms):
        self.port = port
        self.proc = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "--scrape",
             str(port), str(every_ms)], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE)
        self.figures = None
        # the flood starts once the first scrapes are in
        if select.select([self.proc.stdout], [], [], 10)[0]:
            self.proc.stdout.readline()

    def stop(self):
        """Its figures, or None if it gave none. Safe to call again."""
        if self.proc.returncode is not None:
            return self.figures
        try:
            out, _ = self.proc.communicate(b"", timeout=10)
            self.figures = json.loads(out.decode().strip().splitlines()[-1])
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        except (ValueError, IndexError):
            pass
        return self.figures


def get(port, path):
    """(status, body) of GET @path on 127.0.0.1:@port; status 0 if there
    was no answer within 2 s. A bare socket, not urllib, so that the
    scraper spends little of the CPU the bot and the fake share."""
    data = b""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as c:
            c.sendall(b"GET /%s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
                      b"Connection: close\r\n\r\n" % (path.encode(), port))
            while len(data) < 1 << 20:
                chunk = c.recv(65536)
                if not chunk:
                    break
                data += chunk
    except OSError:
        return 0, b""
    head, _, body = data.partition(b"\r\n\r\n")
    try:
        return int(head.split(b" ", 2)[1]), body
    except (IndexError, ValueError):
        return 0, b""


def scrape(port, every):
    """The scraper's process: GET /metrics and /healthz at once (then says
    "ready"), every @every seconds, and once more when stdin closes (or
    LIMIT seconds pass); then its figures as one JSON line."""
    seen = {"metrics": [0, 0, 0.0], "healthz": [0, 0, 0.0]}  # ok, bad, worst

    def once():
        for path, good in (("metrics", b"newsbot_questions_total"),
                           ("healthz", b'"status":"ok"')):
            t0 = time.monotonic()
            status, body = get(port, path)
            s = seen[path]
            s[0 if status == 200 and good in body else 1] += 1
            s[2] = max(s[2], time.monotonic() - t0)

    once()
    print("ready", flush=True)
    cpu0 = own_cpu_seconds()  # the interpreter's start is not the scrapes'
    t = time.monotonic()
    end = t + LIMIT
    while t < end:
        t += every  # a fixed period, however long a scrape took
        if select.select([sys.stdin], [], [],
                         max(0.0, t - time.monotonic()))[0]:
            break  # EOF: the flood is over
        once()
    once()
    seen["cpu"] = own_cpu_seconds() - cpu0
    print(json.dumps(seen), flush=True)
    return 0


def scrape_cost(pid, port):
    """{path: the bot's CPU seconds per GET}, from COST_GETS GETs of each
    endpoint in a row on the idle bot; None if one was not a 200."""
    cost = {}
    for path in ("metrics", "healthz"):
        cpu0 = cpu_seconds(pid)
        for _ in range(COST_GETS):
            if get(port, path)[0] != 200:
                return None
        cost[path] = (cpu_seconds(pid) - cpu0) / COST_GETS
    return cost


def run_commands(binary, total, window):
    """The --commands bench: the bot on the fake, then command_flood()."""
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    fake = sk.FakeSlack()
    fake.echo = False
    fake.start()
    with tempfile.TemporaryDirectory(prefix="newsbot-slackcmd-") as tmp:
        os.environ["XDG_STATE_HOME"] = tmp
        bot = sk.Bot(binary, src, tmp, "bench", fake.port)
        try:
            if not fake.wait(lambda: fake.live_conns(), 15):
                print("the bot did not connect:\n" + bot.stderr()[-800:])
                return 1
            time.sleep(0.3)  # the hello travels
            return command_flood(fake, bot, total, window)
        finally:
            bot.stop()
            fake.stop()


def command_flood(fake, bot, total, window):
    """@total slash commands, at most @window unacked at a time; the time
    from each envelope leaving the fake to its ack's bytes arriving."""
    deadline = time.monotonic() + LIMIT
    envs = []
    n = 0
    cpu0 = cpu_seconds(bot.proc.pid)
    t0 = time.monotonic()

    def acked():
        return sum(1 for e in envs if e.t_ack is not None)

    while time.monotonic() < deadline and bot.alive():
        done = acked()
        if done >= total:
            break
        batch = []
        while n < total and n - done + len(batch) < window:
            batch.append(("%s" % QUESTIONS[n % len(QUESTIONS)],
                          "U%04d" % (n * 7 % USERS),
                          "C%03d" % (n % CHANNELS) if n % 4 != 3 else
                          "D%04d" % (n * 7 % USERS)))
            n += 1
        if batch:
            got = fake.call(lambda b=batch: [fake._command(q, u, c)
                                             for q, u, c in b])
            if any(g is None for g in got):
                print("no live socket for a command")
                break
            with fake.cond:
                envs.extend(fake.envelopes[g[0]] for g in got)
        if not fake.wait(lambda: acked() > done, STALL):
            print("no ack for %d s" % STALL)
            break
    elapsed = time.monotonic() - t0
    cpu = cpu_seconds(bot.proc.pid) - cpu0
    time.sleep(0.2)
    with fake.cond:
        lat = [e.t_ack_arrive - e.t_sent for e in envs
               if e.t_ack_arrive is not None]
        empty = sum(1 for e in envs if e.t_ack and e.ack_payload is None)
        errors = list(fake.errors)
    print("slash commands       %d sent, %d acked (%d without the answer), "
          "window %d, in %.2f s" % (len(envs), len(lat), empty, window,
                                    elapsed))
    print("envelope -> ack p50  %.3f ms" % (pct(lat, 0.50) * 1000))
    print("envelope -> ack p99  %.3f ms" % (pct(lat, 0.99) * 1000))
    print("envelope -> ack max  %.3f ms" % (max(lat) * 1000 if lat else 0))
    print("bot CPU              %.1f us per command" %
          (1e6 * cpu / len(lat) if lat else 0))
    if errors:
        print("fake saw: " + "; ".join(errors[:5]))
    ok = len(lat) == total and empty == 0 and not errors
    return 0 if ok else 1


def flood(fake, bot, total, window, scraper):
    deadline = time.monotonic() + LIMIT
    sent_at = {}      # ts -> monotonic time its envelope was sent
    done = 0          # posts looked at so far
    latencies = []
    seen = set()
    doubled = failed = lost = 0
    n = 0
    cpu_bot0, cpu_fake0 = cpu_seconds(bot.proc.pid), own_cpu_seconds()
    t0 = last = time.monotonic()
    while len(seen) < total and time.monotonic() < deadline:
        if lost or time.monotonic() - last > STALL or not bot.alive():
            print("the flood stalled: %s" % (
                "%d events found no live socket" % lost if lost else
                "no reply for %d s" % STALL if bot.alive() else
                "the bot exited with %r" % bot.proc.returncode))
            break
        batch = []
        while n < total and n - len(seen) < window and len(batch) < 64:
            batch.append(event(n))
            n += 1
        if batch:
            stamp = time.monotonic()
            got = fake.call(lambda b=batch: [fake._envelope(ev) for ev in b])
            lost += sum(1 for g in got if g is None)
            for ev in batch:
                sent_at[ev["ts"]] = stamp
        if not fake.wait(lambda: len(fake.posts) > done, 5):
            continue
        last = time.monotonic()
        with fake.cond:
            new = fake.posts[done:]
        for r in new:
            done += 1
            thread = r.json.get("thread_ts") if isinstance(r.json, dict) \
                else None
            if not r.ok() or thread not in sent_at:
                failed += 1
                continue
            if thread in seen:
                doubled += 1
            seen.add(thread)
            latencies.append(r.t - sent_at[thread])
    elapsed = time.monotonic() - t0
    cpu_bot = cpu_seconds(bot.proc.pid) - cpu_bot0
    cpu_fake = own_cpu_seconds() - cpu_fake0
    scrapes = scraper.stop() if scraper else None
    time.sleep(0.2)   # the last acks travel, and a second answer would
    with fake.cond:
        for r in fake.posts[done:]:
            if isinstance(r.json, dict) and r.json.get("thread_ts") in seen:
                doubled += 1
            else:
                failed += 1
        acked = sum(1 for e in fake.envelopes.values() if e.t_ack)
        sent = len(fake.envelopes)
        redelivered = len(fake.redeliveries)
        errors = list(fake.errors)
    kib = peak_kib(bot.proc.pid)
    answered = len(seen)
    print("events sent          %d (%d users, %d channels, window %d)" %
          (n, USERS, CHANNELS, window))
    print("answered             %d (doubled %d, failed %d) in %.2f s" %
          (answered, doubled, failed, elapsed))
    print("answers per second   %.0f" % (answered / elapsed if elapsed else 0))
    print("latency p50          %.2f ms" % (pct(latencies, 0.50) * 1000))
    print("latency p99          %.2f ms" % (pct(latencies, 0.99) * 1000))
    print("envelopes acked      %d of %d (redelivered %d)" %
          (acked, sent, redelivered))
    print("bot CPU              %.2f s (%.0f%% of a core), %.1f us per "
          "answer" % (cpu_bot, 100 * cpu_bot / elapsed if elapsed else 0,
                      1e6 * cpu_bot / answered if answered else 0))
    print("fake CPU             %.2f s (%.0f%% of a core)" %
          (cpu_fake, 100 * cpu_fake / elapsed if elapsed else 0))
    print("bot peak memory      %.1f MiB (VmHWM)" % (kib / 1024.0))
    ok = answered == total and doubled == 0 and failed == 0 and \
        lost == 0 and acked == sent and not errors
    if errors:
        print("fake saw: " + "; ".join(errors[:5]))
    if scraper:
        if scrapes is None:
            print("the scraper gave no figures")
            ok = False
        else:
            for path in ("metrics", "healthz"):
                good, bad, worst = scrapes[path]
                print("%-20s %d (failed %d), slowest %.1f ms" %
                      ("/%s scrapes" % path, good, bad, worst * 1000))
                ok = ok and bad == 0 and good > 0
            print("scraper CPU          %.2f s" % scrapes["cpu"])
        cost = scrape_cost(bot.proc.pid, scraper.port)
        if cost is None:
            print("a GET to price the scrapes was not answered 200")
            ok = False
        else:
            print("bot CPU per GET      /metrics %.0f us, /healthz %.0f us "
                  "(%d each, idle)" % (cost["metrics"] * 1e6,
                                       cost["healthz"] * 1e6, COST_GETS))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
