#!/usr/bin/env python3
"""e2e.irc: newsbot against a real InspIRCd 3, the bot over WebSocket,
TLS or plain TCP.

usage: irc_e2e.py [--scheme=ws|ircs|irc] PATH/TO/newsbot SOURCE_DIR

--scheme picks the bot's IRC_URL: ws:// (the default), ircs:// (TLS with a
certificate made at test time by the openssl command and trusted through
NEWSBOT_CA_FILE) or irc:// (plain TCP to 127.0.0.1). Over ircs:// two more
steps check that a certificate the bot does not trust, and one naming
another host, are refused with a clear error and nothing sent.

Starts InspIRCd from tests/e2e/inspircd.conf.in on free loopback ports,
starts the bot, and drives it with plain-TCP test users ("alice",
"otherbot"): the addressing forms, private messages, follow-ups, ignoring
other bots and unaddressed chat, a burst of 30 questions under a flood
limit that kills flooders, a server restart, pings, a clean shutdown and a
rejected password. Python 3 standard library only; every wait is bounded.
Exits 0 if every check passed, 1 if not, 77 if inspircd is not installed.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2elib import (Abort, BotProcess, NOW, Timeout, args,  # noqa: E402,F401
                    check, cli_answer, log, require, results, run_test, tail)

SKIP = 77
HOST = "127.0.0.1"
CHANNEL = "#news"
PINGFREQ = 4
ANSWER_LINES = 16  # the most lines the IRC adapter sends for one answer
BAD_PASSWORD = "pw-Zq81x"
SCHEME = "ws"  # --scheme: ws, ircs or irc
OVERALL_LIMIT = 200  # seconds; ctest's TIMEOUT is 240

# The burst: 30 distinct questions, each answered in one line, and a fact
# each answer must contain (case-insensitive).
BURST = [
    ("Which office petitioned Russia's top court about the Taliban ban?",
     "Prosecutor General"),
    ("Which Russian leader described the Taliban as a partner against "
     "terrorism?", "Putin"),
    ("Who claimed responsibility for the attack on the Moscow concert venue?",
     "IS-K"),
    ("Which agency takes an organisation off Russia's terror list after a "
     "court rules?", "FSB"),
    ("Which body voted through the law on suspending terror bans?",
     "parliament"),
    ("Who invited Taliban representatives to Russia for talks?", "Kremlin"),
    ("Name the country that took the Taliban off its own terrorist list in "
     "late 2023.", "Kazakhstan"),
    ("Which editor is credited on this piece?", "Richard Connor"),
    ("When did Russia first outlaw the Taliban?", "2003"),
    ("In which month and year did Putin call the Taliban an ally?",
     "July 2024"),
    ("When did IS-K strike the concert hall near Moscow?", "March 2024"),
    ("When did the Taliban take over Afghanistan?", "August 2021"),
    ("When did Russian lawmakers approve the law that lets bans be "
     "suspended?", "December 2024"),
    ("When did the Soviets invade Afghanistan?", "1980s"),
    ("When is the closed-door hearing?", "17 April 2025"),
    ("What does IS-K stand for?", "Islamic State of Khorasan"),
    ("What did Putin say about the Taliban?", "ally"),
    ("What name does the Taliban use for its state?",
     "Islamic Emirate of Afghanistan"),
    ("What is the FSB?", "security service"),
    ("What would lifting the ban NOT mean?", "recogni"),
    ("In which city did IS-K carry out the concert hall attack?", "Moscow"),
    ("In what region are the Russian allies who are warming to the "
     "Taliban?", "Central Asia"),
    ("Which country did the Soviet Union invade in the 1980s?",
     "Afghanistan"),
    ("What was the death toll of the concert hall attack?", "140"),
    ("How many years of war came before the Taliban takeover?", "20"),
    ("Did the Russian parliament pass the law in 2019?", "No"),
    ("Is the hearing going to be open to the public?", "closed doors"),
    ("Did Putin call the Taliban an ally in 2022?", "No"),
    ("Have the Taliban been fighting IS-K?", "Yes"),
    ("Did more than 100 people die in the Moscow concert hall attack?",
     "Yes"),
]


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind((HOST, 0))
        return s.getsockname()[1]
    finally:
        s.close()


def free_ports(n):
    """@n distinct free loopback ports."""
    ports = []
    while len(ports) < n:
        p = free_port()
        if p not in ports:
            ports.append(p)
    return ports


def make_cert(tmp, name, san):
    """A self-signed certificate (ECDSA P-256, two days) for @san, made with
    the openssl command; returns (certificate, key) paths."""
    cert = os.path.join(tmp, name + ".pem")
    key = os.path.join(tmp, name + ".key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                    "-keyout", key, "-out", cert, "-subj", "/CN=" + name,
                    "-addext", "subjectAltName=" + san],
                   check=True, stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                   timeout=30)
    return cert, key


def kill_group(proc, sig):
    try:
        os.killpg(proc.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def stop_process(proc, grace=5.0):
    """SIGTERM the process group, then SIGKILL after @grace seconds."""
    if proc is None:
        return None
    if proc.poll() is None:
        kill_group(proc, signal.SIGTERM)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            kill_group(proc, signal.SIGKILL)
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                pass
    return proc.returncode


def norm(s):
    return " ".join(s.split())


# --- IRC lines -------------------------------------------------------------

class Line:
    __slots__ = ("t", "raw", "nbytes", "prefix", "nick", "command", "params")

    def __init__(self, raw_bytes):
        self.t = time.monotonic()
        self.nbytes = len(raw_bytes)
        self.raw = raw_bytes.decode("utf-8", "replace")
        s = self.raw
        if s.startswith("@"):
            s = s.split(" ", 1)[1] if " " in s else ""
        self.prefix = None
        if s.startswith(":"):
            self.prefix, _, s = s[1:].partition(" ")
        self.nick = self.prefix.split("!", 1)[0] if self.prefix else None
        params = []
        s = s.lstrip(" ")
        while s:
            if s.startswith(":"):
                params.append(s[1:])
                break
            p, _, s = s.partition(" ")
            params.append(p)
            s = s.lstrip(" ")
        self.command = params.pop(0).upper() if params else ""
        self.params = params

    def last(self):
        return self.params[-1] if self.params else ""


def lower(s):
    # rfc1459 casemapping, InspIRCd's default
    return s.lower().translate(str.maketrans("[]\\~", "{}|^"))


class Client:
    """A plain-TCP IRC user that answers PINGs and records every line."""

    def __init__(self, nick, port):
        self.nick = nick
        self.lines = []
        self.cond = threading.Condition()
        self.closed = False
        self.sock = socket.create_connection((HOST, port), timeout=5)
        self.sock.settimeout(0.5)
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._reader, daemon=True)
        self.thread.start()

    def _reader(self):
        buf = b""
        while not self.closed:
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                continue
            except OSError:
                break
            if not data:
                break
            buf += data
            while b"\n" in buf:
                raw, buf = buf.split(b"\n", 1)
                raw = raw.rstrip(b"\r")
                if not raw:
                    continue
                line = Line(raw)
                if line.command == "PING":
                    self.send("PONG :" + line.last())
                with self.cond:
                    self.lines.append(line)
                    self.cond.notify_all()
        with self.cond:
            self.closed = True
            self.cond.notify_all()

    def send(self, *lines):
        data = "".join(l + "\r\n" for l in lines).encode("utf-8")
        with self.lock:
            try:
                self.sock.sendall(data)
            except OSError:
                pass

    def mark(self):
        with self.cond:
            return len(self.lines)

    def snapshot(self, since=0):
        with self.cond:
            return list(self.lines[since:])

    def wait_for(self, pred, timeout, since=0):
        """The first line at or after index @since matching @pred, or None."""
        deadline = time.monotonic() + timeout
        i = since
        with self.cond:
            while True:
                while i < len(self.lines):
                    if pred(self.lines[i]):
                        return self.lines[i]
                    i += 1
                left = deadline - time.monotonic()
                if left <= 0 or self.closed:
                    return None
                self.cond.wait(min(left, 0.25))

    def wait_until(self, fn, timeout):
        """Waits until fn() (called with the lines so far) is true."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                v = fn(self.lines)
                if v:
                    return v
                left = deadline - time.monotonic()
                if left <= 0:
                    return v
                self.cond.wait(min(left, 0.25))

    def register(self, timeout=10):
        self.send("NICK " + self.nick, "USER %s 0 * :%s test" %
                  (self.nick, self.nick))
        line = self.wait_for(lambda l: l.command in ("001", "433", "ERROR"),
                             timeout)
        return line is not None and line.command == "001"

    def join(self, channel, timeout=10):
        m = self.mark()
        self.send("JOIN " + channel)
        return self.wait_for(
            lambda l: l.command == "366" and len(l.params) > 1 and
            lower(l.params[1]) == lower(channel), timeout, m) is not None

    def close(self):
        self.closed = True
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        try:
            self.sock.close()
        except OSError:
            pass
        self.thread.join(2)


def bot_present(lines, channel, nick="newsbot"):
    """Whether @nick is in @channel according to what a member has seen."""
    here = False
    for l in lines:
        if l.command == "353" and len(l.params) >= 4 and \
                lower(l.params[2]) == lower(channel):
            names = [n.lstrip("~&@%+") for n in l.params[3].split()]
            if nick in names:
                here = True
        elif l.nick == nick:
            if l.command == "JOIN" and l.params and \
                    lower(l.params[0]) == lower(channel):
                here = True
            elif l.command == "PART" and l.params and \
                    lower(l.params[0]) == lower(channel):
                here = False
            elif l.command == "QUIT":
                here = False
        elif l.command == "KICK" and len(l.params) > 1 and \
                l.params[1] == nick:
            here = False
    return here


def bot_replies(lines, nick="newsbot"):
    return [l for l in lines if l.nick == nick and l.command == "PRIVMSG"]


def bot_quits(lines, nick="newsbot"):
    return [l for l in lines if l.nick == nick and l.command == "QUIT"]


# --- processes -------------------------------------------------------------

class Ircd:
    binary = "inspircd"

    def __init__(self, src, tmp, pingfreq=None, edit=None):
        self.tmp = tmp
        (self.client_port, self.ws_port, self.pass_port, self.tls_port,
         self.tcp_port, self.pass_tls_port, self.pass_tcp_port,
         self.wrong_tls_port) = free_ports(8)
        # The server's certificate (trusted by the bots through
        # NEWSBOT_CA_FILE) and one that names another host.
        self.cert, self.key = make_cert(tmp, "irc.test",
                                        "IP:127.0.0.1,DNS:localhost")
        self.wrong_cert, self.wrong_key = make_cert(
            tmp, "elsewhere.test", "DNS:elsewhere.test")
        with open(os.path.join(src, "tests", "e2e", "inspircd.conf.in")) as f:
            conf = f.read()
        for k, v in (("@CLIENT_PORT@", self.client_port),
                     ("@WS_PORT@", self.ws_port),
                     ("@PASS_PORT@", self.pass_port),
                     ("@TLS_PORT@", self.tls_port),
                     ("@TCP_PORT@", self.tcp_port),
                     ("@PASS_TLS_PORT@", self.pass_tls_port),
                     ("@PASS_TCP_PORT@", self.pass_tcp_port),
                     ("@WRONG_TLS_PORT@", self.wrong_tls_port),
                     ("@CERT@", self.cert), ("@KEY@", self.key),
                     ("@WRONG_CERT@", self.wrong_cert),
                     ("@WRONG_KEY@", self.wrong_key),
                     ("@PINGFREQ@", pingfreq or PINGFREQ)):
            conf = conf.replace(k, str(v))
        if edit:
            conf = edit(conf)
        self.conf = os.path.join(tmp, "inspircd.conf")
        with open(self.conf, "w") as f:
            f.write(conf)
        self.proc = None
        self.runs = 0

    def start(self, timeout=15):
        self.runs += 1
        self.log = os.path.join(self.tmp, "inspircd.%d.log" % self.runs)
        cmd = [self.binary, "--config", self.conf, "--nofork", "--nopid"]
        if os.geteuid() == 0:
            cmd.append("--runasroot")
        out = open(self.log, "wb")
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                     stdout=out, stderr=subprocess.STDOUT,
                                     cwd=self.tmp, start_new_session=True)
        out.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with open(self.log, "rb") as f:
                if b"InspIRCd is now running" in f.read():
                    return True
            if self.proc.poll() is not None:
                return False
            time.sleep(0.05)
        return False

    def stop(self):
        rc = stop_process(self.proc)
        self.proc = None
        return rc

    def url(self, scheme=None, locked=False):
        """The bot's IRC_URL for @scheme (default --scheme); @locked: the
        port that wants a password."""
        scheme = scheme or SCHEME
        if scheme == "ircs":
            return "ircs://%s:%d" % (
                HOST, self.pass_tls_port if locked else self.tls_port)
        if scheme == "irc":
            return "irc://%s:%d" % (
                HOST, self.pass_tcp_port if locked else self.tcp_port)
        return "ws://%s:%d/" % (HOST, self.pass_port if locked
                                else self.ws_port)

    def bot_env(self, scheme=None, locked=False):
        """IRC_URL, and NEWSBOT_CA_FILE for TLS."""
        env = {"IRC_URL": self.url(scheme, locked)}
        if (scheme or SCHEME) == "ircs":
            env["NEWSBOT_CA_FILE"] = self.cert
        return env


class Bot(BotProcess):
    def __init__(self, binary, src, tmp, name, **env):
        e = {
            "NEWSBOT_PLATFORMS": "irc",
            "NEWSBOT_KNOWLEDGE": os.path.join(src, "knowledge"),
            "IRC_CHANNELS": CHANNEL,
            "IRC_NICK": "newsbot",
            "NEWSBOT_NOW": NOW,
            "NEWSBOT_LOG_LEVEL": "info",
        }
        e.update({k: str(v) for k, v in env.items()})
        super().__init__(binary, tmp, name, e, argv=())

    def answered(self):
        """The bot's "answered=" log lines so far."""
        return [l for l in self.stderr().splitlines() if "answered=" in l]

    def wait_answered(self, n, timeout):
        deadline = time.monotonic() + timeout
        while True:
            got = len(self.answered())
            if got >= n or time.monotonic() >= deadline or \
                    self.proc.poll() is not None:
                return got
            time.sleep(0.05)

    def stop(self):
        return super().stop(grace=3)


# --- the test --------------------------------------------------------------

def run(binary, src, tmp, state):
    ircd = Ircd(src, tmp)
    state["ircd"] = ircd
    log("# the bot over %s (%s); ports: clients %d, websocket %d, tls %d, "
        "tcp %d, password %d/%d/%d; pingfreq %d s" %
        (SCHEME, ircd.url(), ircd.client_port, ircd.ws_port, ircd.tls_port,
         ircd.tcp_port, ircd.pass_port, ircd.pass_tls_port,
         ircd.pass_tcp_port, PINGFREQ))

    # 1. The server.
    require("1 inspircd starts and is ready", ircd.start(),
            tail(ircd.log, 20))

    # 2. The bot, and alice waiting for it in the channel.
    bot = Bot(binary, src, tmp, "bot", **ircd.bot_env(),
              NEWSBOT_RATE_USER="0", NEWSBOT_RATE_CHANNEL="0")
    state["bots"].append(bot)
    # A control for step 6: a bot that does not pace itself (IRC_RATE
    # 100/1) on the same strict port, in its own channel.
    flood = Bot(binary, src, tmp, "floodbot", **ircd.bot_env(),
                IRC_NICK="floodbot", IRC_CHANNELS="#flood", IRC_RATE="100/1",
                NEWSBOT_RATE_USER="0", NEWSBOT_RATE_CHANNEL="0")
    state["bots"].append(flood)
    alice = Client("alice", ircd.client_port)
    state["clients"].append(alice)
    require("2 alice registers", alice.register())
    require("2 alice joins " + CHANNEL, alice.join(CHANNEL))
    require("2 alice joins #flood", alice.join("#flood"))
    joined = alice.wait_until(lambda ls: bot_present(ls, CHANNEL), 20)
    require("2 newsbot registers and joins " + CHANNEL, joined,
            "bot status %s" % bot.proc.poll())
    session_start = time.monotonic()

    replies_expected = 0   # reply lines alice should have seen so far
    asked = 0              # questions the bot should have answered so far

    def ask(text, target=CHANNEL, want_lines=1, timeout=15):
        """Sends a question as alice; returns the reply lines (Line)."""
        nonlocal replies_expected, asked
        m = alice.mark()
        alice.send("PRIVMSG %s :%s" % (target, text))
        asked += 1
        replies_expected += want_lines
        dest = CHANNEL if target.startswith("#") else "alice"
        got = alice.wait_until(
            lambda ls: len([l for l in bot_replies(ls[m:])
                            if l.params and l.params[0] == dest])
            >= want_lines, timeout)
        lines = [l for l in bot_replies(alice.snapshot(m))
                 if l.params and l.params[0] == dest]
        if not got:
            check("reply to %r arrives within %d s" % (text, timeout), False,
                  "%d of %d lines" % (len(lines), want_lines))
        stray = [l for l in bot_replies(alice.snapshot(m))
                 if not l.params or l.params[0] != dest]
        if stray:
            check("reply to %r goes only to %s" % (text, dest), False,
                  stray[0].raw[:120])
        return lines[:want_lines]

    def text_of(lines, lead=""):
        return " ".join(l.last()[len(lead):] if l.last().startswith(lead)
                        else l.last() for l in lines)

    def form_check(name, lines, lead):
        check(name + ": every line <= 510 bytes",
              lines and all(l.nbytes <= 510 for l in lines),
              str([l.nbytes for l in lines]))
        if lead:
            check(name + ": every line starts with %r" % lead,
                  lines and all(l.last().startswith(lead) for l in lines),
                  str([l.last()[:20] for l in lines]))

    # 3. The addressing forms and a private message.
    cases = [
        ("newsbot: when is the hearing?", "when is the hearing?",
         "17 April 2025", CHANNEL),
        ("newsbot, who asked the court to lift the ban?",
         "who asked the court to lift the ban?", "Prosecutor General",
         CHANNEL),
        ("!news how many people died in the Moscow attack?",
         "how many people died in the Moscow attack?", "140", CHANNEL),
        ("when did russia ban the taliban?",
         "when did russia ban the taliban?", "2003", "newsbot"),
    ]
    for text, question, fact, target in cases:
        want = cli_answer(binary, src, question)
        paragraphs = [p for p in want.split("\n") if p.strip()]
        lines = ask(text, target, max(1, min(ANSWER_LINES, len(paragraphs))))
        lead = "alice: " if target == CHANNEL else ""
        name = "3 %s %r" % ("private" if target != CHANNEL else "channel",
                            text)
        got = text_of(lines, lead)
        check(name + " -> %r" % fact, fact in got, repr(got[:200]))
        if target != CHANNEL:
            check(name + ": answered by PRIVMSG to alice, not in " +
                  CHANNEL, lines and lines[0].params[0] == "alice" and
                  not [l for l in bot_replies(alice.snapshot())
                       if l.params[0] == CHANNEL and l.t >= lines[0].t])
        form_check(name, lines, lead)
        check(name + ": complete (same text as the command line)",
              norm(got) == norm(" ".join(paragraphs[:ANSWER_LINES])),
              "got %r, want %r" % (got[:160], want[:160]))

    # A many-line answer: each line in the budget and addressed to alice.
    want = cli_answer(binary, src, "timeline")
    paragraphs = [p for p in want.split("\n") if p.strip()]
    n = max(1, min(ANSWER_LINES, len(paragraphs)))
    lines = ask("newsbot: timeline", CHANNEL, n)
    form_check("3 'newsbot: timeline' (%d lines)" % n, lines, "alice: ")
    check("3 'newsbot: timeline' -> %d lines with the key dates" % n,
          len(lines) == n and "2003" in text_of(lines, "alice: "),
          repr(text_of(lines, "alice: ")[:200]))

    # 4. A follow-up in the same channel.
    lines = ask("newsbot: tell me about the concert hall attack")
    check("4 'tell me about the concert hall attack' -> 'concert hall'",
          "concert hall" in text_of(lines), repr(text_of(lines)[:200]))
    lines = ask("newsbot: when was that?")
    check("4 follow-up 'when was that?' -> 'March 2024'",
          "March 2024" in text_of(lines), repr(text_of(lines)[:200]))

    # 5. Another bot, unaddressed chat, and the bot's own echoes.
    other = Client("otherbot", ircd.client_port)
    state["clients"].append(other)
    require("5 otherbot registers", other.register())
    require("5 otherbot joins " + CHANNEL, other.join(CHANNEL))
    # The control: before +B, otherbot is just a user and gets an answer.
    m = alice.mark()
    other.send("PRIVMSG %s :newsbot: when is the hearing?" % CHANNEL)
    asked += 1
    replies_expected += 1
    got = alice.wait_for(lambda l: l.nick == "newsbot" and
                         l.command == "PRIVMSG" and
                         l.last().startswith("otherbot: "), 15, m)
    check("5 control: otherbot without +B gets an answer",
          got is not None and "17 April 2025" in got.last())
    m = other.mark()
    other.send("MODE otherbot +B")
    check("5 otherbot sets user mode +B",
          other.wait_for(lambda l: l.command == "MODE" and "+B" in
                         " ".join(l.params), 5, m) is not None)
    m = alice.mark()
    answered_before = len(bot.answered())
    other.send("PRIVMSG %s :newsbot: when is the hearing?" % CHANNEL)
    alice.send("PRIVMSG %s :looks like newsbot is here" % CHANNEL,
               "PRIVMSG %s :the hearing is on the 17th, I think" % CHANNEL)
    seen = alice.wait_for(lambda l: l.nick == "otherbot" and
                          l.command == "PRIVMSG", 5, m)
    check("5 alice sees otherbot's question", seen is not None)
    time.sleep(4)
    extra = bot_replies(alice.snapshot(m))
    check("5 no answer to a +B bot or to unaddressed chat (4 s)",
          not extra and len(bot.answered()) == answered_before,
          "; ".join(l.raw[:100] for l in extra))
    all_replies = bot_replies(alice.snapshot())
    check("5 the bot sent exactly %d reply lines so far (none to its own "
          "echoes)" % replies_expected,
          len(all_replies) == replies_expected,
          "got %d" % len(all_replies))
    check("5 the bot logged exactly %d answers so far" % asked,
          len(bot.answered()) == asked, "got %d" % len(bot.answered()))
    other.send("QUIT :bye")
    other.close()

    # 6. A burst of 30 questions under a flood limit that kills flooders.
    m = alice.mark()
    base = len(bot.answered())
    t0 = time.monotonic()
    alice.send(*["PRIVMSG %s :newsbot: %s" % (CHANNEL, q) for q, _ in BURST])
    got = bot.wait_answered(base + len(BURST), 15)
    check("6 the bot logged an answer for each of the %d questions" %
          len(BURST), got - base == len(BURST), "got %d" % (got - base))
    unknown = [l for l in bot.answered()[base:] if "answered=true" not in l]
    check("6 ... and knew every answer (answered=true)", not unknown,
          "; ".join(unknown[:3]))
    dead = lambda ls: bot_quits(ls[m:]) or not bot_present(ls, CHANNEL)
    alice.wait_until(lambda ls: dead(ls) or
                     len(bot_replies(ls[m:])) >= len(BURST), 90)
    took = time.monotonic() - t0
    lines = bot_replies(alice.snapshot(m))
    quits = bot_quits(alice.snapshot(m))
    check("6 all %d answers arrived (%d lines in %.1f s)" %
          (len(BURST), len(lines), took), len(lines) == len(BURST))
    check("6 the bot was not killed (no QUIT, no Excess Flood)",
          not quits, "; ".join(q.raw for q in quits))
    check("6 the bot is still in " + CHANNEL,
          bot_present(alice.snapshot(), CHANNEL))
    wrong = [(i, q, f) for i, ((q, f), l) in enumerate(zip(BURST, lines))
             if f.lower() not in l.last().lower()]
    check("6 each answer has its fact, in order",
          len(lines) == len(BURST) and not wrong,
          "; ".join("#%d %r wants %r, got %r" %
                    (i, q, f, lines[i].last()[:120]) for i, q, f in wrong[:3]))
    form_check("6 burst", lines, "alice: ")
    if len(lines) >= 10:
        # 4 lines of burst, then 1 line a second: the last of 30 lines
        # cannot come sooner than ~20 s after the first.
        span = lines[-1].t - lines[0].t
        check("6 the replies were paced (%.1f s for %d lines)" %
              (span, len(lines)), span >= len(lines) - 4 - 6)
    replies_expected += len(BURST)
    asked += len(BURST)

    # The control: the same burst kills a bot that does not pace itself, so
    # the limit the bot survived is real.
    here = alice.wait_until(lambda ls: bot_present(ls, "#flood", "floodbot"),
                            5)
    m = alice.mark()
    alice.send(*["PRIVMSG #flood :floodbot: %s" % q for q, _ in BURST[:20]])
    killed = alice.wait_for(lambda l: l.nick == "floodbot" and
                            l.command == "QUIT", 15, m)
    check("6 control: an unpaced bot (IRC_RATE=100/1) on the same port is "
          "killed (%s)" % (killed.last() if killed else "not killed"),
          here and killed is not None and "Excess Flood" in killed.last())
    flood.stop()

    # 8 (first session). Pings answered all along.
    pings = [l for l in alice.snapshot() if l.command == "PING"]
    session = time.monotonic() - session_start
    first_quits = bot_quits(alice.snapshot())
    check("8 before the restart: the server pinged (alice saw %d PINGs "
          "over %.0f s)" %
          (len(pings), session), len(pings) >= 2)
    check("8 before the restart: the bot survived %.0f s of %d s pings "
          "(no QUIT seen)" %
          (session, PINGFREQ), not first_quits,
          "; ".join(q.raw for q in first_quits))

    # 7. Server restart: the bot reconnects and rejoins.
    alice_before = alice
    rc = ircd.stop()
    check("7 inspircd stops on SIGTERM", rc is not None)
    alice_before.close()
    t0 = time.monotonic()
    require("7 inspircd starts again on the same ports", ircd.start(),
            tail(ircd.log, 20))
    alice = Client("alice", ircd.client_port)
    state["clients"].append(alice)
    require("7 alice reconnects", alice.register())
    require("7 alice rejoins " + CHANNEL, alice.join(CHANNEL))
    back = alice.wait_until(lambda ls: bot_present(ls, CHANNEL), 20)
    require("7 the bot reconnects and rejoins within 20 s (%.1f s)" %
            (time.monotonic() - t0), back, tail(bot.stderr_path, 10))
    session_start = time.monotonic()
    lines = ask("newsbot: when is the hearing?")
    check("7 answers again after the restart -> '17 April 2025'",
          "17 April 2025" in text_of(lines), repr(text_of(lines)[:200]))
    form_check("7 after restart", lines, "alice: ")

    # 8. Still connected after more pings.
    left = 3 * PINGFREQ + 1 - (time.monotonic() - session_start)
    if left > 0:
        time.sleep(left)
    quits = bot_quits(alice.snapshot())
    check("8 the bot is still connected after %.0f s on the new server "
          "(no Ping timeout)" % (time.monotonic() - session_start),
          not quits and bot_present(alice.snapshot(), CHANNEL) and
          bot.proc.poll() is None, "; ".join(q.raw for q in quits))

    # 9. Clean shutdown on SIGTERM.
    m = alice.mark()
    t0 = time.monotonic()
    bot.proc.send_signal(signal.SIGTERM)
    quit_line = alice.wait_for(lambda l: l.nick == "newsbot" and
                               l.command == "QUIT", 2, m)
    check("9 alice sees newsbot QUIT within 2 s of SIGTERM",
          quit_line is not None)
    if quit_line is not None:
        check("9 the server took the bot's QUIT (reason %r, not a "
              "server-side close)" % quit_line.last(),
              "Ping timeout" not in quit_line.last() and
              "Excess Flood" not in quit_line.last() and
              "Connection closed" not in quit_line.last())
    try:
        rc = bot.proc.wait(max(0.1, 3 - (time.monotonic() - t0)))
    except subprocess.TimeoutExpired:
        rc = None
    check("9 the bot exits with status 0 within 3 s (%r after %.1f s)" %
          (rc, time.monotonic() - t0), rc == 0)
    err = bot.stderr()
    check("9 the bot's log has no sanitizer or crash report",
          not re.search(r"AddressSanitizer|LeakSanitizer|runtime error:|"
                        r"Segmentation", err))

    # The same for a bot that has just joined (no traffic, no reconnects).
    fresh = Bot(binary, src, tmp, "freshbot", **ircd.bot_env(),
                IRC_NICK="newsbot2")
    state["bots"].append(fresh)
    joined = alice.wait_for(lambda l: l.nick == "newsbot2" and
                            l.command == "JOIN", 20)
    if check("9 a second bot joins " + CHANNEL, joined is not None):
        time.sleep(1)
        m = alice.mark()
        t0 = time.monotonic()
        fresh.proc.send_signal(signal.SIGTERM)
        quit_line = alice.wait_for(lambda l: l.nick == "newsbot2" and
                                   l.command == "QUIT", 2, m)
        try:
            rc = fresh.proc.wait(max(0.1, 3 - (time.monotonic() - t0)))
        except subprocess.TimeoutExpired:
            rc = None
        check("9 SIGTERM 1 s after joining: QUIT within 2 s, exit status 0 "
              "within 3 s (%r after %.1f s)" % (rc, time.monotonic() - t0),
              quit_line is not None and rc == 0)

    # 10. A password the server rejects.
    t0 = time.monotonic()
    pw = Bot(binary, src, tmp, "pwbot", **ircd.bot_env(locked=True),
             IRC_NICK="pwbot", IRC_PASSWORD=BAD_PASSWORD)
    state["bots"].append(pw)
    try:
        rc = pw.proc.wait(15)
    except subprocess.TimeoutExpired:
        rc = None
    took = time.monotonic() - t0
    err = pw.stderr()
    check("10 a rejected password: exit status 2 within 15 s (%r after "
          "%.1f s)" % (rc, took), rc == 2, tail(pw.stderr_path, 10))
    check("10 the log says the credentials were rejected",
          "credentials rejected" in err.lower())
    check("10 the log never shows the password", BAD_PASSWORD not in err)
    tries = len(re.findall(r"(websocket|tcp): connecting", err))
    check("10 no reconnect loop (connected once)", tries == 1,
          "%d connection attempts" % tries)

    if SCHEME == "ircs":
        untrusted(binary, src, tmp, state, ircd, alice)


def untrusted(binary, src, tmp, state, ircd, alice):
    """11, 12: certificates the bot must refuse, before sending a byte."""
    for step, nick, env, want in (
            ("11 a certificate the bot does not trust (no NEWSBOT_CA_FILE)",
             "trustbot", {"IRC_URL": ircd.url()},
             "self-signed certificate"),
            ("12 a trusted certificate naming another host",
             "namebot", {"IRC_URL": "ircs://%s:%d" % (HOST,
                                                       ircd.wrong_tls_port),
                         "NEWSBOT_CA_FILE": ircd.wrong_cert},
             "mismatch")):
        m = alice.mark()
        b = Bot(binary, src, tmp, nick, IRC_NICK=nick, **env)
        state["bots"].append(b)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and \
                len(re.findall(r"tls: refused the server", b.stderr())) < 2:
            time.sleep(0.1)
        err = b.stderr()
        refusals = [l for l in err.splitlines()
                    if "tls: refused the server" in l]
        check(step + ": refused with a clear error naming the cause and "
              "NEWSBOT_CA_FILE", refusals and want in refusals[0] and
              "NEWSBOT_CA_FILE" in refusals[0] and " error" in refusals[0],
              tail(b.stderr_path, 6))
        check(step + ": retried with the backoff, still running",
              len(refusals) >= 2 and b.proc.poll() is None,
              "%d refusals, status %r" % (len(refusals), b.proc.poll()))
        seen = alice.wait_for(lambda l: l.nick == nick, 0.5, m)
        check(step + ": the bot never registered (alice saw nothing of it)",
              seen is None, seen.raw if seen else "")
        b.stop()


def stop_ircd(state, failed):
    for c in state["clients"]:
        c.close()
    if state["ircd"] is not None:
        state["ircd"].stop()
        if failed and state["ircd"].runs:
            log("--- inspircd output (tail) ---")
            log(tail(state["ircd"].log, 20))


def main():
    global SCHEME
    for a in sys.argv[1:]:
        if a.startswith("--scheme="):
            SCHEME = a.split("=", 1)[1]
            sys.argv.remove(a)
    if SCHEME not in ("ws", "ircs", "irc"):
        sys.stderr.write("irc_e2e.py: --scheme must be ws, ircs or irc\n")
        return 2
    a = args("irc_e2e.py")
    if a is None:
        return 2
    binary, src = a
    # Debian installs it in /usr/sbin, which a normal user's PATH lacks.
    ircd = shutil.which("inspircd", path=os.pathsep.join(
        [os.environ.get("PATH", ""), "/usr/sbin", "/usr/local/sbin", "/sbin"]))
    if ircd is None:
        log("skip: inspircd is not installed")
        return SKIP
    Ircd.binary = ircd

    state = {"clients": [], "ircd": None, "bots": []}
    if shutil.which("openssl") is None:
        log("skip: the openssl command is not installed")
        return SKIP
    return run_test(binary, src, "newsbot-irc-e2e-", OVERALL_LIMIT, run,
                    state, stop_ircd)


if __name__ == "__main__":
    sys.exit(main())
