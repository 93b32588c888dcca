#!/usr/bin/env python3
"""e2e.signals: SIGHUP and SIGTERM against the fake Mattermost server.

usage: signals_e2e.py PATH/TO/newsbot SOURCE_DIR

1. SIGHUP reloads the .env file named by --env: a new log level shows at
   once (its lines appear on stderr), a new NEWSBOT_RATE_USER refuses a
   question the old limit (none) allowed, a changed MATTERMOST_URL is
   named as taking effect at the next restart, and the bot keeps its one
   WebSocket connection (no reconnect).
2. A broken .env on SIGHUP is reported, naming the key, and the
   configuration in force before keeps answering (and keeps limiting).
3. SIGTERM during a burst of 50 questions: every question the bot logged
   as answered has its reply at the fake, questions sent after the signal
   are not answered, and the bot exits with status 0.
4. SIGTERM while a reply waits out a 429's Retry-After: the reply still
   lands before the bot exits 0.

Python 3 standard library only; every wait is bounded.
"""

import os
import re
import signal
import sys
import time

from e2elib import (Abort, BotProcess, NOW, args, check,  # noqa: F401
                    cli_answer, log, require, run_test, stop_fake, tail)
from mattermost_e2e import FakeMattermost, HOST, TOKEN

OVERALL_LIMIT = 100  # seconds; ctest's TIMEOUT is 120
BURST = 50
QUESTION = "when is the court hearing?"


def write_env(path, src, port, tmp, **over):
    keys = {
        "NEWSBOT_PLATFORMS": "mattermost",
        "NEWSBOT_KNOWLEDGE": os.path.join(src, "knowledge"),
        "NEWSBOT_LOG_LEVEL": "warn",
        "NEWSBOT_RATE_USER": "0",
        "NEWSBOT_RATE_CHANNEL": "0",
        "NEWSBOT_DB": os.path.join(tmp, "newsbot.db"),
        "MATTERMOST_URL": "http://%s:%d" % (HOST, port),
        "MATTERMOST_TOKEN": TOKEN,
    }
    keys.update(over)
    with open(path + ".new", "w") as f:
        for k, v in keys.items():
            f.write("%s=%s\n" % (k, v))
    os.replace(path + ".new", path)  # the bot never reads half a file


def start(binary, src, tmp, name, state, **over):
    fake = FakeMattermost()
    state["fakes"].append(fake)
    fake.start()
    env = os.path.join(tmp, name + ".env")
    write_env(env, src, fake.port, tmp, **over)
    bot = BotProcess(binary, tmp, name, {},
                     argv=("--env", env, "--now", NOW, "run"))
    state["bots"].append(bot)
    conn = fake.wait(lambda: fake.live(), 15)
    require("%s: the bot connects to the fake" % name, conn is not None,
            tail(bot.stderr_path, 8))
    time.sleep(0.3)  # the hello travels
    return fake, bot, env


def replies_to(fake, pid):
    return [b for _, b, _ in fake.snapshot("created")
            if b.get("root_id") == pid]


def ask(fake, pid, user="u_alice", timeout=10):
    """Posts the question as @user; the bot's replies in its thread."""
    fake.post(pid, "@newsbot " + QUESTION, user=user)
    fake.wait(lambda: replies_to(fake, pid), timeout)
    return replies_to(fake, pid)


def wait_log(bot, pattern, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if re.search(pattern, bot.stderr()):
            return True
        time.sleep(0.1)
    return False


def reload_scenario(binary, src, tmp, state, fact):
    fake, bot, env = start(binary, src, tmp, "hup", state)

    got = ask(fake, "h1")
    require("1 before SIGHUP: a question is answered",
            got and fact.lower() in got[0].get("message", "").lower(),
            repr(got))
    check("1 before SIGHUP: no info lines at level warn",
          "question answered" not in bot.stderr())

    write_env(env, src, fake.port, tmp, NEWSBOT_LOG_LEVEL="info",
              NEWSBOT_RATE_USER="1/60",
              MATTERMOST_URL="http://%s:1" % HOST)
    bot._signal(signal.SIGHUP)
    check("1 SIGHUP: the reload is logged at the new level (info)",
          wait_log(bot, r"reload: configuration applied", 5),
          tail(bot.stderr_path, 8))
    check("1 SIGHUP: a changed MATTERMOST_URL is named for the next restart",
          wait_log(bot, r"take effect at the next restart[^\n]*"
                        r"MATTERMOST_URL", 2), tail(bot.stderr_path, 8))
    check("1 SIGHUP does not kill the bot", bot.alive(),
          "exit %r" % bot.proc.returncode)

    got = ask(fake, "h2")
    check("1 after SIGHUP: the first question in the new limit is answered",
          got and fact.lower() in got[0].get("message", "").lower(),
          repr(got))
    check("1 after SIGHUP: the new level's lines show ('question answered')",
          wait_log(bot, r"info: question answered", 3))
    got = ask(fake, "h3")
    check("1 after SIGHUP: NEWSBOT_RATE_USER=1/60 refuses the second one",
          got and "faster" in got[0].get("message", ""), repr(got))
    check("1 no new WebSocket connection after SIGHUP (%d)" %
          len(fake.conns), len(fake.conns) == 1)

    write_env(env, src, fake.port, tmp, NEWSBOT_LOG_LEVEL="info",
              NEWSBOT_RATE_USER="banana")
    bot._signal(signal.SIGHUP)
    check("2 a broken .env on SIGHUP is reported, naming the key",
          wait_log(bot, r"NEWSBOT_RATE_USER[^\n]*\n(.*\n)*.*does not "
                        r"validate", 5),
          tail(bot.stderr_path, 8))
    check("2 ... and the bot goes on", bot.alive(),
          "exit %r" % bot.proc.returncode)
    got = ask(fake, "h4", user="u_bob")
    check("2 the old configuration keeps answering",
          got and fact.lower() in got[0].get("message", "").lower(),
          repr(got))
    got = ask(fake, "h5", user="u_bob")
    check("2 ... and keeps its limit (1/60)",
          got and "faster" in got[0].get("message", ""), repr(got))
    check("2 still one WebSocket connection (%d)" % len(fake.conns),
          len(fake.conns) == 1)
    status = bot.stop(grace=10)
    check("2 SIGTERM afterwards: exit status 0 (%r)" % status, status == 0)


def answered_ids(bot):
    ids = []
    for line in bot.stderr().splitlines():
        if "question answered" in line:
            m = re.search(r"\bid=\"?([A-Za-z0-9_]+)", line)
            ids.append(m.group(1) if m else None)
    return ids


def term_scenario(binary, src, tmp, state):
    fake, bot, _ = start(binary, src, tmp, "term", state,
                         NEWSBOT_LOG_LEVEL="info")
    for i in range(BURST):
        fake.post("b%02d" % i, "@newsbot " + QUESTION)
    fake.wait(lambda: len(fake.created) >= 3, 10)
    bot._signal(signal.SIGTERM)
    time.sleep(0.2)
    late = ["late%d" % i for i in range(5)]
    for pid in late:
        fake.post(pid, "@newsbot " + QUESTION)
    status = bot.wait(15)
    check("3 SIGTERM during a burst: the bot exits with status 0 (%r)" %
          status, status == 0, tail(bot.stderr_path, 8))
    ids = answered_ids(bot)
    roots = [b.get("root_id") for _, b, _ in fake.snapshot("created")
             if b.get("root_id", "").startswith(("b", "late"))]
    log("# %d questions sent, %d logged as answered, %d replies at the fake"
        % (BURST, len(ids), len(roots)))
    check("3 some questions were answered before the signal", len(ids) > 0)
    check("3 every reply computed is delivered (%d answered, %d replies)" %
          (len(ids), len(roots)),
          len(ids) == len(roots) and
          (None in ids or sorted(ids) == sorted(roots)),
          "missing %r" % sorted(set(ids) - set(roots)))
    check("3 no reply twice", len(roots) == len(set(roots)))
    check("3 questions after the signal are not answered",
          not [r for r in roots if r.startswith("late")],
          repr([r for r in roots if r.startswith("late")]))
    check("3 the bot said goodbye (WebSocket closed)",
          all(c.closed for c in fake.conns))


def retry_scenario(binary, src, tmp, state):
    fake, bot, _ = start(binary, src, tmp, "retry", state,
                         NEWSBOT_LOG_LEVEL="info")
    with fake.cond:
        fake.post_faults.append("429")  # Retry-After: 1
    fake.post("r1", "@newsbot " + QUESTION)
    refused = fake.wait(lambda: [r for r in fake.reqs
                                 if r.path == "/api/v4/posts" and
                                 r.status == 429], 10)
    require("4 the fake refuses the reply with 429", refused)
    bot._signal(signal.SIGTERM)
    status = bot.wait(15)
    check("4 SIGTERM while a reply waits for its retry: exit 0 (%r)" %
          status, status == 0, tail(bot.stderr_path, 8))
    check("4 ... after the reply landed (Retry-After honoured)",
          len(replies_to(fake, "r1")) == 1, tail(bot.stderr_path, 8))


def run(binary, src, tmp, state):
    fact = "17 April"
    got = cli_answer(binary, src, QUESTION)
    require("the command line answers %r with %r" % (QUESTION, fact),
            fact.lower() in got.lower(), repr(got[:160]))
    reload_scenario(binary, src, tmp, state, fact)
    term_scenario(binary, src, tmp, state)
    retry_scenario(binary, src, tmp, state)


def teardown(state, failed):
    for f in state["fakes"]:
        f.stop()


def main():
    a = args("signals_e2e.py")
    if a is None:
        return 2
    state = {"bots": [], "fakes": [], "fake": None}
    return run_test(a[0], a[1], "newsbot-signals-", OVERALL_LIMIT, run,
                    state, teardown)


if __name__ == "__main__":
    sys.exit(main())
