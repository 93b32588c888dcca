#!/usr/bin/env python3
"""e2e.signals: SIGHUP and SIGTERM against the fake Mattermost server
(and the fake Slack beside it).

usage: signals_e2e.py PATH/TO/newsbot SOURCE_DIR

1. SIGHUP reloads the .env file named by --env: a new log level shows at
   once (its lines appear on stderr), a new NEWSBOT_RATE_USER refuses a
   question the old limit (none) allowed, a changed NEWSBOT_TZ is named
   as taking effect at the next restart, and the bot keeps its one
   WebSocket connection (no reconnect).
2. A broken .env on SIGHUP is reported, naming the key, and the
   configuration in force before keeps answering (and keeps limiting).
3. SIGTERM during a burst of 50 questions: every question the bot logged
   as answered has its reply at the fake, questions sent after the signal
   are not answered, and the bot exits with status 0.
4. SIGTERM while a reply waits out a 429's Retry-After: the reply still
   lands before the bot exits 0.
5. Slack and Mattermost from one process: SIGHUP with a new
   MATTERMOST_TOKEN closes Mattermost's WebSocket (1000) and connects it
   again with the new token, while Slack keeps its one connection and
   answers throughout; taking slack out of NEWSBOT_PLATFORMS closes it
   alone, putting it back starts it again; a refused Slack token stops
   Slack alone and the fixed one starts it again.
6. The service's reload: the settings are in the bot's environment (as
   systemd gives them from EnvironmentFile=); 'newsbot reload PID' run
   with the edited settings leaves them in $RUNTIME_DIRECTORY (0600) and
   signals the bot, which applies them (a new prefix, a new token); a key
   gone from them is gone from the bot; a broken setting makes 'newsbot
   reload' fail and the bot keep what it had.

Python 3 standard library only; every wait is bounded.
"""

import os
import re
import signal
import sys
import time

import subprocess

import slack_e2e as sk
from e2elib import (Abort, BotProcess, NOW, args, check,  # noqa: F401
                    cli_answer, log, require, run_test, stop_fake, tail)
from mattermost_e2e import FakeMattermost, HOST, TOKEN

OVERALL_LIMIT = 160  # seconds; ctest's TIMEOUT is 180
TOKEN2 = "tok-rotated-456"
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
              NEWSBOT_RATE_USER="1/60", NEWSBOT_TZ="Europe/Berlin")
    bot._signal(signal.SIGHUP)
    check("1 SIGHUP: the reload is logged at the new level (info)",
          wait_log(bot, r"reload: configuration applied", 5),
          tail(bot.stderr_path, 8))
    check("1 SIGHUP: a changed NEWSBOT_TZ is named for the next restart",
          wait_log(bot, r"take effect at the next restart[^\n]*"
                        r"NEWSBOT_TZ", 2), tail(bot.stderr_path, 8))
    check("1 ... and no platform is reconnected for it",
          "reconnecting" not in bot.stderr())
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


# --- 5. two platforms: a token changed reconnects only its platform ----------

def slack_ask(slack, question, timeout=10):
    """Mentions the bot on the fake Slack; the replies in its thread."""
    ev = sk.mention(question)
    slack.send(ev)

    def replies():
        return [r.json["text"] for r in slack.snapshot("posts")
                if r.json and r.json.get("thread_ts") == ev["ts"]]
    slack.wait(replies, timeout)
    return replies()


def answered(got, fact):
    return bool(got) and fact.lower() in got[0].lower()


def platforms_scenario(binary, src, tmp, state, fact):
    slack, matter = sk.FakeSlack(), FakeMattermost()
    state["fakes"] += [slack, matter]
    slack.start()
    matter.start()
    matter.tokens = (TOKEN, TOKEN2)  # the old one and the rotated one
    env = os.path.join(tmp, "two.env")
    keys = {"NEWSBOT_PLATFORMS": "slack,mattermost",
            "NEWSBOT_LOG_LEVEL": "info",
            "SLACK_APP_TOKEN": sk.APP_TOKEN, "SLACK_BOT_TOKEN": sk.BOT_TOKEN,
            "SLACK_API_URL": "http://%s:%d/api" % (HOST, slack.port)}
    write_env(env, src, matter.port, tmp, **keys)
    bot = BotProcess(binary, tmp, "two", {},
                     argv=("--env", env, "--now", NOW, "run"))
    state["bots"].append(bot)
    up = matter.wait(lambda: matter.live(), 15)
    up = up and slack.wait(lambda: slack.live_conns(), 15)
    require("5 one process connects to Slack and Mattermost", bool(up),
            tail(bot.stderr_path, 8))
    time.sleep(0.3)
    check("5 before SIGHUP: Slack answers",
          answered(slack_ask(slack, QUESTION), fact))
    check("5 before SIGHUP: Mattermost answers",
          answered(replies_text(ask(matter, "t1")), fact))
    old_mm, n_mm = matter.live(), len(matter.conns)
    sl_conns, sl_opens = slack.live_conns(), len(slack.opens())

    write_env(env, src, matter.port, tmp, MATTERMOST_TOKEN=TOKEN2, **keys)
    bot._signal(signal.SIGHUP)
    check("5 SIGHUP: the log names Mattermost's changed key",
          wait_log(bot, r"reload: mattermost changed \(MATTERMOST_TOKEN\)"
                        r": reconnecting mattermost alone", 5),
          tail(bot.stderr_path, 8))
    new = matter.wait(lambda: [c for c in matter.conns[n_mm:] if c.authed],
                      15)
    check("5 Mattermost connects again, authenticating with the new token",
          bool(new) and new[0].token == TOKEN2,
          repr(new and new[0].token) + "\n" + tail(bot.stderr_path, 8))
    check("5 ... having closed its old WebSocket cleanly (1000)",
          old_mm.closed and old_mm.client_close == 1000,
          "closed %r, code %r" % (old_mm.closed, old_mm.client_close))
    check("5 ... and asks /users/me with the new token",
          any(r.path == "/api/v4/users/me" and r.auth() == "Bearer " + TOKEN2
              for r in matter.snapshot("reqs")))
    check("5 Slack answers after Mattermost's reconnect",
          answered(slack_ask(slack, QUESTION), fact))
    check("5 Slack kept its one connection (no close, no connections.open)",
          slack.live_conns() == sl_conns and len(slack.opens()) == sl_opens
          and not any(c.closed for c in sl_conns),
          "%d live, %d opens" % (len(slack.live_conns()), len(slack.opens())))
    check("5 Mattermost answers on its new connection",
          answered(replies_text(ask(matter, "t2")), fact))

    # NEWSBOT_PLATFORMS: slack out, then in again
    mm_live, n_mm = matter.live(), len(matter.conns)
    keys["NEWSBOT_PLATFORMS"] = "mattermost"
    write_env(env, src, matter.port, tmp, MATTERMOST_TOKEN=TOKEN2, **keys)
    bot._signal(signal.SIGHUP)
    gone = slack.wait(lambda: all(c.closed for c in sl_conns), 10)
    check("5 slack taken out of NEWSBOT_PLATFORMS: it says goodbye (1000)",
          bool(gone) and sl_conns[0].client_close == 1000,
          sl_conns[0].how_closed())
    check("5 ... and is logged as stopped",
          wait_log(bot, r"slack: stopped \(no longer in NEWSBOT_PLATFORMS\)",
                   5), tail(bot.stderr_path, 8))
    check("5 ... while Mattermost keeps its connection and answers",
          answered(replies_text(ask(matter, "t3")), fact) and
          matter.live() is mm_live and len(matter.conns) == n_mm)
    keys["NEWSBOT_PLATFORMS"] = "slack,mattermost"
    write_env(env, src, matter.port, tmp, MATTERMOST_TOKEN=TOKEN2, **keys)
    bot._signal(signal.SIGHUP)
    back = slack.wait(lambda: [c for c in slack.live_conns()
                               if c not in sl_conns], 15)
    check("5 slack back in NEWSBOT_PLATFORMS: it connects again", bool(back),
          tail(bot.stderr_path, 8))
    time.sleep(0.3)
    check("5 ... and answers", answered(slack_ask(slack, QUESTION), fact))

    # A token Slack refuses stops Slack alone; fixed, Slack starts again.
    keys["SLACK_BOT_TOKEN"] = sk.BAD_BOT_TOKEN
    write_env(env, src, matter.port, tmp, MATTERMOST_TOKEN=TOKEN2, **keys)
    bot._signal(signal.SIGHUP)
    check("5 a refused SLACK_BOT_TOKEN on SIGHUP stops Slack alone",
          wait_log(bot, r"slack: credentials rejected", 10) and
          wait_log(bot, r"slack stopped; the other platforms go on", 2) and
          bot.alive(), tail(bot.stderr_path, 8))
    sl_live = slack.live_conns()
    keys["SLACK_BOT_TOKEN"] = sk.BOT_TOKEN
    write_env(env, src, matter.port, tmp, MATTERMOST_TOKEN=TOKEN2, **keys)
    bot._signal(signal.SIGHUP)
    again = slack.wait(lambda: [c for c in slack.live_conns()
                                if c not in sl_live], 15)
    check("5 ... and the token fixed on SIGHUP starts it again", bool(again),
          tail(bot.stderr_path, 8))
    time.sleep(0.3)
    check("5 ... answering", answered(slack_ask(slack, QUESTION), fact))
    check("5 ... Mattermost untouched throughout",
          matter.live() is mm_live and len(matter.conns) == n_mm)
    err = bot.stderr()
    check("5 no token in the log", TOKEN not in err and TOKEN2 not in err
          and sk.BOT_TOKEN not in err and sk.APP_TOKEN not in err
          and sk.BAD_BOT_TOKEN not in err)
    status = bot.stop(grace=10)
    check("5 SIGTERM afterwards: exit status 0 (%r)" % status, status == 0)


def replies_text(got):
    return [b.get("message", "") for b in got or []]


# --- 6. the service's reload: 'newsbot reload' hands systemd's settings ------

def run_reload(binary, tmp, env, pid):
    """'newsbot reload PID' with @env as its only keys; (status, stderr)."""
    e = {k: v for k, v in os.environ.items()
         if not k.startswith(BotProcess.KEYS) and k != "RUNTIME_DIRECTORY"}
    e.update(env)
    p = subprocess.run([binary, "reload", str(pid)], env=e, cwd=tmp,
                       stdin=subprocess.DEVNULL, capture_output=True,
                       timeout=15)
    return p.returncode, p.stderr.decode("utf-8", "replace")


def say(fake, pid, text, timeout):
    """Posts @text (no mention) and waits up to @timeout for a reply."""
    fake.post(pid, text, mention=False)
    fake.wait(lambda: replies_to(fake, pid), timeout)
    return replies_text(replies_to(fake, pid))


def service_scenario(binary, src, tmp, state, fact):
    fake = FakeMattermost()
    state["fakes"].append(fake)
    fake.start()
    fake.tokens = (TOKEN, TOKEN2)
    run_dir = os.path.join(tmp, "run")
    os.makedirs(run_dir, mode=0o700)
    snap = os.path.join(run_dir, "environ")
    with open(snap, "wb") as f:  # left by an earlier run: out of date
        f.write(b"NEWSBOT_PREFIX=!stale\0")
    # What systemd gives the bot from EnvironmentFile= at its start.
    base = {"NEWSBOT_PLATFORMS": "mattermost",
            "NEWSBOT_KNOWLEDGE": os.path.join(src, "knowledge"),
            "NEWSBOT_LOG_LEVEL": "info",
            "NEWSBOT_RATE_USER": "0", "NEWSBOT_RATE_CHANNEL": "0",
            "NEWSBOT_DB": os.path.join(tmp, "svc.db"),
            "NEWSBOT_PREFIX": "!old",
            "MATTERMOST_URL": "http://%s:%d" % (HOST, fake.port),
            "MATTERMOST_TOKEN": TOKEN,
            "RUNTIME_DIRECTORY": run_dir}
    bot = BotProcess(binary, tmp, "svc", base, argv=("--now", NOW, "run"))
    state["bots"].append(bot)
    require("6 the bot connects", fake.wait(lambda: fake.live(), 15),
            tail(bot.stderr_path, 8))
    time.sleep(0.3)
    check("6 at start, a snapshot an earlier run left is removed",
          not os.path.exists(snap))
    bot._signal(signal.SIGHUP)  # a plain SIGHUP: the process environment
    wait_log(bot, r"reload: configuration applied", 5)
    check("6 a plain SIGHUP keeps the environment the bot started with",
          answered(say(fake, "s1", "!old " + QUESTION, 10), fact))

    rc, err = run_reload(binary, tmp, {}, bot.proc.pid)
    check("6 'newsbot reload' outside a service unit fails, naming "
          "RUNTIME_DIRECTORY (%r)" % rc,
          rc != 0 and "RUNTIME_DIRECTORY" in err, err[-300:])

    # The operator edits the file: new prefix, rotated token, no level.
    edited = dict(base, NEWSBOT_PREFIX="!new", MATTERMOST_TOKEN=TOKEN2)
    del edited["NEWSBOT_LOG_LEVEL"]
    n_conns = len(fake.conns)
    rc, err = run_reload(binary, tmp, edited, bot.proc.pid)
    check("6 'newsbot reload' succeeds (%r)" % rc, rc == 0, err[-300:])
    mode = os.stat(snap).st_mode & 0o777 if os.path.exists(snap) else None
    check("6 it leaves the settings in $RUNTIME_DIRECTORY, mode 0600 (%s)" %
          (oct(mode) if mode is not None else "none"), mode == 0o600)
    new = fake.wait(lambda: [c for c in fake.conns[n_conns:] if c.authed], 15)
    check("6 the bot reconnects Mattermost with the rotated token",
          bool(new) and new[0].token == TOKEN2, tail(bot.stderr_path, 8))
    time.sleep(0.3)
    lines = bot.stderr().count("question answered")
    check("6 the new prefix answers",
          answered(say(fake, "s2", "!new " + QUESTION, 10), fact))
    check("6 the old prefix no longer does",
          not say(fake, "s3", "!old " + QUESTION, 2))
    check("6 NEWSBOT_LOG_LEVEL taken out of the file: back to warn (no "
          "info lines)", bot.stderr().count("question answered") == lines)

    broken = dict(edited, NEWSBOT_RATE_USER="banana")
    n_conns = len(fake.conns)
    rc, err = run_reload(binary, tmp, broken, bot.proc.pid)
    check("6 a broken setting: 'newsbot reload' fails (%r), naming the key"
          % rc, rc != 0 and "NEWSBOT_RATE_USER" in err, err[-300:])
    with open(snap, "rb") as f:
        kept = f.read()
    check("6 ... leaving the snapshot as it was",
          b"banana" not in kept and b"NEWSBOT_PREFIX=!new\0" in kept)
    check("6 ... and the bot as it was",
          answered(say(fake, "s4", "!new " + QUESTION, 10), fact) and
          len(fake.conns) == n_conns and bot.alive())
    err = bot.stderr()
    check("6 no token in the log", TOKEN not in err and TOKEN2 not in err)
    status = bot.stop(grace=10)
    check("6 SIGTERM afterwards: exit status 0 (%r)" % status, status == 0)


def run(binary, src, tmp, state):
    fact = "17 April"
    got = cli_answer(binary, src, QUESTION)
    require("the command line answers %r with %r" % (QUESTION, fact),
            fact.lower() in got.lower(), repr(got[:160]))
    reload_scenario(binary, src, tmp, state, fact)
    term_scenario(binary, src, tmp, state)
    retry_scenario(binary, src, tmp, state)
    platforms_scenario(binary, src, tmp, state, fact)
    service_scenario(binary, src, tmp, state, fact)


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
