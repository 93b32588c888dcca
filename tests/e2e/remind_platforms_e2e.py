#!/usr/bin/env python3
"""e2e.remind_platforms: reminders on IRC, Slack and Discord.

usage: remind_platforms_e2e.py PATH/TO/newsbot SOURCE_DIR

What remind_e2e.py does on Mattermost, in short, on the other three
platforms, each with its own reminder database and the bot's clock started
at chosen moments (NEWSBOT_NOW, Europe/Berlin) around the Supreme Court
hearing of Thursday 17 April 2025, whose reminders fall due at 09:00 on 10,
16 and 17 April:

 1. 2 April, 12:00: a user addresses the bot in a channel with "remind
    us" (a mention on Slack and Discord, "newsbot: remind us" on IRC); the
    answer subscribes the channel and names 10 April 2025 at 09:00 as the
    next reminder; nothing is posted unasked; SIGTERM ends the bot cleanly.
 2. 10 April, 08:59:56: within a bounded wait exactly one reminder reaches
    the channel, not before 09:00 on the bot's clock, at the top level (no
    thread on Slack, no message_reference on Discord, no "nick: " lead on
    IRC), saying "is in 7 days, on Thursday 17 April 2025" and quoting the
    article's sentence; on Discord its POST carries a nonce and
    enforce_nonce. Two seconds later there is still only one.
 3. 12 April, 10:00: nothing is posted for 3 s (no repeat after a
    restart), and "reminders" says the subscription (since 2 April) is
    still there, with the next reminder on 16 April 2025 at 09:00.
 4. (IRC only) 16 April, 15:00: one late reminder for the day-before lead.

The fakes are those of slack_e2e.py and discord_e2e.py; IRC is a real
InspIRCd (irc_e2e.py), skipped with a note when it is not installed.
Python 3 standard library only; loopback only; every wait is bounded.
Exits 0 if every check passed, 1 if not.
"""

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

OVERALL_LIMIT = 200  # seconds; ctest's TIMEOUT is 240
TZ = "Europe/Berlin"
HEARING = "Supreme Court hearing on the Taliban ban"
COUNTDOWN = "is in 7 days, on Thursday 17 April 2025"
QUOTE = ('The article says: "The Supreme Court is due to consider the move '
         'in a hearing behind closed doors on April 17."')
WAIT_FIRST = 10.0    # seconds for a due reminder to arrive
SETTLE = 2.0         # then this long for a repeat to show up
QUIET = 3.0          # a restart between leads: this long without a post

# A reminder, possibly behind a "nick: " lead (which it must not have).
REMINDER = re.compile(r"^(?:[^ :]+: )?(?:Late reminder|Reminder:)")


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

    def __init__(self, t, text, top, where, body=None):
        self.t = t          # monotonic time it arrived
        self.text = text
        self.top = top      # posted to the channel itself, not as a reply
        self.where = where  # for a failure's detail
        self.body = body    # the request body, where there is one

    def __repr__(self):
        return "<%s: %r>" % (self.where, self.text[:90])


class Driver:
    """What the scenario needs of a platform."""

    name = "?"

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

    def extra(self, tag, r):
        """Platform checks on a reminder."""


class SlackDriver(Driver):
    name = "slack"

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

    def _posts(self, since):
        return [r for r in self.fake.snapshot("posts")[since:]
                if isinstance(r.json, dict)]

    def posted(self, since):
        return ["%s %r" % (r.json.get("channel"), r.json.get("text", "")[:80])
                for r in self._posts(since)]

    def say(self, question):
        fake = self.fake
        ev = sl.mention(question)
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
                    r.t, text, j.get("channel") == sl.CHANNEL and
                    not j.get("thread_ts"),
                    "channel %r, thread_ts %r" % (j.get("channel"),
                                                  j.get("thread_ts")), j))
        return out


class DiscordDriver(Driver):
    name = "discord"

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

    def posted(self, since):
        return ["%s %r" % (ch, b.get("content", "")[:80])
                for _, ch, b, _ in self.fake.snapshot("created")[since:]]

    def say(self, question):
        fake = self.fake
        mid = dc.snowflake()
        mark = self.mark()

        def answers():
            return [b.get("content", "") for _, _, b, _ in
                    fake.snapshot("created")[mark:]
                    if isinstance(b.get("message_reference"), dict) and
                    b["message_reference"].get("message_id") == mid]

        fake.message(mid, "<@%s> %s" % (dc.BOT_ID, question), channel="c1",
                     mentions=[dict(dc.BOT_USER)])
        fake.wait(answers, 10)
        time.sleep(0.3)  # a second piece, were there one
        return " ".join(answers())

    def reminders(self, since=0):
        return [Reminder(t, b.get("content", ""),
                         ch == "c1" and "message_reference" not in b,
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


class IrcDriver(Driver):
    name = "irc"

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
        require("irc alice joins " + irc.CHANNEL,
                self.alice.join(irc.CHANNEL))

    def start(self, now):
        alice = self.alice
        m = alice.mark()
        bot = self.launch(now, {
            "NEWSBOT_PLATFORMS": "irc",
            "IRC_URL": "ws://%s:%d/" % (irc.HOST, self.ircd.ws_port),
            "IRC_CHANNELS": irc.CHANNEL,
            "IRC_NICK": "newsbot"})
        ok = alice.wait_until(lambda ls: irc.bot_present(ls[m:], irc.CHANNEL),
                              15)
        return self.connected(bot, now, ok)

    def stop_seen(self, bot):
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

    def say(self, question):
        alice = self.alice
        m = alice.mark()
        lead = "alice: "
        alice.send("PRIVMSG %s :newsbot: %s" % (irc.CHANNEL, question))

        def answer():
            return [l for l in self._bot_lines(m)
                    if l.params and l.params[0] == irc.CHANNEL and
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
        starts one, and the bot's lines after it that do not start another
        (the IRC adapter splits a long text into several lines)."""
        out = []
        for l in self._bot_lines(since):
            text = l.last()
            target = l.params[0] if l.params else ""
            if is_reminder(text):
                out.append(Reminder(l.t, text, target == irc.CHANNEL,
                                    "PRIVMSG %s :%s" % (target, text[:40])))
                out[-1].lines = [l]
            elif out and not text.startswith("alice: "):
                r = out[-1]
                r.lines.append(l)
                r.text = norm(r.text + " " + text)
                r.top = r.top and target == irc.CHANNEL
                if target != irc.CHANNEL:
                    r.where += "; a line to %s" % target
        return out

    def extra(self, tag, r):
        lines = getattr(r, "lines", [])
        check("%s every line of it is at most 510 bytes (%s)" %
              (tag, [l.nbytes for l in lines]),
              lines and all(l.nbytes <= 510 for l in lines))


def scenario(d):
    """Steps 1 to 3 on driver @d; returns the last bot, still running."""
    p = d.name
    stop = d.stop_seen if hasattr(d, "stop_seen") else (lambda b: b.stop())

    # 1 subscribe in plain words on 2 April
    bot = d.start("2025-04-02T12:00:00")
    a = d.say("remind us")
    check("%s 1 'remind us' subscribes: 'Done: this channel will get "
          "reminders'" % p,
          a.startswith("Done: this channel will get reminders"), a)
    check("%s 1 the answer names the next reminder, 10 April 2025 at 09:00"
          % p, "10 April 2025 at 09:00" in a, a)
    time.sleep(1)
    check("%s 1 nothing is posted unasked before it is due" % p,
          d.reminders() == [], repr(d.reminders()))
    check("%s 1 SIGTERM: exit status 0" % p, stop(bot) == 0,
          tail(bot.stderr_path, 5))

    # 2 the week-before reminder at 09:00 on 10 April, once
    m = d.mark()
    bot = d.start("2025-04-10T08:59:56")
    d.wait(lambda: len(d.reminders(m)) >= 1, WAIT_FIRST)
    first = d.reminders(m)
    if check("%s 2 a reminder arrives within %d s of the start at 08:59:56"
             % (p, WAIT_FIRST), first, "posted: %r" % d.posted(m)):
        late = first[0].t - bot.t0
        check("%s 2 ... not before 09:00 on the bot's clock (%.1f s after "
              "the start)" % (p, late), late >= 3.0)
    time.sleep(SETTLE)
    got = d.reminders(m)
    check("%s 2 exactly one reminder (%d s later still one)" % (p, SETTLE),
          len(got) == 1, repr(got))
    if got:
        r = got[0]
        check("%s 2 it goes to the channel itself, not as a reply (%s)" %
              (p, r.where), r.top)
        check("%s 2 it starts with 'Reminder: the %s'" % (p, HEARING),
              r.text.startswith("Reminder: the " + HEARING), r.text[:120])
        check("%s 2 it says '%s'" % (p, COUNTDOWN), COUNTDOWN in r.text,
              r.text[:200])
        check("%s 2 it quotes the article's sentence and its source" % p,
              QUOTE in r.text and "(DW News, 31 March 2025)" in r.text,
              r.text)
        d.extra("%s 2" % p, r)
    check("%s 2 SIGTERM: exit status 0" % p, stop(bot) == 0,
          tail(bot.stderr_path, 5))

    # 3 a restart between leads: nothing repeated, the subscription kept
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
    return bot


def stopped(tag, rc, bot):
    check("%s SIGTERM: exit status 0" % tag, rc == 0,
          tail(bot.stderr_path, 5))


def run_slack(binary, src, tmp, state):
    d = SlackDriver(binary, src, tmp, state)
    bot = scenario(d)
    stopped("slack 3", bot.stop(), bot)


def run_discord(binary, src, tmp, state):
    d = DiscordDriver(binary, src, tmp, state)
    bot = scenario(d)
    stopped("discord 3", bot.stop(), bot)


def run_irc(binary, src, tmp, state):
    d = IrcDriver(binary, src, tmp, state)
    bot = scenario(d)
    stopped("irc 3", d.stop_seen(bot), bot)

    # 4 down across the day-before lead: one late reminder
    m = d.mark()
    bot = d.start("2025-04-16T15:00:00")
    d.wait(lambda: len(d.reminders(m)) >= 1, WAIT_FIRST)
    time.sleep(SETTLE)
    got = d.reminders(m)
    check("irc 4 downtime across the day-before lead: exactly one reminder",
          len(got) == 1, "%r; posted %r" % (got, d.posted(m)))
    if got:
        r = got[0]
        check("irc 4 it is a late one, due the day before at 09:00",
              r.text.startswith("Late reminder (I was offline when it was "
                                "due, the day before, on 16 April 2025 at "
                                "09:00)"), r.text[:160])
        check("irc 4 the countdown is from now: tomorrow",
              "is tomorrow, Thursday 17 April 2025" in r.text, r.text[:200])
        check("irc 4 it goes to %s without a 'nick: ' lead (%s)" %
              (irc.CHANNEL, r.where), r.top)
    stopped("irc 4", d.stop_seen(bot), bot)

    # 5 a reminder the server refuses (+m: 404) is not recorded as sent
    alice = d.alice
    m = alice.mark()
    alice.send("MODE %s +m" % irc.CHANNEL)
    alice.wait_for(lambda l: l.command == "MODE", 5, m)
    bot = d.start("2025-04-17T08:59:56")
    deadline = time.monotonic() + 12
    while "not posted" not in bot.stderr() and time.monotonic() < deadline:
        time.sleep(0.2)
    ok = "reminder to irc/%s not posted" % irc.CHANNEL in bot.stderr()
    check("irc 5 in a moderated channel the refused reminder is logged as "
          "not posted", ok, tail(bot.stderr_path, 5))
    check("irc 5 and not as posted",
          "reminder posted to irc" not in bot.stderr(),
          tail(bot.stderr_path, 5))
    stopped("irc 5", d.stop_seen(bot), bot)
    m = alice.mark()
    alice.send("MODE %s -m" % irc.CHANNEL)
    alice.wait_for(lambda l: l.command == "MODE", 5, m)
    m = d.mark()
    bot = d.start("2025-04-17T09:01:00")
    d.wait(lambda: len(d.reminders(m)) >= 1, WAIT_FIRST)
    time.sleep(SETTLE)
    got = d.reminders(m)
    check("irc 5 once the channel is open again the day's reminder comes, "
          "once", len(got) == 1 and "is today, Thursday 17 April 2025" in
          got[0].text, "%r; posted %r" % (got, d.posted(m)))
    stopped("irc 5", d.stop_seen(bot), bot)


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
