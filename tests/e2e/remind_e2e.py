"""e2e.remind: reminders on a fake Mattermost, across restarts and crashes.

usage: remind_e2e.py PATH/TO/newsbot SOURCE_DIR

Drives the real bot against the fake Mattermost of mattermost_e2e.py with
its clock started at chosen moments (NEWSBOT_NOW, Europe/Berlin) around the
Supreme Court hearing of 17 April 2025, whose reminders fall due at 09:00
on 10, 16 and 17 April: subscribing and unsubscribing in plain words, the
reminder at each lead time, a restart between leads (nothing lost, nothing
repeated), downtime across a lead (one late reminder), a SIGKILL while a
reminder is on its way (at most that one is repeated), an event whose date
changes in the knowledge while the bot runs (and a broken edit), the
month-only event that gets no reminder, and a
corrupt database (reminders off, questions still answered, the file left
alone), and the database deleted while the bot runs (reported, made anew,
nothing lost). Python 3 standard library only; every wait is bounded. Exits 0 if
every check passed, 1 if not.
"""

import asyncio
import json
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2elib import (Abort, BotProcess, Timeout, args,  # noqa: E402,F401
                    check, log, require, results, run_test, stop_fake, tail)
import mattermost_e2e as mm  # noqa: E402

OVERALL_LIMIT = 200  # seconds; ctest's TIMEOUT is 240
TZ = "Europe/Berlin"
HEARING = "Supreme Court hearing on the Taliban ban"
for c in ("c2", "c3"):
    mm.CHANNELS[c] = {"channel_name": "news-" + c, "channel_display_name":
                      "News " + c, "channel_type": "O"}


def bot_env(port, now, db, knowledge):
    """The bot on the fake, its clock started at @now."""
    return {
        "NEWSBOT_PLATFORMS": "mattermost",
        "NEWSBOT_KNOWLEDGE": knowledge,
        "NEWSBOT_LOG_LEVEL": "info",
        "NEWSBOT_RATE_USER": "0",
        "NEWSBOT_RATE_CHANNEL": "0",
        "NEWSBOT_NOW": now,
        "NEWSBOT_TZ": TZ,
        "NEWSBOT_DB": db,
        "MATTERMOST_URL": "http://%s:%d" % (mm.HOST, port),
        "MATTERMOST_TOKEN": mm.TOKEN,
    }


def run(binary, src, tmp, state):
    fake = mm.FakeMattermost()
    state["fake"] = fake
    fake.start()
    log("# fake Mattermost on http://%s:%d" % (mm.HOST, fake.port))
    knowledge = os.path.join(src, "knowledge")
    counter = [0]

    def forget_pending():
        with fake.cond:
            fake.pending.clear()

    def start(now, db="main.db", kdir=None, extra=None, same_day=False):
        # each bot lives days after the last: the server's 30 s window of
        # pending_post_ids (real time here) is long over, unless it
        # restarts at once (a crash)
        if not same_day:
            fake.call(forget_pending)
        counter[0] += 1
        env = bot_env(fake.port, now, os.path.join(tmp, db),
                      kdir or knowledge)
        env.update(extra or {})
        bot = BotProcess(binary, tmp, "bot%d" % counter[0], env)
        state["bots"].append(bot)
        n = len(fake.snapshot("conns"))
        ok = fake.wait(lambda: fake.live() is not None and
                       len(fake.conns) > n, 10)
        require("%s (clock %s) connects" % (bot.name, now), ok,
                tail(bot.stderr_path, 10))
        time.sleep(0.3)
        return bot

    def posts(since=0):
        return [b for _, b, _ in fake.snapshot("created")[since:]]

    def reminders(since=0, channel=None):
        return [b for b in posts(since)
                if "reminder" in b["message"].lower().split(":")[0] and
                (channel is None or b["channel_id"] == channel) and
                b.get("root_id", "") == ""]

    def say(text, channel="c1", user="u_alice"):
        """Asks as alice (or @user); returns the bot's answer (or "")."""
        pid = mm.new_id()
        mark = len(fake.snapshot("created"))
        fake.post(pid, "@newsbot " + text, channel=channel, user=user)
        fake.wait(lambda: any(b.get("root_id") == pid
                              for _, b, _ in fake.created[mark:]), 10)
        got = [b["message"] for b in posts(mark) if b.get("root_id") == pid]
        return got[0] if got else ""

    # 1 subscribe, in plain words; the answers say what changed
    bot = start("2025-04-02T12:00")
    a = say("remind us")
    check("1 'remind us' subscribes", a.startswith("Done: this channel will "
                                                  "get reminders"), a)
    check("1 the answer gives the lead times and the time zone",
          "a week before, the day before and on the day" in a and
          "09:00" in a and TZ in a, a)
    check("1 the answer names the next reminder: the hearing, a week "
          "before, 10 April 09:00",
          HEARING in a and "Thursday 17 April 2025" in a and
          "10 April 2025 at 09:00" in a, a)
    check("1 the month-only event gets no reminder, and it says so",
          "No reminder for" in a and "expected to lift the ban" in a and
          "only April 2025" in a, a)
    a = say("Can you remind us before the hearing?")
    check("1 asking again: already subscribed", "already gets reminders" in a,
          a)
    a = say("reminders", channel="c2")
    check("1 'reminders' in another channel: not subscribed",
          "gets no reminders" in a and "remind us" in a, a)
    a = say("please notify this channel about upcoming dates", channel="c2")
    check("1 'notify this channel' subscribes c2", a.startswith("Done"), a)
    a = say("stop reminders", channel="c2")
    check("1 'stop reminders' unsubscribes c2",
          a.startswith("Done: no more reminders"), a)
    a = say("unsubscribe", channel="c2")
    check("1 unsubscribing twice: nothing to stop", "nothing to stop" in a, a)
    a = say("When is the hearing?")
    check("1 questions are still answered", "17 April 2025" in a, a)
    a = say("status")
    check("1 'status' gives the version, uptime, article and reminders on",
          a.startswith("newsbot ") and ", up " in a and "Taliban" in a and
          "Reminders: on in this channel" in a, a)
    a = say("version?", channel="c2")
    check("1 'version' in c2: reminders not on there",
          "Reminders: available, not on in this channel" in a, a)
    check("1 nothing is posted before it is due", reminders() == [],
          repr(reminders()))
    check("1 SIGTERM: clean exit", bot.stop() == 0)

    # 2 a week before: the reminder comes at 09:00, once, to c1 only
    mark = len(posts())
    bot = start("2025-04-10T08:59:56")
    fake.wait(lambda: len(reminders(mark)) >= 1, 12)
    time.sleep(2.5)
    got = reminders(mark)
    check("2 one reminder at 09:00 a week before", len(got) == 1,
          repr(got))
    m = got[0]["message"] if got else ""
    check("2 it goes to the subscribed channel, not to the one that "
          "unsubscribed", all(b["channel_id"] == "c1" for b in got))
    check("2 it names the event, its day and the countdown",
          m.startswith("Reminder: the " + HEARING + " is in 7 days, on "
                       "Thursday 17 April 2025."), m)
    check("2 it quotes the source sentence",
          "The Supreme Court is due to consider the move in a hearing "
          "behind closed doors on April 17." in m and "DW News" in m, m)
    a = say("reminders")
    check("2 'reminders' now names the day before, 16 April 09:00",
          "the day before" in a and "16 April 2025 at 09:00" in a and
          "in 6 days" in a, a)
    bot.stop()

    # 3 a restart between leads: nothing lost, nothing repeated
    mark = len(posts())
    bot = start("2025-04-12T10:00")
    time.sleep(3)
    check("3 restart between leads: nothing is repeated",
          reminders(mark) == [], repr(reminders(mark)))
    a = say("are we subscribed?")
    check("3 the subscription survived the restart",
          "gets reminders (since 2 April 2025" in a, a)
    bot.stop()

    # 4 down across the day-before lead: one late reminder, then none
    mark = len(posts())
    bot = start("2025-04-16T15:00")
    fake.wait(lambda: len(reminders(mark)) >= 1, 8)
    time.sleep(2.5)
    got = reminders(mark)
    check("4 downtime across a lead: one late reminder", len(got) == 1,
          repr(got))
    m = got[0]["message"] if got else ""
    check("4 it says it is late and when it was due",
          m.startswith("Late reminder (I was offline when it was due, the "
                       "day before, on 16 April 2025 at 09:00)"), m)
    check("4 the countdown is from now: tomorrow",
          "is tomorrow, Thursday 17 April 2025" in m, m)
    bot.stop()
    mark = len(posts())
    bot = start("2025-04-16T15:05")
    time.sleep(3)
    check("4 and after another restart it is not sent again",
          reminders(mark) == [], repr(reminders(mark)))

    # 5 SIGKILL while a reminder is on its way: at most that one repeats
    for c in ("c2", "c3"):
        a = say("subscribe", channel=c)
        check("5 %s subscribes" % c, a.startswith("Done"), a)
    bot.stop()
    fake.call(lambda: setattr(fake, "post_gate", asyncio.Event()))
    mark = len(posts())
    bot = start("2025-04-17T08:59:57")
    fake.wait(lambda: len(reminders(mark)) >= 1, 10)
    time.sleep(1.5)  # were it not one at a time, others would come now
    held = reminders(mark)
    check("5 one reminder is on its way at a time", len(held) == 1,
          repr(held))
    bot.kill()
    deduped = len(fake.snapshot("deduped"))
    fake.call(lambda: fake.post_gate.set())
    fake.call(lambda: setattr(fake, "post_gate", None))
    bot = start("2025-04-17T09:00:30", same_day=True)
    fake.wait(lambda: len({b["channel_id"] for b in reminders(mark)}) >= 3,
              15)
    time.sleep(2.5)
    got = reminders(mark)
    per = {c: sum(1 for b in got if b["channel_id"] == c)
           for c in ("c1", "c2", "c3")}
    check("5 after the crash every channel got the day's reminder",
          all(per[c] >= 1 for c in per), repr(per))
    again = fake.snapshot("deduped")[deduped:]
    check("5 the window is one message wide: only the reminder in flight "
          "at the kill was posted twice, with the same pending_post_id, "
          "which the server made one post of",
          sorted(per.values()) == [1, 1, 1] and len(again) == 1,
          "%r, repeated %r" % (per, again))
    check("5 on the day it says 'today'",
          all("is today, Thursday 17 April 2025" in b["message"]
              for b in got), repr([b["message"][:80] for b in got]))
    check("5 half a minute after 09:00 is not late",
          not any(b["message"].startswith("Late") for b in got))
    bot.stop()

    # 6 after the event: nothing more, and the answer says so
    mark = len(posts())
    bot = start("2025-04-18T10:00")
    time.sleep(3)
    check("6 after the event no reminder is sent", reminders(mark) == [],
          repr(reminders(mark)))
    a = say("reminders")
    check("6 'reminders' says nothing is ahead",
          "Nothing in the article is still ahead" in a, a)
    bot.stop()

    # 7 the knowledge moves the hearing to 24 April while the bot runs:
    # answers and reminders follow it; a broken edit changes nothing
    kdir = os.path.join(tmp, "knowledge-live")
    shutil.copytree(knowledge, kdir)
    facts_path = os.path.join(kdir, "facts.json")
    with open(facts_path) as f:
        facts = json.load(f)

    def write_facts(text):
        with open(facts_path + ".new", "w") as f:
            f.write(text)
        os.replace(facts_path + ".new", facts_path)

    def wait_log(bot, text, timeout=8):
        deadline = time.monotonic() + timeout
        while text not in bot.stderr() and time.monotonic() < deadline:
            time.sleep(0.2)
        return text in bot.stderr()

    bot = start("2025-04-09T12:00", db="moved.db", kdir=kdir)
    say("remind us")
    bot.stop()
    mark = len(posts())
    bot = start("2025-04-10T08:59:57", db="moved.db", kdir=kdir)
    fake.wait(lambda: len(reminders(mark)) >= 1, 10)
    check("7 before the change: the week-before reminder for 17 April",
          len(reminders(mark)) == 1 and
          "17 April 2025" in reminders(mark)[0]["message"],
          repr(reminders(mark)))
    write_facts('{"format": 1, "facts": [')
    check("7 a broken facts.json is reported, and the bot keeps the last "
          "good knowledge", wait_log(bot, "changed but does not load"),
          tail(bot.stderr_path, 5))
    a = say("When is the hearing?")
    check("7 ... and still answers from it", "17 April 2025" in a, a)
    for fact in facts["facts"]:
        if fact["id"] == "hearing":
            fact["when"] = "April 24"
            fact["statement"] = fact["statement"].replace("17 April",
                                                          "24 April")
    write_facts(json.dumps(facts))
    check("7 the edited knowledge is reloaded without a restart",
          wait_log(bot, "reloaded"), tail(bot.stderr_path, 5))
    a = say("When is the hearing?")
    check("7 answers follow it: the hearing is on 24 April",
          "24 April 2025" in a, a)
    a = say("reminders")
    check("7 'reminders' gives the new date and its first reminder",
          "Thursday 24 April 2025" in a and "17 April 2025 at 09:00" in a, a)
    bot.stop()
    mark = len(posts())
    bot = start("2025-04-16T08:59:57", db="moved.db", kdir=kdir)
    time.sleep(4.5)
    check("7 after the change the old date's day-before reminder is not "
          "sent", reminders(mark) == [], repr(reminders(mark)))
    bot.stop()
    mark = len(posts())
    bot = start("2025-04-17T08:59:57", db="moved.db", kdir=kdir)
    fake.wait(lambda: len(reminders(mark)) >= 1, 10)
    time.sleep(1.5)
    got = reminders(mark)
    m = got[0]["message"] if got else ""
    check("7 the reminder follows the new date", len(got) == 1 and
          "is in 7 days, on Thursday 24 April 2025" in m, repr(got))
    check("7 and says the date changed",
          "The date has changed: it was 17 April 2025 before." in m, m)
    bot.stop()

    # 8 a corrupt database: a clear error, questions answered, file kept
    bad = os.path.join(tmp, "corrupt.db")
    junk = b"this is not an SQLite database\n" * 64
    with open(bad, "wb") as f:
        f.write(junk)
    bot = start("2025-04-02T12:00", db="corrupt.db")
    err = bot.stderr()
    check("8 the log says reminders are off and why",
          "reminders are off" in err and "corrupt.db" in err and
          "not a newsbot database" in err, tail(bot.stderr_path, 5))
    a = say("remind us")
    check("8 'remind us' says reminders are off",
          a.startswith("Reminders are off"), a)
    a = say("When is the hearing?")
    check("8 questions are still answered", "17 April 2025" in a, a)
    check("8 the bot is still running", bot.proc.poll() is None)
    bot.stop()
    with open(bad, "rb") as f:
        check("8 the corrupt file is left as it was", f.read() == junk)

    # 9 the database deleted while the bot runs, between two
    # subscriptions: reported, made anew from what the bot knows, and the
    # second subscription lands in the new file, so a restart has both
    db9 = os.path.join(tmp, "deleted.db")
    bot = start("2025-04-02T12:00", db="deleted.db")
    a = say("remind us", channel="c2")
    check("9 c2 subscribes", a.startswith("Done"), a)
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db9 + suffix):
            os.unlink(db9 + suffix)
    a = say("remind us", channel="c3")
    check("9 after the file is deleted, c3 subscribes", a.startswith("Done"),
          a)
    err = bot.stderr()
    check("9 the log says the database was deleted and is made anew",
          "deleted.db was deleted while newsbot was running" in err and
          "wrote 1 subscription(s) back" in err, tail(bot.stderr_path, 5))
    check("9 the database file exists again", os.path.exists(db9))
    check("9 SIGTERM: clean exit", bot.stop() == 0)
    bot = start("2025-04-02T12:00", db="deleted.db")
    check("9 after a restart both subscriptions are there",
          "reminders: 2 subscription(s)" in bot.stderr(),
          tail(bot.stderr_path, 5))
    a = say("reminders", channel="c3")
    check("9 ... c3 gets reminders", "gets reminders" in a and
          "no reminders" not in a, a)
    a = say("reminders", channel="c2")
    check("9 ... and so does c2", "gets reminders" in a and
          "no reminders" not in a, a)
    bot.stop()

    # 10 NEWSBOT_ADMINS: only those listed start or stop reminders; anyone
    # may still ask what the channel gets
    bot = start("2025-04-02T12:00", db="admins.db",
                extra={"NEWSBOT_ADMINS": "mattermost:u_bob"})
    a = say("remind us")
    check("10 alice is refused: only the bot's admins",
          "only the bot's admins" in a, a)
    a = say("reminders")
    check("10 alice may still ask what the channel gets",
          "gets no reminders" in a, a)
    a = say("remind us", user="u_bob")
    check("10 bob, an admin, subscribes", a.startswith("Done"), a)
    a = say("stop reminders")
    check("10 alice cannot stop them", "only the bot's admins" in a, a)
    a = say("reminders")
    check("10 ... and the channel still gets them", "gets reminders" in a and
          "no reminders" not in a, a)
    check("10 SIGTERM: clean exit", bot.stop() == 0)

    codes = {b.name: b.proc.returncode for b in state["bots"]
             if not b.killed}
    check("every bot not killed exited with status 0 (no leak or sanitizer "
          "report)", all(c == 0 for c in codes.values()), repr(codes))


def main():
    a = args("remind_e2e.py")
    if a is None:
        return 2
    return run_test(a[0], a[1], "newsbot-remind-e2e-", OVERALL_LIMIT, run,
                    {"fake": None, "bots": []}, stop_fake)


if __name__ == "__main__":
    sys.exit(main())
