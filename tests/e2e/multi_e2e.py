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
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mattermost_e2e as mm  # noqa: E402
import slack_e2e as sk  # noqa: E402
from e2elib import NOW, check, results  # noqa: E402

HOST = "127.0.0.1"
def start_bot(binary, src, cwd, slack, matter, bot_token=sk.BOT_TOKEN,
              mm_token=mm.TOKEN):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("NEWSBOT_", "IRC_", "SLACK_", "DISCORD_",
                                "MATTERMOST_"))}
    env.update({
        "NEWSBOT_PLATFORMS": "slack,mattermost",
        "NEWSBOT_KNOWLEDGE": os.path.join(src, "knowledge"),
        "NEWSBOT_LOG_LEVEL": "info",
        "SLACK_APP_TOKEN": sk.APP_TOKEN,
        "SLACK_BOT_TOKEN": bot_token,
        "SLACK_API_URL": "http://%s:%d/api" % (HOST, slack.port),
        "MATTERMOST_URL": "http://%s:%d" % (HOST, matter.port),
        "MATTERMOST_TOKEN": mm_token,
    })
    os.makedirs(cwd, exist_ok=True)
    err = open(os.path.join(cwd, "stderr"), "wb")
    proc = subprocess.Popen([binary, "--now", NOW, "run"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=err, cwd=cwd, env=env,
                            start_new_session=True)
    err.close()
    return proc


def stop(proc, timeout=5):
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        return proc.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(5)
        return None


def stderr_of(cwd):
    with open(os.path.join(cwd, "stderr"), "rb") as f:
        return f.read().decode("utf-8", "replace")


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


def run(binary, src, tmp):
    slack, matter = sk.FakeSlack(), mm.FakeMattermost()
    slack.start()
    matter.start()
    try:
        # 1. both platforms from one process
        cwd = os.path.join(tmp, "both")
        proc = start_bot(binary, src, cwd, slack, matter)
        up = matter.wait(lambda: matter.conns and matter.conns[-1].authed, 15)
        up = up and slack.wait(lambda: slack.live_conns(), 15)
        check("1 one process connects to Slack and Mattermost", bool(up),
              stderr_of(cwd)[-400:])
        time.sleep(0.5)
        got = slack_answer(slack, "when is the court hearing?")
        check("1 Slack answered in its thread",
              len(got) == 1 and "17 April" in got[0], repr(got))
        got = mm_answer(matter, "multi1", "who asked the court?")
        check("1 Mattermost answered in its thread",
              len(got) == 1 and "Prosecutor" in got[0], repr(got))
        check("1 SIGTERM: exit 0", stop(proc) == 0)

        # 2. Slack refuses its token: Mattermost goes on
        cwd = os.path.join(tmp, "half")
        proc = start_bot(binary, src, cwd, slack, matter,
                         bot_token=sk.BAD_BOT_TOKEN)
        conns = len(matter.conns)
        matter.wait(lambda: len(matter.conns) > conns and
                    matter.conns[-1].authed, 15)
        time.sleep(1.0)
        check("2 Slack refused: the process keeps running",
              proc.poll() is None, stderr_of(cwd)[-400:])
        got = mm_answer(matter, "multi2", "why was the Taliban banned?")
        check("2 ... and Mattermost still answers", len(got) == 1, repr(got))
        err = stderr_of(cwd)
        check("2 the log says Slack's credentials were rejected",
              "slack: credentials rejected" in err, err[-300:])
        check("2 no token in the log", sk.BAD_BOT_TOKEN not in err and
              mm.TOKEN not in err)
        check("2 SIGTERM: exit 0", stop(proc) == 0)

        # 3. every platform refused: exit 2
        cwd = os.path.join(tmp, "none")
        proc = start_bot(binary, src, cwd, slack, matter,
                         bot_token=sk.BAD_BOT_TOKEN, mm_token=mm.BAD_TOKEN)
        try:
            rc = proc.wait(10)
        except subprocess.TimeoutExpired:
            rc = None
        check("3 every platform refused: exit status 2", rc == 2,
              "rc %r" % rc)
        stop(proc)
    finally:
        slack.stop()
        matter.stop()


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    binary = os.path.abspath(sys.argv[1])
    src = os.path.abspath(sys.argv[2])
    signal.signal(signal.SIGALRM, lambda s, f: sys.exit("timed out"))
    signal.alarm(100)
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="newsbot-multi-") as tmp:
        run(binary, src, tmp)
    print("%d passed, %d failed (%.0f s)" % (results["passed"],
                                            results["failed"],
                                            time.monotonic() - t0))
    return 0 if results["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
