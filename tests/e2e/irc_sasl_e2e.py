#!/usr/bin/env python3
"""e2e.irc.sasl: newsbot's SASL against real services: InspIRCd 3 linked
to Atheme 7.2 (NickServ, SaslServ) on loopback, the bot over TLS.

usage: irc_sasl_e2e.py PATH/TO/newsbot SOURCE_DIR

Registers accounts through NickServ as a plain IRC user would, then runs
the bot with SASL PLAIN (the right password: it logs in, joins and
answers; a wrong one: exit status 2, no retry, the password never in its
log) and with SASL EXTERNAL (a client certificate whose fingerprint the
account holds: it logs in; one the account does not hold: exit status 2).
Python 3 standard library only; every wait is bounded. Exits 0 if every
check passed, 1 if not, 77 if inspircd, atheme-services or openssl is not
installed.
"""

import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import irc_e2e as irc  # noqa: E402
from e2elib import (args, check, log, require, run_test,  # noqa: E402
                    tail)

SKIP = 77
OVERALL_LIMIT = 150  # ctest's TIMEOUT is 180
PLAIN_PASSWORD = "p@ss:w0rd-Zq!"
WRONG_PASSWORD = "wrong-Pw-4471"

# What InspIRCd needs to link the services and relay SASL to them.
SERVICES_CONF = """
<module name="spanningtree">
<module name="services_account">
<module name="sasl">
<module name="sslinfo">
<sasl target="services.test">
<bind address="127.0.0.1" port="@LINK_PORT@" type="servers">
<link name="services.test" ipaddr="127.0.0.1" port="@LINK_PORT@"
      allowmask="127.0.0.0/8" sendpass="linkpw-in" recvpass="linkpw-out">
<uline server="services.test" silent="yes">
"""


class Services:
    def __init__(self, src, tmp, link_port):
        self.tmp = tmp
        self.data = os.path.join(tmp, "atheme-data")
        os.makedirs(self.data, exist_ok=True)
        self.log = os.path.join(tmp, "atheme.log")
        self.out = os.path.join(tmp, "atheme.out")
        with open(os.path.join(src, "tests", "e2e", "atheme.conf.in")) as f:
            conf = f.read()
        conf = conf.replace("@LINK_PORT@", str(link_port))
        conf = conf.replace("@LOG@", self.log)
        self.conf = os.path.join(tmp, "atheme.conf")
        with open(self.conf, "w") as f:
            f.write(conf)
        self.proc = None

    def start(self, binary, timeout=20):
        out = open(self.out, "wb")
        self.proc = subprocess.Popen(
            [binary, "-n", "-c", self.conf, "-D", self.data, "-l", self.log,
             "-p", os.path.join(self.tmp, "atheme.pid")],
            stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            cwd=self.tmp, start_new_session=True)
        out.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with open(self.out, "rb") as f:
                if b"finished synching with uplink" in f.read():
                    return True
            if self.proc.poll() is not None:
                return False
            time.sleep(0.1)
        return False

    def stop(self):
        irc.stop_process(self.proc)
        self.proc = None


def tls_client(port, cafile, cert, key):
    ctx = ssl.create_default_context(cafile=cafile)
    ctx.load_cert_chain(cert, key)
    raw = socket.create_connection((irc.HOST, port), timeout=5)
    return ctx.wrap_socket(raw, server_hostname=irc.HOST)


def register(sock, nick, password, cert_add=False, timeout=15):
    """Registers @nick with NickServ over @sock (and adds the connection's
    certificate fingerprint). Return: what NickServ said, or None."""
    said = []
    buf = b""
    sock.settimeout(0.5)
    sock.sendall(("NICK %s\r\nUSER %s 0 * :%s\r\n" %
                  (nick, nick, nick)).encode())
    state = "welcome"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and state != "done":
        try:
            data = sock.recv(65536)
        except (socket.timeout, ssl.SSLError):
            continue
        if not data:
            break
        buf += data
        while b"\r\n" in buf:
            raw, buf = buf.split(b"\r\n", 1)
            line = raw.decode("utf-8", "replace")
            if line.startswith("PING"):
                sock.sendall(("PONG" + line[4:] + "\r\n").encode())
            elif state == "welcome" and " 001 " in line:
                sock.sendall(("PRIVMSG NickServ :REGISTER %s %s@example.com"
                              "\r\n" % (password, nick)).encode())
                state = "register"
            elif line.startswith(":NickServ!") and " NOTICE " in line:
                said.append(line)
                if state == "register" and "is now registered" in line:
                    if cert_add:
                        sock.sendall(b"PRIVMSG NickServ :CERT ADD\r\n")
                        state = "cert"
                    else:
                        state = "done"
                elif state == "cert" and "added" in line.lower():
                    state = "done"
    try:
        sock.sendall(b"QUIT :registered\r\n")
        sock.close()
    except OSError:
        pass
    return said if state == "done" else None


def run(binary, src, tmp, state):
    link_port = irc.free_ports(1)[0]
    ircd = irc.Ircd(src, tmp, pingfreq=30, edit=lambda c: c.replace(
        '<server name="irc.test"', '<server name="irc.test" id="00A"') +
        SERVICES_CONF.replace("@LINK_PORT@", str(link_port)))
    state["ircd"] = ircd
    require("1 inspircd starts", ircd.start(), tail(ircd.log, 20))
    services = Services(src, tmp, link_port)
    state["services"] = services
    require("1 atheme links to it", services.start(state["atheme"]),
            tail(services.out, 20))

    # 2. SASL PLAIN with the right password, over TLS.
    said = register(socket.create_connection((irc.HOST, ircd.client_port),
                                             timeout=5),
                    "saslbot", PLAIN_PASSWORD)
    require("2 NickServ registers the account saslbot", said, repr(said))
    alice = irc.Client("alice", ircd.client_port)
    state["clients"].append(alice)
    require("2 alice registers and joins", alice.register() and
            alice.join(irc.CHANNEL))
    bot = irc.Bot(binary, src, tmp, "saslbot", **ircd.bot_env("ircs"),
                  IRC_NICK="saslbot", IRC_SASL_USER="saslbot",
                  IRC_SASL_PASSWORD=PLAIN_PASSWORD,
                  NEWSBOT_LOG_LEVEL="debug")
    state["bots"].append(bot)
    joined = alice.wait_until(
        lambda ls: irc.bot_present(ls, irc.CHANNEL, "saslbot"), 20)
    check("2 PLAIN: the bot logs in and joins", joined,
          tail(bot.stderr_path, 10))
    m = alice.mark()
    alice.send("PRIVMSG %s :saslbot: when is the hearing?" % irc.CHANNEL)
    got = alice.wait_for(lambda l: l.nick == "saslbot" and
                         l.command == "PRIVMSG", 15, m)
    check("2 PLAIN: ... and answers", got is not None and
          "17 April 2025" in got.last())
    err = bot.stderr()
    check("2 PLAIN: the log says it logged in to account saslbot",
          "logged in to account saslbot" in err and
          "SASL PLAIN authentication succeeded" in err)
    check("2 PLAIN: the password is nowhere in the debug log",
          PLAIN_PASSWORD not in err and "AUTHENTICATE c2Fz" not in err)
    bot.stop()

    # 3. A wrong password: exit status 2, once.
    t0 = time.monotonic()
    wrong = irc.Bot(binary, src, tmp, "wrongbot", **ircd.bot_env("ircs"),
                    IRC_NICK="wrongbot", IRC_SASL_USER="saslbot",
                    IRC_SASL_PASSWORD=WRONG_PASSWORD,
                    NEWSBOT_LOG_LEVEL="debug")
    state["bots"].append(wrong)
    try:
        rc = wrong.proc.wait(20)
    except subprocess.TimeoutExpired:
        rc = None
    err = wrong.stderr()
    check("3 a wrong password: exit status 2 (%r after %.1f s)" %
          (rc, time.monotonic() - t0), rc == 2, tail(wrong.stderr_path, 8))
    check("3 the log says the credentials were rejected (904)",
          "credentials rejected" in err and "904" in err)
    check("3 the password is nowhere in the log", WRONG_PASSWORD not in err)
    tries = len(re.findall(r"tcp: connecting", err))
    check("3 no reconnect loop (connected once)", tries == 1,
          "%d attempts" % tries)

    # 5 (before 4, while alice is here). An account and password whose
    # PLAIN payload is 400 bytes of base64: one full line and then
    # "AUTHENTICATE +", which real services must take as its end. Atheme
    # 7.2 takes passwords of at most 255 bytes and (found here) refuses a
    # payload of 300 bytes whatever its line breaks, so: a 22-byte account
    # twice, the separators and a 253-byte password, 299 bytes, whose
    # base64 is 400 bytes ending in "=". (unit.irc_adapter checks 300.)
    user = "chunkbot0123456789abcd"
    long_pw = ("Lp-" + "x9" * 200)[:253]
    assert 2 * len(user) + 2 + len(long_pw) == 299
    said = register(socket.create_connection((irc.HOST, ircd.client_port),
                                             timeout=5),
                    user, long_pw)
    if check("5 NickServ registers a 22-byte account with a 253-byte "
             "password", said, repr(said)):
        chunk = irc.Bot(binary, src, tmp, "chunkbot", **ircd.bot_env("ircs"),
                        IRC_NICK=user, IRC_SASL_USER=user,
                        IRC_SASL_PASSWORD=long_pw)
        state["bots"].append(chunk)
        joined = alice.wait_until(
            lambda ls: irc.bot_present(ls, irc.CHANNEL, user), 20)
        check("5 a payload of exactly 400 bytes of base64 (then '+') logs "
              "in", joined and "logged in to account " + user in
              chunk.stderr(), tail(chunk.stderr_path, 8))
        chunk.stop()

    # 4. SASL EXTERNAL: a certificate the account holds, then one it does not.
    cert, key = irc.make_cert(tmp, "certbot", "DNS:certbot.test")
    other, other_key = irc.make_cert(tmp, "stranger", "DNS:stranger.test")
    said = register(tls_client(ircd.tls_port, ircd.cert, cert, key),
                    "certbot", "cert-pw-9Xq", cert_add=True)
    require("4 NickServ registers certbot and adds its certificate", said,
            repr(said))
    ext = irc.Bot(binary, src, tmp, "certbot", **ircd.bot_env("ircs"),
                  IRC_NICK="certbot", IRC_SASL_MECH="EXTERNAL",
                  IRC_TLS_CERT=cert, IRC_TLS_KEY=key)
    state["bots"].append(ext)
    joined = alice.wait_until(
        lambda ls: irc.bot_present(ls, irc.CHANNEL, "certbot"), 20)
    check("4 EXTERNAL: the bot logs in with its certificate and joins",
          joined and "logged in to account certbot" in ext.stderr(),
          tail(ext.stderr_path, 10))
    ext.stop()
    t0 = time.monotonic()
    stranger = irc.Bot(binary, src, tmp, "strangerbot",
                       **ircd.bot_env("ircs"), IRC_NICK="strangerbot",
                       IRC_SASL_MECH="EXTERNAL", IRC_TLS_CERT=other,
                       IRC_TLS_KEY=other_key)
    state["bots"].append(stranger)
    try:
        rc = stranger.proc.wait(20)
    except subprocess.TimeoutExpired:
        rc = None
    check("4 EXTERNAL with a certificate no account holds: exit status 2 "
          "(%r after %.1f s)" % (rc, time.monotonic() - t0), rc == 2,
          tail(stranger.stderr_path, 8))


def teardown(state, failed):
    for c in state["clients"]:
        c.close()
    if state.get("services"):
        state["services"].stop()
        if failed:
            log("--- atheme output (tail) ---")
            log(tail(state["services"].out, 20))
    if state["ircd"] is not None:
        state["ircd"].stop()
        if failed and state["ircd"].runs:
            log("--- inspircd output (tail) ---")
            log(tail(state["ircd"].log, 20))


def main():
    a = args("irc_sasl_e2e.py")
    if a is None:
        return 2
    binary, src = a
    path = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin",
                            "/usr/local/sbin", "/sbin"])
    ircd = shutil.which("inspircd", path=path)
    atheme = shutil.which("atheme-services", path=path)
    if ircd is None or atheme is None or shutil.which("openssl") is None:
        log("skip: inspircd, atheme-services or openssl is not installed")
        return SKIP
    irc.Ircd.binary = ircd
    state = {"clients": [], "ircd": None, "services": None, "bots": [],
             "atheme": atheme}
    return run_test(binary, src, "newsbot-irc-sasl-e2e-", OVERALL_LIMIT, run,
                    state, teardown)


if __name__ == "__main__":
    sys.exit(main())
