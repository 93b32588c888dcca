#!/usr/bin/env python3
"""e2e.replicas_outage: three replicas while their PostgreSQL is lost.

usage: replicas_outage_e2e.py PATH/TO/newsbot SOURCE_DIR

The replicas, fakes and throw-away PostgreSQL of replicas_e2e.py (fake
Mattermost: every post to every replica; fake Slack: round-robin), each
replica with its /metrics on a loopback port.

1. Three replicas connect; a question is answered by exactly one of them.
2. The server is stopped at once (pgtmp down). Questions on Mattermost and
   Slack are each answered, by at least one and at most three replicas
   (the replicas' "question answered" lines; the fake Mattermost shows one
   post, since it deduplicates the replies' pending_post_id), with their
   fact, the first answer within ANSWER_MAX; every replica answers some of
   them, each within ANSWER_MAX (none hangs), logs "the store is out;
   answering without claims" once, and counts claims unchecked with
   newsbot_store_up 0.
3. The server starts again on its port (pgtmp up). Questions are asked
   one at a time until one is answered by exactly one replica again,
   within BACK_WAIT (the longest wait the retry schedule of store_pg.c
   allows, plus a try and slack); each replica's "connection back" is no
   later than the schedule says. Then more questions are each answered
   exactly once, with no unchecked claim, and follow-ups asked after the
   outage carry the conversation's fact, a Slack one sent on another
   replica's connection than the answer to its question.
4. No replica exited, crashed or logged the database password or a token;
   SIGTERM ends each with status 0.

Python 3 standard library only; loopback only; every wait is bounded;
PostgreSQL is stopped at the end, also on a failure. Exits 0 if every
check passed, 1 if not.
"""

import calendar
import os
import re
import sys
import time
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(1, os.path.join(HERE, "..", "pg"))
from e2elib import (args, check, free_port, log, require,  # noqa: E402
                    run_test, tail)
import mattermost_e2e as mm  # noqa: E402
import replicas_e2e as rep  # noqa: E402
import slack_e2e as sl  # noqa: E402

OVERALL_LIMIT = 150     # seconds; ctest's TIMEOUT is 180
HOST = rep.HOST
REPLICAS = rep.REPLICAS
# The reconnection schedule of bot/reminders/store_pg.c: the first try
# RETRY_FIRST after the loss, each next one after twice the last delay, at
# most RETRY_MAX; a try is given up after TRY.
RETRY_FIRST, RETRY_MAX, TRY = 1.0, 30.0, 5.0
SLACK = 2.0             # ticks, logging and our polling, on top
BACK_WAIT = RETRY_MAX + TRY + 5.0   # 40 s: claims back within this of up
ANSWER_MAX = 2.0        # an answer while the store is out comes within
ANSWER_WAIT = 8.0       # how long a question may wait for its answer
SETTLE = 1.0            # after the first answer: doubles show up by then

MATTERMOST_QS = [       # (channel, user, question, fact)
    ("m01", "o1", "who rules Afghanistan?", "Taliban"),
    ("m02", "o2", "when is the hearing?", "17 April"),
    ("m03", "o3") + rep.irc.BURST[0],
    ("m04", "o4") + rep.irc.BURST[2],
]
SLACK_QS = [
    ("C101", "UO1") + rep.irc.BURST[1],
    ("C102", "UO2") + rep.irc.BURST[3],
]


def tries_after_loss():
    """Seconds from the loss to each try of the schedule: 1, 3, 7, 15,
    31, 61, ..."""
    t, delay = 0.0, RETRY_FIRST
    while True:
        t += delay
        yield t
        delay = min(delay * 2, RETRY_MAX)


def first_try_from(elapsed):
    """Seconds from the loss to the first try at or after @elapsed."""
    for t in tries_after_loss():
        if t >= elapsed:
            return t


def log_time(rec):
    """A JSON log record's "time" (2025-...T..:..:..mmmZ, the real
    clock) in seconds since the epoch, or None."""
    m = re.match(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)\.(\d{3})Z$",
                 str(rec.get("time", "")))
    if not m:
        return None
    v = [int(x) for x in m.groups()]
    return calendar.timegm(tuple(v[:6]) + (0, 0, 0)) + v[6] / 1000.0


def metrics(port):
    """{name{labels}: value} from a replica's /metrics, {} if it does not
    answer."""
    try:
        with urllib.request.urlopen("http://%s:%d/metrics" % (HOST, port),
                                    timeout=2) as r:
            text = r.read().decode()
    except OSError:
        return {}
    out = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            k, _, v = line.rpartition(" ")
            try:
                out[k] = float(v)
            except ValueError:
                pass
    return out


UNCHECKED = 'newsbot_claims_total{result="unchecked"}'
WON = 'newsbot_claims_total{result="won"}'


class OutageCluster(rep.Cluster):
    """The cluster of replicas_e2e.py, each replica with /metrics."""

    def __init__(self, *a):
        super().__init__(*a)
        self.http = {}     # replica name -> /metrics port

    def env(self, name, now, extra=None):
        self.http[name] = free_port(HOST)
        e = {"NEWSBOT_HTTP": "%s:%d" % (HOST, self.http[name])}
        e.update(extra or {})
        return super().env(name, now, e)

    def scrape(self):
        return {b.name: metrics(self.http[b.name]) for b in self.bots}

    def events(self, msg):
        """{replica: [(log time, record)]} of the records whose message
        starts with @msg."""
        self.read_logs()
        return {b.name: [(log_time(x), x) for x in b.lines
                         if str(x.get("msg", "")).startswith(msg)]
                for b in self.bots}


class Ask:
    """One question asked, and what came of it."""

    def __init__(self, cl, platform, channel, user, text, fact, root=None,
                 conn=None):
        self.cl, self.platform, self.channel = cl, platform, channel
        self.user, self.text, self.fact = user, text, fact
        self.posts = []            # (monotonic time, text)
        self.seen = {}             # replica -> monotonic time its log said
        fm, fs = cl.mm, cl.sl
        self.t_sent = time.monotonic()
        if platform == "mm":
            self.mark = len(fm.snapshot("created"))
            self.msg_id = mm.new_id()
            self.thread = root or self.msg_id
            fm.post(self.msg_id, "@newsbot " + text, channel=channel,
                    root_id=root or "", user=user, sender="@" + user)
        else:
            self.mark = len(fs.snapshot("posts"))
            ev = sl.mention(text, thread_ts=root, channel=channel, user=user)
            self.msg_id = ev["ts"]
            self.thread = root or ev["ts"]
            self.via = fs.send(ev, conn=conn) if conn else fs.send(ev)

    def name(self):
        return "%s %s %r" % (self.platform, self.channel, self.text)

    def collect(self):
        fm, fs = self.cl.mm, self.cl.sl
        if self.platform == "mm":
            self.posts = [(t, b.get("message", "")) for t, b, _ in
                          fm.snapshot("created")[self.mark:]
                          if b.get("channel_id") == self.channel and
                          b.get("root_id") == self.thread]
        else:
            self.posts = [(r.t, sl.slack_unescape(r.json.get("text", "")))
                          for r in rep.sl_replies(fs, self.channel,
                                                  self.thread, self.mark)]
        self.cl.read_logs()
        now = time.monotonic()
        for b in self.cl.bots:
            if b.answered.get(self.msg_id) and b.name not in self.seen:
                self.seen[b.name] = now

    def wait(self, all_of=None):
        """Until answered (and, with @all_of, until each of those
        replicas' logs say it answered), at most ANSWER_WAIT; then SETTLE
        for doubles."""
        end = self.t_sent + ANSWER_WAIT
        while time.monotonic() < end:
            self.collect()
            if self.posts and self.seen and \
                    (all_of is None or all_of <= set(self.seen)):
                break
            time.sleep(0.02)
        time.sleep(SETTLE)
        self.collect()
        return self

    def first(self):
        """Seconds from the question to its first answer, or None."""
        return self.posts[0][0] - self.t_sent if self.posts else None

    def answerers(self):
        return sorted(b.name for b in self.cl.bots
                      if b.answered.get(self.msg_id))

    def right(self):
        return bool(self.posts) and \
            self.fact.lower() in self.posts[0][1].lower()

    def summary(self):
        return "%s: %d post(s), by %s, first after %s s: %r" % (
            self.name(), len(self.posts), self.answerers() or "nobody",
            "%.2f" % self.first() if self.posts else "-",
            self.posts[0][1][:70] if self.posts else None)


def run(binary, src, tmp, state):
    try:
        import pgtmp
    except ImportError as e:
        require("tests/pg/pgtmp.py is there to start PostgreSQL", False,
                repr(e))
    rep.expectations(binary, src)   # the facts and follow-ups hold
    pgdir = os.path.join(tmp, "pg")
    state["pgtmp"], state["pgdir"] = pgtmp, pgdir
    t0 = time.monotonic()
    uri = pgtmp.start(pgdir)
    require("PostgreSQL starts (%.1f s)" % (time.monotonic() - t0),
            isinstance(uri, str) and uri.startswith("postgres"), repr(uri))
    password = urllib.parse.urlsplit(uri).password
    require("the URI has a password to look for in the logs",
            bool(password))
    log("# PostgreSQL at %s" % uri.replace(":" + password + "@", ":***@"))
    state["mm"], state["sl"] = rep.FanoutMattermost(), rep.RoundRobinSlack()
    state["mm"].start()
    state["sl"].start()
    cl = OutageCluster(binary, src, tmp, state, uri)
    bots = cl.start("1", rep.CLOCK)
    names = {b.name for b in bots}

    a = Ask(cl, "mm", "m00", "o0", "who rules Afghanistan?",
            "Taliban").wait()
    check("1 with the store up a question is answered by exactly one "
          "replica (%s)" % a.summary(),
          len(a.posts) == 1 and len(a.answerers()) == 1 and a.right())
    before = cl.scrape()
    check("1 /metrics of every replica: newsbot_store_up 1 (%s)" %
          {n: m.get("newsbot_store_up") for n, m in before.items()},
          all(m.get("newsbot_store_up") == 1 for m in before.values()))

    outage(cl, pgtmp, pgdir, names, before)
    conn_owner = {c.n: cl.owner(c, cl.sl.port) for c in cl.sl.live_conns()}
    t_up = back_up(cl, pgtmp, pgdir)
    if t_up is not None:
        after(cl, conn_owner)

    gone = [b.name for b in bots if not b.alive()]
    check("4 no replica exited (%s)" % (gone or "all running"), not gone,
          "; ".join("%s exited %r: %s" % (b.name, b.proc.returncode,
                                          tail(b.stderr_path, 4))
                    for b in bots if not b.alive()))
    crash = [b.name for b in bots
             if re.search(r"AddressSanitizer|LeakSanitizer|runtime error:|"
                          r"Segmentation", b.stderr())]
    check("4 no replica's log has a sanitizer or crash report", not crash,
          repr(crash))
    secret = [b.name for b in bots
              if any(t in b.stderr() for t in (password, sl.APP_TOKEN,
                                               sl.BOT_TOKEN, mm.TOKEN))]
    check("4 no replica logged the database password or a token", not secret,
          repr(secret))
    cl.stop_all("4")


def outage(cl, pgtmp, pgdir, names, before):
    """2: the server stopped; questions answered without claims."""
    t = time.monotonic()
    cl.state["t_down"] = time.time()
    pgtmp.down(pgdir)
    cl.state["down"] = True
    log("# PostgreSQL stopped (-m immediate) in %.1f s" %
        (time.monotonic() - t))
    asks = []
    for ch, user, text, fact in MATTERMOST_QS:
        # every replica gets each post: wait for each one's answer
        asks.append(Ask(cl, "mm", ch, user, text, fact).wait(all_of=names))
    for ch, user, text, fact in SLACK_QS:
        asks.append(Ask(cl, "slack", ch, user, text, fact).wait())
    for x in asks:
        log("#   out: %s; replicas answered after %s" % (x.summary(), {
            n: "%.2f" % (s - x.t_sent) for n, s in sorted(x.seen.items())}))
    bad = [x for x in asks if not (1 <= len(x.posts) <= REPLICAS and
                                   1 <= len(x.answerers()) <= REPLICAS and
                                   x.right())]
    check("2 store out: each of %d questions (%d Mattermost, %d Slack) is "
          "answered, by 1 to %d replicas, with its fact" %
          (len(asks), len(MATTERMOST_QS), len(SLACK_QS), REPLICAS),
          not bad, "; ".join(x.summary() for x in bad))
    slow = [x for x in asks if x.first() is None or x.first() >= ANSWER_MAX]
    check("2 store out: each first answer comes within %.0f s (slowest "
          "%s s)" % (ANSWER_MAX, "%.2f" % max(x.first() or 99 for x in asks)),
          not slow, "; ".join(x.summary() for x in slow))
    per = {n: [x.seen[n] - x.t_sent for x in asks if n in x.seen]
           for n in sorted(names)}
    check("2 store out: every replica answers (none hangs), each answer "
          "within %.0f s of its question (%s)" %
          (ANSWER_MAX, ", ".join("%s %d, slowest %.2f s" %
                                 (n, len(v), max(v) if v else -1)
                                 for n, v in per.items())),
          all(v and max(v) < ANSWER_MAX for v in per.values()))
    many = [x for x in asks if len(x.answerers()) > 1]
    log("# %d of %d questions were answered by more than one replica (no "
        "claims); the fake Mattermost showed %s post(s) each" %
        (len(many), len(asks), sorted({len(x.posts) for x in asks
                                       if x.platform == "mm"})))
    said = {n: sum(1 for _, r in v if "the store is out; answering without "
                   "claims" in str(r.get("msg")))
            for n, v in cl.events("replica ").items()}
    check("2 each replica logs \"the store is out; answering without "
          "claims\" once (%s)" % said, all(v == 1 for v in said.values()))
    lost = {n: len(v) for n, v in cl.events("store ").items()
            if any("connection lost" in str(r.get("msg")) for _, r in v)}
    check("2 each replica logs that the store's connection was lost (%s)" %
          sorted(lost), set(lost) == names)
    now = cl.scrape()
    grew = {n: now[n].get(UNCHECKED, 0) - before[n].get(UNCHECKED, 0)
            for n in now}
    check("2 /metrics: newsbot_store_up 0 on every replica and unchecked "
          "claims counted (%s)" % ", ".join(
              "%s up %s +%d" % (n, now[n].get("newsbot_store_up"), grew[n])
              for n in sorted(now)),
          all(now[n].get("newsbot_store_up") == 0 and grew[n] > 0
              for n in now))
    cl.state["asks_out"] = asks


def back_up(cl, pgtmp, pgdir):
    """3: the server started again; questions until claims work.
    Return: when claims were seen back (monotonic), or None."""
    t = time.monotonic()
    pgtmp.up(pgdir)
    t_up = time.time()
    cl.state["down"] = False
    log("# PostgreSQL started again (same port) in %.1f s, %.1f s after it "
        "was stopped" % (time.monotonic() - t, t_up - cl.state["t_down"]))
    t_up_m = time.monotonic()
    end = t_up_m + BACK_WAIT
    rounds = []
    back = None
    i = 0
    while time.monotonic() < end:
        ch = "m%02d" % (5 + i % 5)
        q, fact = rep.SINGLES[i % len(rep.SINGLES)]
        x = Ask(cl, "mm", ch, "b%d" % i, q, fact).wait()
        i += 1
        rounds.append((x.t_sent - t_up_m, len(x.answerers())))
        if len(x.answerers()) == 1 and len(x.posts) == 1:
            back = x.t_sent
            break
        time.sleep(0.3)
    log("# after up: %s" % ", ".join("+%.1f s by %d" % r for r in rounds))
    check("3 within %.0f s of the server's return a question is answered by "
          "exactly one replica again (claims back: the question asked "
          "+%s s after up, %d asked)" %
          (BACK_WAIT, "%.1f" % (back - t_up_m) if back else "-",
           len(rounds)), back is not None,
          "answerers per question: %r; logs: %s" % (rounds, "; ".join(
              "%s: %s" % (b.name, tail(b.stderr_path, 3)) for b in cl.bots)))

    lost = cl.events("store ")
    late = []
    seen = []
    for n, v in sorted(lost.items()):
        t_lost = [tt for tt, r in v if "connection lost" in str(r.get("msg"))
                  and tt is not None and tt >= cl.state["t_down"] - 1]
        t_back = [tt for tt, r in v if "connection back" in str(r.get("msg"))
                  and tt is not None and tt >= t_up - 1]
        if not t_lost or not t_back:
            late.append("%s: lost %r, back %r" % (n, t_lost[:1], t_back[:1]))
            continue
        due = first_try_from(t_up - t_lost[0])
        took = t_back[0] - t_lost[0]
        seen.append("%s lost %.1f s after down, back %.1f s after the loss "
                    "(%.1f s after up; schedule: %.0f s)" %
                    (n, t_lost[0] - cl.state["t_down"], took,
                     t_back[0] - t_up, due))
        if took > due + SLACK:
            late.append(seen[-1])
    log("# " + "; ".join(seen))
    check("3 each replica logs \"connection back\" no later than the retry "
          "schedule (tries 1, 3, 7, 15, 31 s ... after the loss, then every "
          "30 s) says, +%.0f s" % SLACK, not late, "; ".join(late))
    return back


def after(cl, conn_owner):
    """3: claims and shared conversations after the outage."""
    fm, fs = cl.mm, cl.sl
    before = cl.scrape()
    asks = [Ask(cl, "mm", "m06", "c1", "when is the hearing?",
                "17 April").wait(),
            Ask(cl, "mm", "m07", "c2", *rep.irc.BURST[4]).wait(),
            Ask(cl, "mm", "m08", "c3", *rep.irc.BURST[5]).wait(),
            Ask(cl, "slack", "C103", "UC1", *rep.irc.BURST[0]).wait()]
    bad = [x for x in asks if not (len(x.posts) == 1 and
                                   len(x.answerers()) == 1 and x.right())]
    check("3 after the outage %d questions are each answered exactly once, "
          "with their fact (by %s)" %
          (len(asks), [x.answerers() for x in asks]), not bad,
          "; ".join(x.summary() for x in bad))
    now = cl.scrape()
    grew = {n: now[n].get(UNCHECKED, 0) - before[n].get(UNCHECKED, 0)
            for n in now}
    won = sum(now[n].get(WON, 0) - before[n].get(WON, 0) for n in now)
    check("3 /metrics after the outage: newsbot_store_up 1 everywhere, no "
          "unchecked claim, claims won (%s; won +%d)" %
          (", ".join("%s up %s unchecked +%d" %
                     (n, now[n].get("newsbot_store_up"), grew[n])
                     for n in sorted(now)), won),
          all(now[n].get("newsbot_store_up") == 1 and grew[n] == 0
              for n in now) and won >= len(asks))

    # follow-ups: Slack's sent on another replica's connection than the
    # answer to its question; Mattermost's in the thread and at the top
    pairs = []
    (q1, f1), (q2, f2) = rep.FOLLOWS[0]
    first = Ask(cl, "slack", "C104", "UF1", q1, f1).wait()
    for c in fs.live_conns():
        if c.n not in conn_owner:
            conn_owner[c.n] = cl.owner(c, fs.port)
    others = [c for c in fs.live_conns() if conn_owner.get(c.n) is not None
              and conn_owner[c.n].name not in first.answerers()]
    follow = Ask(cl, "slack", "C104", "UF1", q2, f2,
                 conn=others[0] if others else None).wait()
    pairs.append((first, follow, "slack top level, sent to %s" %
                  (conn_owner[others[0].n].name if others else "?")))
    for i, style in enumerate(("thread", "top")):
        (q1, f1), (q2, f2) = rep.FOLLOWS[1 + i]
        first = Ask(cl, "mm", "m09", "f%d" % i, q1, f1).wait()
        follow = Ask(cl, "mm", "m09", "f%d" % i, q2, f2,
                     root=first.thread if style == "thread" else None).wait()
        pairs.append((first, follow, "mattermost " + style))
    for first, follow, how in pairs:
        log("#   pair (%s): %s -> %s" % (how, first.summary(),
                                         follow.summary()))
    bad = [(a, b, h) for a, b, h in pairs
           if not (a.right() and b.right() and len(b.posts) == 1 and
                   len(b.answerers()) == 1)]
    check("3 follow-ups asked after the outage carry the conversation's "
          "fact, answered once (%s)" %
          ", ".join("%s: %s then %s" % (h, a.answerers(), b.answerers())
                    for a, b, h in pairs), not bad,
          "; ".join("%s: %s" % (h, b.summary()) for a, b, h in bad))
    s_first, s_follow, _ = pairs[0]
    check("3 the Slack follow-up was answered by another replica than its "
          "question (%s, then %s): the context is shared again" %
          (s_first.answerers(), s_follow.answerers()),
          s_follow.answerers() and s_first.answerers() and
          not set(s_follow.answerers()) & set(s_first.answerers()))


def teardown(state, failed):
    rep.teardown(state, failed)


def main():
    a = args("replicas_outage_e2e.py")
    if a is None:
        return 2
    return run_test(a[0], a[1], "newsbot-replicas-outage-e2e-",
                    OVERALL_LIMIT, run,
                    {"bots": [], "clients": [], "ircd": None, "mm": None,
                     "sl": None, "pgtmp": None}, teardown)


if __name__ == "__main__":
    sys.exit(main())
