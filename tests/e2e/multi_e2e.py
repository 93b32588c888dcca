#!/usr/bin/env python3
"""e2e.multi: Slack and Mattermost served by one newsbot process.

usage: multi_e2e.py PATH/TO/newsbot SOURCE_DIR

Starts the fake Slack and the fake Mattermost of the other e2e tests, then
1. one bot with NEWSBOT_PLATFORMS=slack,mattermost answers a question on
   each, each in its own thread, from one event loop;
2. one bot whose Slack token is refused keeps answering on Mattermost (a
   failure on one platform does not stop the others) and exits 0 on
   SIGTERM; with every platform refused it exits 2.
Python 3 standard library only; every wait is bounded.
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mattermost_e2e as mm  # noqa: E402
import slack_e2e as sk  # noqa: E402
from e2elib import (NOW, BotProcess, args, check, run_test,  # noqa: E402
                    tail)

HOST = "127.0.0.1"
OVERALL_LIMIT = 100  # seconds; ctest's TIMEOUT is 120


def start_bot(binary, src, tmp, name, slack, matter, bot_token=sk.BOT_TOKEN,
              mm_token=mm.TOKEN):
    return BotProcess(binary, tmp, name, {
        "NEWSBOT_PLATFORMS": "slack,mattermost",
        "NEWSBOT_KNOWLEDGE": os.path.join(src, "knowledge"),
        "NEWSBOT_LOG_LEVEL": "info",
        "SLACK_APP_TOKEN": sk.APP_TOKEN,
        "SLACK_BOT_TOKEN": bot_token,
        "SLACK_API_URL": "http://%s:%d/api" % (HOST, slack.port),
        "MATTERMOST_URL": "http://%s:%d" % (HOST, matter.port),
        "MATTERMOST_TOKEN": mm_token,
    }, argv=("--now", NOW, "run"))


def mm_answer(matter, pid, question, timeout=10):
    matter.post(pid, "@newsbot " + question)
    matter.wait(lambda: any(b.get("root_id") == pid
                            for _, b, _ in matter.created), timeout)
    return [b["message"] for _, b, _ in matter.snapshot("created")
            if b.get("root_id") == pid]


def slack_answer(slack, question, timeout=10):
    ev = sk.mention(question)
    slack.send(ev)
    slack.wait(lambda: any(r.json.get("thread_ts") == ev["ts"]
                           for r in slack.posts if r.json), timeout)
    return [r.json["text"] for r in slack.snapshot("posts")
            if r.json and r.json.get("thread_ts") == ev["ts"]]


def run(binary, src, tmp, state):
    slack, matter = sk.FakeSlack(), mm.FakeMattermost()
    state["fakes"] = [slack, matter]
    slack.start()
    matter.start()

    def start(name, **kw):
        bot = start_bot(binary, src, tmp, name, slack, matter, **kw)
        state["bots"].append(bot)
        return bot

    # 1. both platforms from one process
    bot = start("both")
    up = matter.wait(lambda: matter.conns and matter.conns[-1].authed, 15)
    up = up and slack.wait(lambda: slack.live_conns(), 15)
    check("1 one process connects to Slack and Mattermost", bool(up),
          tail(bot.stderr_path, 8))
    time.sleep(0.5)
    got = slack_answer(slack, "when is the court hearing?")
    check("1 Slack answered in its thread",
          len(got) == 1 and "17 April" in got[0], repr(got))
    got = mm_answer(matter, "multi1", "who asked the court?")
    check("1 Mattermost answered in its thread",
          len(got) == 1 and "Prosecutor" in got[0], repr(got))
    check("1 SIGTERM: exit 0", bot.stop() == 0)

    # 2. Slack refuses its token: Mattermost goes on
    conns = len(matter.conns)
    bot = start("half", bot_token=sk.BAD_BOT_TOKEN)
    matter.wait(lambda: len(matter.conns) > conns and
                matter.conns[-1].authed, 15)
    time.sleep(1.0)
    check("2 Slack refused: the process keeps running", bot.alive(),
          tail(bot.stderr_path, 8))
    got = mm_answer(matter, "multi2", "why was the Taliban banned?")
    check("2 ... and Mattermost still answers", len(got) == 1, repr(got))
    err = bot.stderr()
    check("2 the log says Slack's credentials were rejected",
          "slack: credentials rejected" in err, err[-300:])
    check("2 no token in the log", sk.BAD_BOT_TOKEN not in err and
          mm.TOKEN not in err)
    check("2 SIGTERM: exit 0", bot.stop() == 0)

    # 3. every platform refused: exit 2
    bot = start("none", bot_token=sk.BAD_BOT_TOKEN, mm_token=mm.BAD_TOKEN)
    rc = bot.wait(10)
    check("3 every platform refused: exit status 2", rc == 2, "rc %r" % rc)


def stop_fakes(state, failed):
    for fake in state["fakes"]:
        fake.stop()


def main():
    a = args("multi_e2e.py")
    if a is None:
        return 2
    return run_test(a[0], a[1], "newsbot-multi-", OVERALL_LIMIT, run,
                    {"fakes": [], "bots": []}, stop_fakes)


if __name__ == "__main__":
    sys.exit(main())
