#!/usr/bin/env python3
"""e2e.notify: systemd's notification protocol, with a fake NOTIFY_SOCKET.

usage: notify_e2e.py PATH/TO/newsbot SOURCE_DIR

A unix datagram socket in a temporary folder stands in for systemd; the
bot runs on the fake Mattermost of mattermost_e2e.py with NOTIFY_SOCKET
and WATCHDOG_USEC=400000 (no WATCHDOG_PID: any process may use it). Checks
READY=1 never arrives while Mattermost is unreachable, and arrives once it
is connected, with a STATUS= line,
WATCHDOG=1 about every 200 ms, and STOPPING=1 on SIGTERM. Every wait is
bounded; every process is stopped at the end.
"""

import os
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mattermost_e2e as mm  # noqa: E402
from e2elib import (BotProcess, args, check, log, require,  # noqa: E402
                    run_test)

HOST = "127.0.0.1"


def run(binary, src, tmp, state):
    path = os.path.join(tmp, "notify.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    sock.settimeout(0.2)
    state["sock"] = sock
    fake = mm.FakeMattermost()
    state["fake"] = fake
    fake.start()
    got = []            # (monotonic time, message)

    def drain(until_fn, timeout):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                got.append((time.monotonic(), sock.recv(4096).decode()))
            except socket.timeout:
                pass
            if until_fn():
                return True
        return False

    env = {"NEWSBOT_PLATFORMS": "mattermost",
           "NEWSBOT_KNOWLEDGE": os.path.join(src, "knowledge"),
           "NEWSBOT_LOG_LEVEL": "info",
           "MATTERMOST_URL": "http://%s:%d" % (HOST, fake.port),
           "MATTERMOST_TOKEN": mm.TOKEN,
           "NOTIFY_SOCKET": path, "WATCHDOG_USEC": "400000"}
    # No READY=1 while the platform cannot be reached.
    dead = socket.socket()
    dead.bind((HOST, 0))
    env0 = dict(env, MATTERMOST_URL="http://%s:%d" % dead.getsockname())
    dead.close()
    bot0 = BotProcess(binary, tmp, "bot0", env0)
    state["bots"].append(bot0)
    drain(lambda: False, 1.5)
    check("0 no READY=1 while Mattermost is unreachable",
          not any("READY=1" in m for _, m in got), repr(got[:4]))
    bot0.stop()
    drain(lambda: any("STOPPING=1" in m for _, m in got), 3)
    check("0 ... and STOPPING=1 when it is stopped",
          any("STOPPING=1" in m for _, m in got), repr(got[-3:]))
    del got[:]

    bot = BotProcess(binary, tmp, "bot", env, argv=("--now", mm.NOW, "run"))
    state["bots"].append(bot)

    def ready():
        return any("READY=1" in m for _, m in got)
    require("1 READY=1 arrives", drain(ready, 10), repr(got[:5]))
    t_ready = [t for t, m in got if "READY=1" in m][0]
    conn = fake.snapshot("conns")
    check("1 ... after Mattermost connected (its WebSocket is open)",
          fake.wait(lambda: fake.conns, 2))
    msg = [m for _, m in got if "READY=1" in m][0]
    log("# first notifications: %r" % [m for _, m in got[:3]])
    check("1 ... with a STATUS= line naming mattermost ready",
          "STATUS=" in msg and "mattermost ready" in msg, repr(msg))
    check("1 no READY=1 before it", sum("READY=1" in m for _, m in got) == 1)

    t_end = time.monotonic() + 2.0
    drain(lambda: False, 2.0)
    dogs = [t for t, m in got if m == "WATCHDOG=1" and t_ready <= t <= t_end]
    gaps = [b - a for a, b in zip(dogs, dogs[1:])]
    # 200 ms apart; a loaded machine (ctest -j) delays some
    check("2 WATCHDOG=1 about every 200 ms (%d in 2 s, longest gap %.0f ms)"
          % (len(dogs), max(gaps or [0]) * 1000),
          5 <= len(dogs) <= 15 and max(gaps or [9]) < 0.6)

    bot._signal(15)
    drain(lambda: any("STOPPING=1" in m for _, m in got), 5)
    check("3 STOPPING=1 on SIGTERM",
          any("STOPPING=1" in m for _, m in got), repr(got[-3:]))
    check("3 the bot exits 0", bot.wait(5) == 0)


def teardown(state, failed):
    if state.get("fake") is not None:
        state["fake"].stop()
    if state.get("sock"):
        state["sock"].close()


def main():
    a = args("notify_e2e.py")
    if a is None:
        return 2
    return run_test(a[0], a[1], "newsbot-notify-e2e-", 60, run,
                    {"fake": None, "bots": [], "sock": None}, teardown)


if __name__ == "__main__":
    sys.exit(main())
