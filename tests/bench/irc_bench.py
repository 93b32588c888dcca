#!/usr/bin/env python3
"""Benchmark, not a test: question-to-answer latency through InspIRCd.

usage: irc_bench.py [--scheme=ws|ircs|irc] path/to/newsbot [QUESTIONS]

Starts InspIRCd on free loopback ports (relaxed flood limits, so that the
server's limits do not shape the numbers), starts newsbot on its
WebSocket port (--scheme=ws, the default), its TLS port (ircs, with the
test's self-signed certificate trusted through NEWSBOT_CA_FILE) or its
plain TCP port (irc), with its reply pacer and rate limits opened up, and
has a plain-TCP user ask QUESTIONS (default 300) one at a time, timing
each from sending the question to receiving the first line of the answer.
Prints p50/p99/max latency and the bot's peak memory (VmHWM) while
connected. The server is tests/e2e/irc_e2e.py's (same config template).
"""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "e2e"))
import irc_e2e  # noqa: E402

QUESTIONS = [
    "when is the hearing?", "who asked the court to lift the ban?",
    "how many people died in the Moscow attack?", "when did russia ban the taliban?",
    "what did putin say about the taliban?", "who rules afghanistan?",
    "what is the FSB?", "was the law passed in 2019?", "summary",
    "what is the capital of Germany?",
]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_port(port, deadline):
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


class Client:
    def __init__(self, port, nick):
        self.s = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.s.settimeout(0.2)
        self.buf = b""
        self.send("NICK " + nick)
        self.send("USER %s 0 * :bench" % nick)

    def send(self, line):
        self.s.sendall((line + "\r\n").encode())

    def lines(self, until, pred):
        """Reads lines until pred(line) or the deadline; returns the line."""
        while time.time() < until:
            try:
                data = self.s.recv(65536)
                if not data:
                    return None
                self.buf += data
            except socket.timeout:
                continue
            while b"\r\n" in self.buf:
                raw, self.buf = self.buf.split(b"\r\n", 1)
                line = raw.decode(errors="replace")
                if line.startswith("PING"):
                    self.send("PONG" + line[4:])
                elif pred(line):
                    return line
        return None


def main():
    scheme = "ws"
    for a in list(sys.argv[1:]):
        if a.startswith("--scheme="):
            scheme = a.split("=", 1)[1]
            sys.argv.remove(a)
    if len(sys.argv) < 2 or scheme not in ("ws", "ircs", "irc"):
        sys.exit(__doc__)
    bot = os.path.abspath(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    src = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    tmp = tempfile.mkdtemp()
    relax = lambda conf: re.sub(r'threshold="10"\s+commandrate="1000"',
                                'threshold="100000" commandrate="100000000"', conf)
    irc_e2e.Ircd.binary = "inspircd" if os.path.exists("/usr/bin/inspircd") \
        else "/usr/sbin/inspircd"
    server = irc_e2e.Ircd(src, tmp, pingfreq=120, edit=relax)
    cport = server.client_port
    env = dict(os.environ, NEWSBOT_PLATFORMS="irc", IRC_CHANNELS="#bench", IRC_NICK="newsbot",
               IRC_RATE="100/1", NEWSBOT_RATE_USER="0", NEWSBOT_RATE_CHANNEL="0",
               NEWSBOT_LOG_LEVEL="warn", XDG_STATE_HOME=tmp, **server.bot_env(scheme))
    newsbot = None
    ircd = None
    try:
        if not server.start():
            sys.exit("inspircd did not start")
        ircd = server.proc
        newsbot = subprocess.Popen([bot], env=env, cwd=tmp, stderr=open(os.path.join(tmp, "bot.log"), "w"),
                                   start_new_session=True)
        c = Client(cport, "bencher")
        if not c.lines(time.time() + 10, lambda l: " 001 " in l):
            sys.exit("client did not register")
        c.send("JOIN #bench")
        # newsbot may have joined before us (NAMES lists it) or after (JOIN).
        joined = lambda l: ((l.startswith(":newsbot!") and " JOIN " in l) or
                            (" 353 " in l and re.search(r"[ :@+]newsbot( |$)", l)))
        found = None
        for _ in range(30):
            found = c.lines(time.time() + 0.5, joined)
            if found:
                break
            c.send("NAMES #bench")
        if not found:
            sys.exit("newsbot did not join; its log: " + open(os.path.join(tmp, "bot.log")).read()[-600:])
        lat = []
        for i in range(n):
            q = QUESTIONS[i % len(QUESTIONS)]
            t = time.perf_counter()
            c.send("PRIVMSG #bench :newsbot: " + q)
            if not c.lines(time.time() + 5, lambda l: l.startswith(":newsbot!") and "PRIVMSG #bench :bencher:" in l):
                sys.exit("no answer to question %d" % i)
            lat.append((time.perf_counter() - t) * 1e6)
            # drain further lines of a multi-line answer
            c.lines(time.time() + 0.02, lambda l: False)
        hwm = 0
        for line in open("/proc/%d/status" % newsbot.pid):
            if line.startswith("VmHWM:"):
                hwm = int(line.split()[1])
        lat.sort()
        print("irc round trip through InspIRCd over %s (question sent -> first answer "
              "line received), %d questions one at a time:" % (server.url(scheme), n))
        print("latency: p50 %.0f us, p99 %.0f us, max %.0f us" % (
            lat[len(lat) // 2], lat[min(len(lat) - 1, int(len(lat) * 0.99))], lat[-1]))
        print("newsbot peak memory while connected: %.1f MiB (VmHWM)" % (hwm / 1024.0))
    finally:
        for p in (newsbot, ircd):
            if p and p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
                try:
                    p.wait(5)
                except subprocess.TimeoutExpired:
                    os.killpg(p.pid, signal.SIGKILL)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
