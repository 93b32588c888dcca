#!/usr/bin/env python3
"""e2e.remind_platforms: reminders on IRC, Slack and Discord.

usage: remind_platforms_e2e.py PATH/TO/newsbot SOURCE_DIR

What remind_e2e.py does on Mattermost, in short, on the other three
platforms, each with its own reminder database and the bot's clock started
at chosen moments (NEWSBOT_NOW, Europe/Berlin) around the Supreme Court
hearing of Thursday 17 April 2025, whose reminders fall due at 09:00 on 10,
16 and 17 April. Each platform has a main channel and a second one (C222
on Slack, c2 on Discord, #other on IRC):

 1. 2 April, 12:00: a user addresses the bot in both channels with "remind
    us" (a mention on Slack and Discord, "newsbot: remind us" on IRC); the
    answer subscribes the channel and names 10 April 2025 at 09:00 as the
    next reminder; nothing is posted unasked; SIGTERM ends the bot cleanly.
 2. 10 April, 08:59:56: within a bounded wait exactly one reminder reaches
    each channel, not before 09:00 on the bot's clock, at the top level (no
    thread on Slack, no message_reference on Discord, no "nick: " lead on
    IRC), saying "is in 7 days, on Thursday 17 April 2025" and quoting the
    article's sentence; on Discord its POST carries a nonce and
    enforce_nonce. Two seconds later there is still one per channel.
 3. 12 April, 10:00: nothing is posted for 3 s (no repeat after a
    restart), and "reminders" says the subscription (since 2 April) is
    still there, with the next reminder on 16 April 2025 at 09:00. "stop
    reminders" in the second channel answers "Done: no more reminders
    here"; no reminder reaches that channel for the rest of the run.
 4. 16 April, 08:59:56: the day-before reminder, once, on time (not
    late), to the main channel only: "is tomorrow, Thursday 17 April 2025".
 5. 17 April, 08:59:56: the on-the-day reminder, likewise: "is today,
    Thursday 17 April 2025".
 6. 18 April, 10:00: the event is over: nothing is posted for 3 s, and
    "reminders" answers "Nothing in the article is still ahead".
 7. (Slack and Discord) a SIGKILL while a reminder is on its way, with a
    fresh database and three subscribed channels: the fake records the
    first reminder but holds its answer (post_gate); 1.5 s later it is
    still the only one (one in flight per platform); the bot is killed,
    the answer released, and a bot started at 09:00:30 sends the rest.
    Slack: every channel has it, exactly the one in flight twice
    ([1, 1, 2]). Discord: the repeated POST carries the same nonce with
    enforce_nonce, which the fake honours as Discord does, so every
    channel has it exactly once ([1, 1, 1]).
 7. (IRC only, on a copy of the database as it was after step 3)
    16 April, 15:00: one late reminder for the day-before lead.
 8. (IRC only, same copy) 17 April: a reminder the server refuses (+m:
    404) is logged as not posted; once the channel is open again the
    day's reminder comes, once.

The fakes are those of slack_e2e.py and discord_e2e.py; IRC is a real
InspIRCd (irc_e2e.py), skipped with a note when it is not installed.
Python 3 standard library only; loopback only; every wait is bounded.
Exits 0 if every check passed, 1 if not.
"""

import asyncio
import collections
import os
import re
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2elib import (Abort, BotProcess, Timeout, args,  # noqa: E402,F401
                    check, log, require, results, run_test, tail)
import discord_e2e as dc  # noqa: E402
import irc_e2e as irc  # noqa: E402
import slack_e2e as sl  # noqa: E402

OVERALL_LIMIT = 230  # seconds; ctest's TIMEOUT is 270
TZ = "Europe/Berlin"
HEARING = "Supreme Court hearing on the Taliban ban"
COUNTDOWN = "is in 7 days, on Thursday 17 April 2025"
TOMORROW = "is tomorrow, Thursday 17 April 2025"
TODAY = "is today, Thursday 17 April 2025"
QUOTE = ('The article says: "The Supreme Court is due to consider the move '
         'in a hearing behind closed doors on April 17."')
WAIT_FIRST = 10.0    # seconds for a due reminder to arrive
SETTLE = 2.0         # then this long for a repeat to show up
QUIET = 3.0          # a restart between leads: this long without a post
HOLD = 1.5           # a held post: this long for a second one to show up

# More channels on the fake Discord (it answers 404 for unknown ones).
for _c in ("c2", "c3", "c4", "c5"):
    dc.CHANNELS[_c] = dc.GUILD

# A reminder, possibly behind a "nick: " lead (which it must not have).
REMINDER = re.compile(r"^(?:[^ :]+: )?(?:Late reminder|Reminder:)")
UNLED = re.compile(r"^(?:Late reminder|Reminder:)")


def is_reminder(text):
    return REMINDER.match(text) is not None


def norm(s):
    return " ".join(s.split())


def bot_env(env, now, db, knowledge):
    """The bot on one platform (@env), its clock started at @now."""
    e = {
        "NEWSBOT_KNOWLEDGE": knowledge,
        "NEWSBOT_LOG_LEVEL": "info",
        "NEWSBOT_RATE_USER": "0",
        "NEWSBOT_RATE_CHANNEL": "0",
        "NEWSBOT_NOW": now,
        "NEWSBOT_TZ": TZ,
        "NEWSBOT_DB": db,
    }
    e.update(env)
    return e


class Reminder:
    """A reminder as a platform received it."""

    def __init__(self, t, text, top, channel, where, body=None):
        self.t = t          # monotonic time it arrived
        self.text = text
        self.top = top      # posted to the channel itself, not as a reply
        self.channel = channel
        self.where = where  # for a failure's detail
        self.body = body    # the request body, where there is one

    def __repr__(self):
        return "<%s: %r>" % (self.where, self.text[:90])


class Driver:
    """What the scenario needs of a platform."""

    name = "?"
    main = other = "?"      # the channel that keeps its subscription, and
    #                         the one that stops it in step 3
    crash_channels = ()     # step 7's channels (Slack and Discord): not
    #                         the main one, whose week-before reminder's
    #                         nonce Discord would still remember

    def __init__(self, binary, src, tmp, state):
        self.binary = binary
        self.tmp = tmp
        self.state = state
        self.knowledge = os.path.join(src, "knowledge")
        self.db = os.path.join(tmp, self.name + ".db")
        self.count = 0

    def launch(self, now, env):
        self.count += 1
        bot = BotProcess(self.binary, self.tmp,
                         "%s-bot%d" % (self.name, self.count),
                         bot_env(env, now, self.db, self.knowledge))
        self.state["bots"].append(bot)
        return bot

    def connected(self, bot, now, ok):
        require("%s %s (clock %s) connects" % (self.name, bot.name, now), ok,
                "bot %s; %s" % ("running" if bot.alive() else
                                "exited %r" % bot.proc.returncode,
                                tail(bot.stderr_path, 10)))
        time.sleep(0.3)  # READY / hello / JOIN travels
        return bot

    def stop(self, bot):
        return bot.stop()

    def extra(self, tag, r):
        """Platform checks on a reminder."""


class SlackDriver(Driver):
    name = "slack"
    main = sl.CHANNEL
    other = "C222"
    crash_channels = ("C333", "C444", "C666")

    def __init__(self, *a):
        super().__init__(*a)
        self.fake = sl.FakeSlack()
        self.state["fakes"].append(self.fake)
        self.fake.start()
        log("# slack: fake Slack on http://%s:%d/api" % (sl.HOST,
                                                        self.fake.port))

    def start(self, now):
        fake = self.fake
        n = len(fake.snapshot("conns"))
        bot = self.launch(now, {
            "NEWSBOT_PLATFORMS": "slack",
            "SLACK_APP_TOKEN": sl.APP_TOKEN,
            "SLACK_BOT_TOKEN": sl.BOT_TOKEN,
            "SLACK_API_URL": "http://%s:%d/api" % (sl.HOST, fake.port)})
        ok = fake.wait(lambda: len(fake.conns) > n and
                       fake.conns[-1].live() and fake.current is
                       fake.conns[-1], 10)
        return self.connected(bot, now, ok)

    def mark(self):
        return len(self.fake.snapshot("posts"))

    def wait(self, fn, timeout):
        return self.fake.wait(fn, timeout)

    def hold(self):
        """From now on the fake holds its answers to posts made."""
        self.fake.call(lambda: setattr(self.fake, "post_gate",
                                       asyncio.Event()))

    def release(self):
        def go():
            if self.fake.post_gate is not None:
                self.fake.post_gate.set()
            self.fake.post_gate = None
        self.fake.call(go)

    def _posts(self, since):
        return [r for r in self.fake.snapshot("posts")[since:]
                if isinstance(r.json, dict)]

    def posted(self, since):
        return ["%s %r" % (r.json.get("channel"), r.json.get("text", "")[:80])
                for r in self._posts(since)]

    def say(self, question, channel=None):
        fake = self.fake
        ev = sl.mention(question, channel=channel or self.main)
        mark = self.mark()
        if fake.send(ev) is None:
            return ""
        fake.wait(lambda: [r for r in fake.posts[mark:] if r.ok() and
                           isinstance(r.json, dict) and
                           r.json.get("thread_ts") == ev["ts"]], 10)
        time.sleep(0.3)  # a second piece, were there one
        return " ".join(sl.slack_unescape(r.json.get("text", ""))
                        for r in self._posts(mark)
                        if r.ok() and r.json.get("thread_ts") == ev["ts"])

    def reminders(self, since=0):
        out = []
        for r in self._posts(since):
            text = sl.slack_unescape(r.json.get("text", ""))
            if r.ok() and is_reminder(text):
                j = r.json
                out.append(Reminder(
                    r.t, text, not j.get("thread_ts"), j.get("channel"),
                    "channel %r, thread_ts %r" % (j.get("channel"),
                                                  j.get("thread_ts")), j))
        return out

    def crash_checks(self, tag, per, held, since):
        twice = [c for c in per if per[c] == 2]
        check("%s after the crash every channel has it once, the one in "
              "flight at the kill twice (%r)" % (tag, per),
              sorted(per.values()) == [1, 1, 2], repr(per))
        check("%s ... the repeated one is the one held at the kill (%s)" %
              (tag, held[0].channel if held else "-"),
              held and twice == [held[0].channel], "twice: %r" % twice)


class DiscordDriver(Driver):
    name = "discord"
    main = "c1"
    other = "c2"
    crash_channels = ("c3", "c4", "c5")

    def __init__(self, *a):
        super().__init__(*a)
        self.fake = dc.FakeDiscord()
        self.state["fakes"].append(self.fake)
        self.fake.start()
        log("# discord: fake Discord on http://%s:%d/api/v10" %
            (dc.HOST, self.fake.port))

    def start(self, now):
        fake = self.fake
        n = len(fake.snapshot("conns"))
        bot = self.launch(now, {
            "NEWSBOT_PLATFORMS": "discord",
            "DISCORD_BOT_TOKEN": dc.TOKEN,
            "DISCORD_API_URL": "http://%s:%d/api/v10" % (dc.HOST,
                                                         fake.port)})
        ok = fake.wait(lambda: len(fake.conns) > n and
                       fake.live() is fake.conns[-1], 10)
        return self.connected(bot, now, ok)

    def mark(self):
        return len(self.fake.snapshot("created"))

    def wait(self, fn, timeout):
        return self.fake.wait(fn, timeout)

    def hold(self):
        self.fake.call(lambda: setattr(self.fake, "post_gate",
                                       asyncio.Event()))
        # the POSTs and repeats from here on
        self.req_mark = len(self.fake.snapshot("reqs"))
        self.repeat_mark = len(self.fake.snapshot("repeats"))

    def release(self):
        def go():
            if self.fake.post_gate is not None:
                self.fake.post_gate.set()
            self.fake.post_gate = None
        self.fake.call(go)

    def posted(self, since):
        return ["%s %r" % (ch, b.get("content", "")[:80])
                for _, ch, b, _ in self.fake.snapshot("created")[since:]]

    def say(self, question, channel=None):
        fake = self.fake
        mid = dc.snowflake()
        mark = self.mark()

        def answers():
            return [b.get("content", "") for _, _, b, _ in
                    fake.snapshot("created")[mark:]
                    if isinstance(b.get("message_reference"), dict) and
                    b["message_reference"].get("message_id") == mid]

        fake.message(mid, "<@%s> %s" % (dc.BOT_ID, question),
                     channel=channel or self.main,
                     mentions=[dict(dc.BOT_USER)])
        fake.wait(answers, 10)
        time.sleep(0.3)  # a second piece, were there one
        return " ".join(answers())

    def reminders(self, since=0):
        return [Reminder(t, b.get("content", ""),
                         "message_reference" not in b, ch,
                         "channel %r, message_reference %r" %
                         (ch, b.get("message_reference")), b)
                for t, ch, b, _ in self.fake.snapshot("created")[since:]
                if is_reminder(b.get("content", ""))]

    def extra(self, tag, r):
        nonce = r.body.get("nonce")
        check("%s the POST carries a nonce, a string of 1 to 25 characters "
              "(%r)" % (tag, nonce), isinstance(nonce, str) and
              0 < len(nonce) <= 25, repr(r.body)[:200])
        check("%s ... and \"enforce_nonce\": true" % tag,
              r.body.get("enforce_nonce") is True,
              repr(r.body.get("enforce_nonce")))

    def crash_checks(self, tag, per, held, since):
        check("%s after the crash every channel has it exactly once: "
              "Discord dropped the repeat by its nonce (%r)" % (tag, per),
              sorted(per.values()) == [1, 1, 1], repr(per))
        posts = [r for r in self.fake.snapshot("reqs")[self.req_mark:]
                 if r.method == "POST" and r.status == 200 and
                 r.channel in per and isinstance(r.json, dict) and
                 is_reminder(r.json.get("content", ""))]
        by = collections.defaultdict(list)
        for r in posts:
            by[r.channel].append(r)
        n = {c: len(by[c]) for c in per}
        twice = [c for c in n if n[c] == 2]
        check("%s the bot POSTed the reminder in flight at the kill again, "
              "only that one (POSTs per channel %r)" % (tag, n),
              sorted(n.values()) == [1, 1, 2] and held and
              twice == [held[0].channel], "held: %r" % held)
        if len(twice) == 1:
            a, b = by[twice[0]]
            na, nb = a.json.get("nonce"), b.json.get("nonce")
            check("%s ... with the same nonce (%r, %r) and enforce_nonce" %
                  (tag, na, nb), isinstance(na, str) and na and na == nb and
                  b.json.get("enforce_nonce") is True, repr(b.json)[:200])
        others = [r.json.get("nonce") for c in n if c not in twice
                  for r in by[c]]
        check("%s ... and each channel's reminder has a nonce of its own "
              "(%r)" % (tag, others), len(set(others)) == len(others) and
              not set(others) & {r.json.get("nonce") for c in twice
                                 for r in by[c]})
        reps = self.fake.snapshot("repeats")[self.repeat_mark:]
        first = [m for _, ch, _, m in self.fake.snapshot("created")[since:]
                 if twice and ch == twice[0]]
        check("%s ... which the fake answered with the earlier message, "
              "creating none (%d repeat)" % (tag, len(reps)),
              len(reps) == 1 and first and
              reps[0][3]["id"] == first[0]["id"], repr(reps)[:200])


class IrcDriver(Driver):
    name = "irc"
    main = irc.CHANNEL
    other = "#other"

    def __init__(self, binary, src, tmp, state):
        super().__init__(binary, src, tmp, state)
        self.ircd = irc.Ircd(src, tmp)
        state["ircd"] = self.ircd
        log("# irc: inspircd, clients on port %d, websocket on port %d" %
            (self.ircd.client_port, self.ircd.ws_port))
        require("irc inspircd starts and is ready", self.ircd.start(),
                tail(self.ircd.log, 20))
        self.alice = irc.Client("alice", self.ircd.client_port)
        state["clients"].append(self.alice)
        require("irc alice registers", self.alice.register())
        for c in (self.main, self.other):
            require("irc alice joins " + c, self.alice.join(c))

    def start(self, now):
        alice = self.alice
        m = alice.mark()
        bot = self.launch(now, {
            "NEWSBOT_PLATFORMS": "irc",
            "IRC_URL": "ws://%s:%d/" % (irc.HOST, self.ircd.ws_port),
            "IRC_CHANNELS": "%s,%s" % (self.main, self.other),
            "IRC_NICK": "newsbot"})
        ok = alice.wait_until(lambda ls: irc.bot_present(ls[m:], self.main) and
                              irc.bot_present(ls[m:], self.other), 15)
        return self.connected(bot, now, ok)

    def stop(self, bot):
        """Stops @bot; waits (bounded) for its QUIT, so the nick is free
        for the next one. Returns the exit status."""
        m = self.alice.mark()
        rc = bot.stop()
        self.alice.wait_for(lambda l: l.nick == "newsbot" and
                            l.command == "QUIT", 3, m)
        return rc

    def mark(self):
        return self.alice.mark()

    def wait(self, fn, timeout):
        return self.alice.wait_until(lambda ls: fn(), timeout)

    def _bot_lines(self, since):
        return [l for l in self.alice.snapshot(since)
                if l.nick == "newsbot" and l.command == "PRIVMSG"]

    def posted(self, since):
        return ["%s %r" % (l.params[0] if l.params else "?", l.last()[:80])
                for l in self._bot_lines(since)]

    def say(self, question, channel=None):
        alice = self.alice
        channel = channel or self.main
        m = alice.mark()
        lead = "alice: "
        alice.send("PRIVMSG %s :newsbot: %s" % (channel, question))

        def answer():
            return [l for l in self._bot_lines(m)
                    if l.params and l.params[0] == channel and
                    l.last().startswith(lead)]

        alice.wait_until(lambda ls: answer(), 10)
        # The answer may take several paced lines (one a second after a
        # burst of four): it is complete once 1.5 s pass without one.
        deadline = time.monotonic() + 15
        n = len(answer())
        while n and time.monotonic() < deadline:
            time.sleep(1.5)
            k = len(answer())
            if k == n:
                break
            n = k
        return norm(" ".join(l.last()[len(lead):] for l in answer()))

    def reminders(self, since=0):
        """The reminders in the bot's lines since @since: a line that
        starts one, and the bot's lines to the same target after it that
        do not start another (the IRC adapter splits a long text into
        several lines)."""
        out = []
        open_ = {}
        for l in self._bot_lines(since):
            text = l.last()
            target = l.params[0] if l.params else ""
            if is_reminder(text):
                r = Reminder(l.t, text, UNLED.match(text) is not None,
                             target, "PRIVMSG %s :%s" % (target, text[:40]))
                r.lines = [l]
                out.append(r)
                open_[target] = r
            elif target in open_ and not text.startswith("alice: "):
                r = open_[target]
                r.lines.append(l)
                r.text = norm(r.text + " " + text)
        return out

    def extra(self, tag, r):
        lines = getattr(r, "lines", [])
        check("%s every line of it is at most 510 bytes (%s)" %
              (tag, [l.nbytes for l in lines]),
              lines and all(l.nbytes <= 510 for l in lines))


def stopped(d, tag, bot):
    check("%s SIGTERM: exit status 0" % tag, d.stop(bot) == 0,
          tail(bot.stderr_path, 5))


def on_time(d, step, now, countdown):
    """Steps 4 and 5: the bot started at @now, 4 s before a lead, posts
    that lead's reminder once, on time, to the main channel only."""
    p = "%s %d" % (d.name, step)
    m = d.mark()
    bot = d.start(now)
    d.wait(lambda: len(d.reminders(m)) >= 1, WAIT_FIRST)
    first = d.reminders(m)
    if check("%s a reminder arrives within %d s of the start at %s" %
             (p, WAIT_FIRST, now), first, "posted: %r" % d.posted(m)):
        late = first[0].t - bot.t0
        check("%s ... not before 09:00 on the bot's clock (%.1f s after "
              "the start)" % (p, late), late >= 3.0)
    time.sleep(SETTLE)
    got = d.reminders(m)
    check("%s exactly one reminder, to %s (%d s later still one)" %
          (p, d.main, SETTLE), len(got) == 1 and got[0].channel == d.main,
          "%r; posted %r" % (got, d.posted(m)))
    if got:
        r = got[0]
        check("%s it goes to the channel itself, not as a reply (%s)" %
              (p, r.where), r.top)
        check("%s it is on time, not marked late: 'Reminder: the %s'" %
              (p, HEARING), r.text.startswith("Reminder: the " + HEARING) and
              "Late" not in r.text and "offline" not in r.text, r.text[:160])
        check("%s it says '%s'" % (p, countdown), countdown in r.text,
              r.text[:200])
        d.extra(p, r)
    stopped(d, p, bot)


def scenario(d):
    """Steps 1 to 6 on driver @d; returns the mark of the second channel's
    'stop reminders' (no reminder may reach it after that)."""
    p = d.name

    # 1 subscribe in plain words on 2 April, in both channels
    bot = d.start("2025-04-02T12:00:00")
    a = d.say("remind us")
    check("%s 1 'remind us' subscribes: 'Done: this channel will get "
          "reminders'" % p,
          a.startswith("Done: this channel will get reminders"), a)
    check("%s 1 the answer names the next reminder, 10 April 2025 at 09:00"
          % p, "10 April 2025 at 09:00" in a, a)
    a = d.say("remind us", d.other)
    check("%s 1 'remind us' in %s subscribes it too" % (p, d.other),
          a.startswith("Done: this channel will get reminders"), a)
    time.sleep(1)
    check("%s 1 nothing is posted unasked before it is due" % p,
          d.reminders() == [], repr(d.reminders()))
    stopped(d, "%s 1" % p, bot)

    # 2 the week-before reminder at 09:00 on 10 April, once per channel
    m = d.mark()
    bot = d.start("2025-04-10T08:59:56")
    d.wait(lambda: len(d.reminders(m)) >= 1, WAIT_FIRST)
    first = d.reminders(m)
    if check("%s 2 a reminder arrives within %d s of the start at 08:59:56"
             % (p, WAIT_FIRST), first, "posted: %r" % d.posted(m)):
        late = first[0].t - bot.t0
        check("%s 2 ... not before 09:00 on the bot's clock (%.1f s after "
              "the start)" % (p, late), late >= 3.0)
    d.wait(lambda: len({r.channel for r in d.reminders(m)}) >= 2,
           WAIT_FIRST)
    time.sleep(SETTLE)
    got = d.reminders(m)
    mine = [r for r in got if r.channel == d.main]
    theirs = [r for r in got if r.channel == d.other]
    check("%s 2 exactly one reminder in %s and one in %s (%d s later "
          "still one each)" % (p, d.main, d.other, SETTLE),
          len(mine) == 1 and len(theirs) == 1 and len(got) == 2, repr(got))
    if mine:
        r = mine[0]
        check("%s 2 it goes to the channel itself, not as a reply (%s)" %
              (p, r.where), r.top and all(x.top for x in theirs))
        check("%s 2 it starts with 'Reminder: the %s'" % (p, HEARING),
              r.text.startswith("Reminder: the " + HEARING), r.text[:120])
        check("%s 2 it says '%s'" % (p, COUNTDOWN), COUNTDOWN in r.text,
              r.text[:200])
        check("%s 2 it quotes the article's sentence and its source" % p,
              QUOTE in r.text and "(DW News, 31 March 2025)" in r.text,
              r.text)
        d.extra("%s 2" % p, r)
    stopped(d, "%s 2" % p, bot)

    # 3 a restart between leads: nothing repeated, the subscription kept;
    # the second channel stops its reminders
    m = d.mark()
    bot = d.start("2025-04-12T10:00:00")
    time.sleep(QUIET)
    check("%s 3 restart on 12 April: nothing is posted in %d s" % (p, QUIET),
          d.posted(m) == [], repr(d.posted(m)))
    a = d.say("reminders")
    check("%s 3 'reminders': the subscription survived the restart" % p,
          "gets reminders (since 2 April 2025" in a, a)
    check("%s 3 'reminders': the next one is on 16 April 2025 at 09:00" % p,
          "16 April 2025 at 09:00" in a, a)
    stop_mark = d.mark()
    a = d.say("stop reminders", d.other)
    check("%s 3 'stop reminders' in %s: 'Done: no more reminders here'" %
          (p, d.other), a.startswith("Done: no more reminders here"), a)
    a = d.say("reminders", d.other)
    check("%s 3 'reminders' in %s: it gets none now" % (p, d.other),
          "gets no reminders" in a, a)
    stopped(d, "%s 3" % p, bot)
    d.after_step3()

    # 4, 5 the day before and on the day, on time, to the main channel
    on_time(d, 4, "2025-04-16T08:59:56", TOMORROW)
    on_time(d, 5, "2025-04-17T08:59:56", TODAY)

    # 6 after the event: nothing more, and the answer says so
    m = d.mark()
    bot = d.start("2025-04-18T10:00:00")
    time.sleep(QUIET)
    check("%s 6 after the event: nothing is posted in %d s" % (p, QUIET),
          d.posted(m) == [], repr(d.posted(m)))
    a = d.say("reminders")
    check("%s 6 'reminders': 'Nothing in the article is still ahead'" % p,
          "Nothing in the article is still ahead" in a, a)
    stopped(d, "%s 6" % p, bot)
    return stop_mark


def stopped_channel(d, stop_mark):
    """The second channel got no reminder after its 'stop reminders'."""
    after = [r for r in d.reminders(stop_mark) if r.channel == d.other]
    check("%s no reminder reached %s after its 'stop reminders' (to the "
          "end of the run)" % (d.name, d.other), after == [], repr(after))


def crash(d):
    """Step 7 (Slack, Discord): a SIGKILL while a reminder is on its way,
    three channels subscribed in a fresh database."""
    p = "%s 7" % d.name
    d.db = os.path.join(d.tmp, d.name + "-crash.db")
    bot = d.start("2025-04-09T12:00:00")
    for c in d.crash_channels:
        a = d.say("remind us", c)
        check("%s 'remind us' in %s subscribes (a fresh database)" % (p, c),
              a.startswith("Done: this channel will get reminders"), a)
    stopped(d, p, bot)
    d.hold()
    try:
        m = d.mark()
        bot = d.start("2025-04-10T08:59:57")
        d.wait(lambda: len(d.reminders(m)) >= 1, WAIT_FIRST)
        require("%s the first reminder is made (its answer held)" % p,
                d.reminders(m), "posted: %r" % d.posted(m))
        time.sleep(HOLD)  # were it not one at a time, others would come now
        held = d.reminders(m)
        check("%s one reminder is on its way at a time (%.1f s later still "
              "one)" % (p, HOLD), len(held) == 1, repr(held))
        bot.kill()
    finally:
        d.release()
    bot = d.start("2025-04-10T09:00:30")
    d.wait(lambda: set(d.crash_channels) <=
           {r.channel for r in d.reminders(m)}, 15)
    time.sleep(SETTLE)
    got = d.reminders(m)
    per = {c: sum(1 for r in got if r.channel == c)
           for c in d.crash_channels}
    check("%s after the crash every channel got the week-before reminder "
          "(%r)" % (p, per), all(per.values()) and
          len(got) == sum(per.values()), repr(got))
    check("%s ... each on time, at the top level, 'is in 7 days'" % p,
          all(r.top and r.text.startswith("Reminder: the " + HEARING) and
              COUNTDOWN in r.text for r in got),
          repr([r.text[:80] for r in got]))
    d.crash_checks(p, per, held, m)
    stopped(d, p, bot)


def run_slack(binary, src, tmp, state):
    d = SlackDriver(binary, src, tmp, state)
    d.after_step3 = lambda: None
    stop_mark = scenario(d)
    crash(d)
    stopped_channel(d, stop_mark)


def run_discord(binary, src, tmp, state):
    d = DiscordDriver(binary, src, tmp, state)
    d.after_step3 = lambda: None
    stop_mark = scenario(d)
    crash(d)
    stopped_channel(d, stop_mark)


def copy_db(src, dst):
    for ext in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(src + ext):
            shutil.copyfile(src + ext, dst + ext)


def run_irc(binary, src, tmp, state):
    d = IrcDriver(binary, src, tmp, state)
    # Steps 7 and 8 take the day-before and on-the-day leads in other ways
    # (late, refused): on a copy of the database as step 3 left it.
    late_db = os.path.join(tmp, "irc-late.db")
    d.after_step3 = lambda: copy_db(d.db, late_db)
    stop_mark = scenario(d)
    d.db = late_db

    # 7 down across the day-before lead: one late reminder
    m = d.mark()
    bot = d.start("2025-04-16T15:00:00")
    d.wait(lambda: len(d.reminders(m)) >= 1, WAIT_FIRST)
    time.sleep(SETTLE)
    got = d.reminders(m)
    check("irc 7 downtime across the day-before lead: exactly one reminder",
          len(got) == 1, "%r; posted %r" % (got, d.posted(m)))
    if got:
        r = got[0]
        check("irc 7 it is a late one, due the day before at 09:00",
              r.text.startswith("Late reminder (I was offline when it was "
                                "due, the day before, on 16 April 2025 at "
                                "09:00)"), r.text[:160])
        check("irc 7 the countdown is from now: tomorrow",
              TOMORROW in r.text, r.text[:200])
        check("irc 7 it goes to %s without a 'nick: ' lead (%s)" %
              (irc.CHANNEL, r.where), r.top and r.channel == irc.CHANNEL)
    stopped(d, "irc 7", bot)

    # 8 a reminder the server refuses (+m: 404) is not recorded as sent
    alice = d.alice
    m = alice.mark()
    alice.send("MODE %s +m" % irc.CHANNEL)
    alice.wait_for(lambda l: l.command == "MODE", 5, m)
    bot = d.start("2025-04-17T08:59:56")
    deadline = time.monotonic() + 12
    while "not posted" not in bot.stderr() and time.monotonic() < deadline:
        time.sleep(0.2)
    ok = "reminder to irc/%s not posted" % irc.CHANNEL in bot.stderr()
    check("irc 8 in a moderated channel the refused reminder is logged as "
          "not posted", ok, tail(bot.stderr_path, 5))
    check("irc 8 and not as posted",
          "reminder posted to irc" not in bot.stderr(),
          tail(bot.stderr_path, 5))
    stopped(d, "irc 8", bot)
    m = alice.mark()
    alice.send("MODE %s -m" % irc.CHANNEL)
    alice.wait_for(lambda l: l.command == "MODE", 5, m)
    m = d.mark()
    bot = d.start("2025-04-17T09:01:00")
    d.wait(lambda: len(d.reminders(m)) >= 1, WAIT_FIRST)
    time.sleep(SETTLE)
    got = d.reminders(m)
    check("irc 8 once the channel is open again the day's reminder comes, "
          "once", len(got) == 1 and TODAY in got[0].text,
          "%r; posted %r" % (got, d.posted(m)))
    stopped(d, "irc 8", bot)
    stopped_channel(d, stop_mark)


def run(binary, src, tmp, state):
    ircd = shutil.which("inspircd", path=os.pathsep.join(
        [os.environ.get("PATH", ""), "/usr/sbin", "/usr/local/sbin", "/sbin"]))
    parts = [("slack", run_slack), ("discord", run_discord)]
    if ircd is None:
        log("# skip irc: inspircd is not installed (Slack and Discord run)")
    else:
        irc.Ircd.binary = ircd
        parts.append(("irc", run_irc))
    for name, part in parts:
        t0 = time.monotonic()
        try:
            part(binary, src, tmp, state)
        except Abort as e:
            log("# %s: stopping early, a required step failed (%s)" %
                (name, e))
        finally:
            for b in state["bots"]:
                b.stop()
        log("# %s done in %.0f s" % (name, time.monotonic() - t0))


def teardown(state, failed):
    for c in state["clients"]:
        c.close()
    if state["ircd"] is not None:
        state["ircd"].stop()
        if failed and state["ircd"].runs:
            log("--- inspircd output (tail) ---")
            log(tail(state["ircd"].log, 20))
    for f in state["fakes"]:
        f.stop()


def main():
    a = args("remind_platforms_e2e.py")
    if a is None:
        return 2
    return run_test(a[0], a[1], "newsbot-remind-platforms-e2e-",
                    OVERALL_LIMIT, run,
                    {"fakes": [], "bots": [], "clients": [], "ircd": None},
                    teardown)


if __name__ == "__main__":
    sys.exit(main())
