#!/usr/bin/env python3
"""e2e.articles: several articles in one bot, on one platform.

usage: articles_e2e.py PATH/TO/newsbot SOURCE_DIR

The bot runs against the fake Mattermost of mattermost_e2e.py with
NEWSBOT_KNOWLEDGE naming a folder of two article folders: the DW article
(its facts.json an overlay) and a short ferry-strike article built from
its text alone. In one channel: the list of articles, a question about the
newest (the default), a question that names the other article and is
answered from it (saying so), a switch, a question after the switch, an
article folder dropped in while the bot runs and then listed, and the
unanswered log (NEWSBOT_UNANSWERED) holding the question it declined.
Then the bot again, its clock just before 09:00 on the day before two of
the articles' events: "remind us" in a channel, and each event's reminder
posted there, naming its own article.
Python 3 standard library only; every wait is bounded. Exits 0 if every
check passed, 1 if not.
"""

import json
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2elib import (Abort, BotProcess, NOW, args, check,  # noqa: E402
                    log, require, run_test, stop_fake, tail)
from mattermost_e2e import FakeMattermost, HOST, TOKEN  # noqa: E402

OVERALL_LIMIT = 150  # seconds; ctest's TIMEOUT is 180

FERRY = """Ferry crews strike at Calderport
Ferry crews at Calderport will strike on Monday, the Ferry Workers Guild said on Tuesday.
Guild secretary Orla Penhallow said about 1,400 deckhands would walk out because pay has fallen.
"""

LIBRARY = """Lakeside library to close for repairs
The Brackwell Lakeside Library will close on Monday for six weeks of roof repairs, the town council said.
Chief librarian Anneke Soutar said about 40,000 books would be moved to the Old Mill branch.
"""


def write_article(folder, text, meta):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "article.txt"), "w") as f:
        f.write(text)
    # meta.json last: the watcher picks the folder up once it is whole
    with open(os.path.join(folder, "meta.json.tmp"), "w") as f:
        json.dump(meta, f)
    os.rename(os.path.join(folder, "meta.json.tmp"),
              os.path.join(folder, "meta.json"))


class Bot(BotProcess):
    def __init__(self, binary, tmp, port, library, unanswered, now=NOW,
                 leads=None, name="bot"):
        e = {
            "NEWSBOT_PLATFORMS": "mattermost",
            "NEWSBOT_KNOWLEDGE": library,
            "NEWSBOT_UNANSWERED": unanswered,
            "NEWSBOT_LOG_LEVEL": "info",
            "NEWSBOT_RATE_USER": "0",
            "NEWSBOT_RATE_CHANNEL": "0",
            "MATTERMOST_URL": "http://%s:%d" % (HOST, port),
            "MATTERMOST_TOKEN": TOKEN,
            # the reminder store goes under the test's folder
            "XDG_STATE_HOME": os.path.join(tmp, "state"),
        }
        if leads:
            e["NEWSBOT_REMIND_LEADS"] = leads
        super().__init__(binary, tmp, name, e, argv=("--now", now, "run"))


def run(binary, src, tmp, state):
    library = os.path.join(tmp, "articles")
    os.makedirs(library)
    shutil.copytree(os.path.join(src, "knowledge"),
                    os.path.join(library, "dw-taliban"))
    write_article(os.path.join(library, "calderport-ferry"), FERRY,
                  {"title": "Ferry crews strike at Calderport",
                   "outlet": "Estuary Times", "published": "2025-04-02"})
    unanswered = os.path.join(tmp, "unanswered.jsonl")

    fake = FakeMattermost()
    state["fake"] = fake
    fake.start()
    bot = Bot(binary, tmp, fake.port, library, unanswered)
    state["bots"].append(bot)
    conn = fake.wait(lambda: fake.conns[0] if fake.conns else None, 10)
    require("the bot opens the WebSocket", conn is not None,
            tail(bot.stderr_path, 8))
    fake.wait(lambda: conn.authed and conn.sent_events, 8)
    require("the bot authenticates", conn.authed, tail(bot.stderr_path, 8))
    time.sleep(0.3)

    seq = [0]

    def ask(name, question, *facts, absent=()):
        """Asks @question in channel c1 (a new thread each time) and checks
        that the reply holds every one of @facts and none of @absent."""
        seq[0] += 1
        pid = "q%d" % seq[0]
        mark = len(fake.snapshot("created"))
        fake.post(pid, "@newsbot " + question, channel="c1")
        fake.wait(lambda: [1 for _, b, _ in fake.created[mark:]
                           if b.get("root_id") == pid], 10)
        got = [b.get("message", "") for _, b, _ in
               fake.snapshot("created")[mark:] if b.get("root_id") == pid]
        if not check("%s: %r answered" % (name, question), got,
                     tail(bot.stderr_path, 4)):
            return ""
        for fact in facts:
            check("%s: reply has %r" % (name, fact),
                  fact.lower() in got[0].lower(), repr(got[0][:300]))
        for word in absent:
            check("%s: reply lacks %r" % (name, word),
                  word.lower() not in got[0].lower(), repr(got[0][:300]))
        return got[0]

    # Threads are conversations on Mattermost; a top-level follow-up
    # continues the user's last one, so each question below stands in the
    # one conversation of alice in c1.
    ask("1 the list", "which articles do you know?", "I know 2 articles",
        "Ferry crews strike at Calderport",
        "Russia considers suspending its ban on the Taliban")
    ask("2 the newest is the default", "who is the guild secretary?",
        "Penhallow", absent=("From ",))
    ask("3 a question naming the other article",
        "when is the Taliban ban hearing?", "From \"Russia considers",
        "17 April")
    ask("4 and the conversation followed it",
        "who asked the court to lift the ban?", "Prosecutor General",
        absent=("From ",))
    ask("5 switch back", "switch to the ferry strike",
        "Now on \"Ferry crews strike at Calderport\"")
    ask("6 after the switch", "how many deckhands will walk out?", "1,400",
        absent=("From ",))
    ask("7 a question no article answers", "what is the weather like on Mars?",
        "doesn't say")

    # 8. An article folder dropped in while the bot runs.
    write_article(os.path.join(library, "lakeside-library"), LIBRARY,
                  {"title": "Lakeside library to close",
                   "outlet": "Brackwell Post", "published": "2025-04-01"})
    deadline = time.monotonic() + 10
    reply = ""
    while time.monotonic() < deadline and "I know 3" not in reply:
        time.sleep(1.0)
        reply = ask("8 the new article", "which articles do you know?")
    check("8 the new article is listed within 10 s",
          "Lakeside library to close" in reply, repr(reply[:300]))

    # 9. The unanswered log holds the declined question, without a user.
    lines = []
    try:
        with open(unanswered) as f:
            lines = [json.loads(x) for x in f if x.strip()]
    except (OSError, ValueError) as e:
        check("9 the unanswered log reads", False, str(e))
    hit = [x for x in lines if x.get("question") ==
           "@newsbot what is the weather like on Mars?" or
           x.get("question", "").endswith("what is the weather like on Mars?")]
    check("9 the declined question is in the unanswered log", hit,
          repr(lines[:3]))
    if hit:
        check("9 ... with its article, platform and kind, and no user",
              hit[0].get("platform") == "mattermost" and
              hit[0].get("answered") is False and "user" not in hit[0] and
              hit[0].get("article"), repr(hit[0]))

    rc = bot.stop()
    check("10 the bot stops cleanly on SIGTERM (%r)" % rc, rc == 0,
          tail(bot.stderr_path, 6))
    check("10 no sanitizer report",
          "AddressSanitizer" not in bot.stderr() and
          "runtime error:" not in bot.stderr(), tail(bot.stderr_path, 6))

    reminders(binary, tmp, fake, library, unanswered, state)


def reminders(binary, tmp, fake, library, unanswered, state):
    """11. The ferry strike and the library's closing are both on Monday
    7 April; with a lead of a day, their reminders fall due on Sunday at
    09:00. The bot starts 20 s before, the channel subscribes, and both
    reminders arrive, each naming its article; the Taliban hearing (17
    April) is not due."""
    conns = len(fake.snapshot("conns"))
    bot = Bot(binary, tmp, fake.port, library, unanswered,
              now="2025-04-06T08:59:40", leads="1d@09:00", name="bot2")
    state["bots"].append(bot)
    conn = fake.wait(lambda: len(fake.conns) > conns and fake.conns[-1], 10)
    require("11 the second bot connects", conn, tail(bot.stderr_path, 8))
    fake.wait(lambda: conn.authed and conn.sent_events, 8)
    time.sleep(0.3)
    mark = len(fake.snapshot("created"))
    fake.post("r1", "@newsbot remind us", channel="c1")
    fake.wait(lambda: [1 for _, b, _ in fake.created[mark:]
                       if b.get("root_id") == "r1"], 10)
    got = [b.get("message", "") for _, b, _ in fake.snapshot("created")[mark:]
           if b.get("root_id") == "r1"]
    check("11 'remind us' is answered with the next reminder and its "
          "article", got and "Next:" in got[0] and "\"" in got[0],
          repr(got[:1]))

    def posted():
        return [b.get("message", "") for _, b, _ in
                fake.snapshot("created")[mark:]
                if b.get("channel_id") == "c1" and not b.get("root_id")
                and b.get("message", "").startswith("Reminder:")]
    fake.wait(lambda: len(posted()) >= 2, 45)
    got = posted()
    ferry = [m for m in got if "Ferry crews strike at Calderport" in m]
    library_ = [m for m in got if "Lakeside library to close" in m]
    check("11 the ferry strike's reminder names its article",
          ferry and "tomorrow" in ferry[0], repr(got))
    check("11 the library's reminder names its article",
          library_ and "tomorrow" in library_[0], repr(got))
    check("11 nothing else is reminded (the hearing is 17 April)",
          len(got) == 2 and not any("Taliban" in m for m in got), repr(got))
    rc = bot.stop()
    check("11 the second bot stops cleanly (%r)" % rc, rc == 0,
          tail(bot.stderr_path, 6))


def main():
    a = args("articles_e2e.py")
    if a is None:
        return 2
    return run_test(a[0], a[1], "newsbot-articles-e2e-", OVERALL_LIMIT, run,
                    {"fake": None, "bots": []}, stop_fake)


if __name__ == "__main__":
    sys.exit(main())
