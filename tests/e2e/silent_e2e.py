#!/usr/bin/env python3
"""e2e.silent: newsbot against a server that accepts TCP and never answers.

usage: silent_e2e.py PATH/TO/newsbot SOURCE_DIR

A hung server, or a proxy that black-holes the upgrade, must not stop a
platform for good: the bot gives each attempt its connect deadline (10 s
for TCP, TLS and the WebSocket upgrade together), says so in its log, and
tries again with the backoff. The listener is on a free loopback port and
keeps every socket it accepts open and silent. Python 3 standard library
only; every wait is bounded. Exits 0 if every check passed, 1 if not.
"""

import os
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2elib import (NOW, BotProcess, args, check, log,  # noqa: E402
                    run_test)

HOST = "127.0.0.1"
DEADLINE = 10.0       # the bot's connect deadline, seconds
OVERALL_LIMIT = 60    # seconds; ctest's TIMEOUT is 90


class Silent:
    """Accepts connections and never writes a byte."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind((HOST, 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.accepted = []      # (monotonic time, socket)
        self.quit = False
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.quit:
            try:
                c, _ = self.sock.accept()
            except OSError:
                continue
            with self.lock:
                self.accepted.append((time.monotonic(), c))

    def times(self):
        with self.lock:
            return [t for t, _ in self.accepted]

    def stop(self):
        self.quit = True
        self.thread.join(2)
        with self.lock:
            for _, c in self.accepted:
                c.close()
        self.sock.close()


def run(binary, src, tmp, state):
    silent = state["fake"] = Silent()
    log("# a silent listener on %s:%d" % (HOST, silent.port))
    bot = BotProcess(binary, tmp, "silent", {
        "NEWSBOT_PLATFORMS": "irc",
        "NEWSBOT_KNOWLEDGE": os.path.join(src, "knowledge"),
        "NEWSBOT_LOG_LEVEL": "info",
        "NEWSBOT_DB": os.path.join(tmp, "silent.db"),
        "IRC_URL": "ws://%s:%d/" % (HOST, silent.port),
        "IRC_NICK": "newsbot",
        "IRC_CHANNELS": "#news",
    }, argv=("--now", NOW, "run"))
    state["bots"].append(bot)
    t0 = time.monotonic()
    end = t0 + DEADLINE + 8
    while len(silent.times()) < 2 and time.monotonic() < end and bot.alive():
        time.sleep(0.1)
    times = silent.times()
    check("the bot connected to the silent server", len(times) >= 1)
    if check("it tried again after the deadline (%d attempts in %.1f s)" %
             (len(times), time.monotonic() - t0), len(times) >= 2):
        gap = times[1] - times[0]
        check("... %.1f s after the first attempt: the deadline plus the "
              "backoff" % gap, DEADLINE - 0.5 <= gap <= DEADLINE + 3)
    err = bot.stderr()
    check("the log says why the attempt was given up",
          "no answer to the connection or the upgrade" in err,
          err[-400:])
    check("the bot is still running", bot.alive())
    check("SIGTERM: exit 0", bot.stop() == 0)


def stop_silent(state, failed):
    if state["fake"] is not None:
        state["fake"].stop()


def main():
    a = args("silent_e2e.py")
    if a is None:
        return 2
    return run_test(a[0], a[1], "newsbot-silent-", OVERALL_LIMIT, run,
                    {"fake": None, "bots": []}, stop_silent)


if __name__ == "__main__":
    sys.exit(main())
