"""What the e2e tests share: the ok/FAIL harness, the command line's own
answer to a question (the expectation a chat answer is held to), the
HTTP/1.1 request reading of the fake platforms, and the disconnect counts
of the bot's /metrics. Python standard library only."""

import asyncio
import json
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
import traceback
import urllib.parse
import urllib.request

NOW = "2025-04-03"  # the bots' clock in every e2e test


class Abort(Exception):
    """A step failed in a way that makes the following steps pointless."""


class Timeout(Exception):
    pass


results = {"passed": 0, "failed": 0}


def log(msg):
    print(msg, flush=True)


def check(name, ok, detail=""):
    if ok:
        results["passed"] += 1
        log("ok   " + name)
    else:
        results["failed"] += 1
        log("FAIL " + name + (": " + detail if detail else ""))
    return ok


def require(name, ok, detail=""):
    if not check(name, ok, detail):
        raise Abort(name)


def dumps(obj):
    return json.dumps(obj, separators=(",", ":"))


def tail(path, n=40):
    try:
        with open(path, "rb") as f:
            lines = f.read().decode("utf-8", "replace").splitlines()
    except OSError:
        return "(no file)"
    return "\n".join(lines[-n:])


def cli_answer(binary, src, question):
    """The command line's answer to a stand-alone question."""
    r = subprocess.run([binary, "--knowledge", os.path.join(src, "knowledge"),
                        "--now", NOW, "ask", question],
                       stdin=subprocess.DEVNULL, capture_output=True,
                       timeout=20)
    return r.stdout.decode("utf-8", "replace").strip()


def free_port(host="127.0.0.1"):
    """A loopback port free right now (for NEWSBOT_HTTP)."""
    s = socket.socket()
    s.bind((host, 0))
    port = s.getsockname()[1]
    s.close()
    return port


def disconnects(port, platform, host="127.0.0.1"):
    """{reason: count} of newsbot_disconnects_total{platform=...} from the
    bot's /metrics on @port; {} if it does not answer."""
    try:
        with urllib.request.urlopen("http://%s:%d/metrics" % (host, port),
                                    timeout=2) as r:
            text = r.read().decode()
    except OSError:
        return {}
    pat = re.compile(r'^newsbot_disconnects_total\{platform="%s",'
                     r'reason="([a-z_]+)"\} ([0-9]+)$' % re.escape(platform),
                     re.M)
    return {m.group(1): int(m.group(2)) for m in pat.finditer(text)}


def check_disconnects(name, port, platform, before, want, timeout=3):
    """Checks that since the scrape @before the platform's disconnects grew
    by @want ({reason: n}) and no other reason grew; waits up to @timeout
    seconds for the counts to arrive. Return: the new scrape."""
    def grown(now):
        return {r: v - before.get(r, 0) for r, v in now.items()
                if v != before.get(r, 0)}
    end = time.monotonic() + timeout
    now = disconnects(port, platform)
    while grown(now) != want and time.monotonic() < end:
        time.sleep(0.1)
        now = disconnects(port, platform)
    check("%s: /metrics newsbot_disconnects_total{platform=\"%s\"} grew by "
          "%r" % (name, platform, want), grown(now) == want,
          "grew by %r (now %r)" % (grown(now), now))
    return now


BAD_REQUEST = "bad request line"


async def read_head(reader):
    """(method, target, headers with lower-case names) of the next request
    on @reader; None once the peer is gone or silent for 30 s;
    BAD_REQUEST for a malformed request line."""
    try:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)
    except (asyncio.IncompleteReadError, asyncio.TimeoutError,
            asyncio.LimitOverrunError, ConnectionError):
        return None
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3:
        return BAD_REQUEST
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    return parts[0], parts[1], headers


async def read_body(reader, writer, headers):
    """The request's body: chunked or Content-Length (answering
    Expect: 100-continue)."""
    body = b""
    if "chunked" in headers.get("transfer-encoding", "").lower():
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            chunk = await reader.readexactly(size + 2)
            if size == 0:
                return body
            body += chunk[:-2]
    n = int(headers.get("content-length", "0") or 0)
    if headers.get("expect", "").lower() == "100-continue":
        writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
    return await reader.readexactly(n) if n else b""


def args(script):
    """(binary, source dir) from the command line, or None (usage shown)."""
    if len(sys.argv) != 3:
        sys.stderr.write("usage: %s PATH/TO/newsbot SOURCE_DIR\n" % script)
        return None
    return os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])


def stop_fake(state, failed):
    """The teardown of the tests whose server is a fake in state["fake"]."""
    if state["fake"] is not None:
        state["fake"].stop()


def run_test(binary, src, prefix, limit, run, state, teardown):
    """Runs run(binary, src, tmp, state) within @limit seconds; an Abort
    ends it early, a timeout or a bug in the test fails it. Then stops
    state["bots"], calls teardown(state, failed) for the rest, shows the
    bots' logs if a check failed and prints the summary. Return: the exit
    status, 0 when every check passed."""
    def on_alarm(signum, frame):
        raise Timeout("the test ran over %d s" % limit)

    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(limit)
    tmp = tempfile.mkdtemp(prefix=prefix)
    started = time.monotonic()
    try:
        run(binary, src, tmp, state)
    except Abort as e:
        log("stopping early: a required step failed (%s)" % e)
    except Timeout as e:
        check("the test finishes in time", False, str(e))
    except Exception as e:  # a bug in the test itself still fails it
        check("the test ran without an error", False, repr(e))
        traceback.print_exc()
    finally:
        signal.alarm(0)
        for b in state["bots"]:
            b.stop()
        teardown(state, results["failed"] > 0)
        if results["failed"]:
            for b in state["bots"]:
                log("--- %s stderr (tail) ---" % b.name)
                log(tail(b.stderr_path, 40))
        if os.environ.get("E2E_KEEP"):
            log("E2E_KEEP: the run's folder stays: %s" % tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    log("%d passed, %d failed (%.0f s)" %
        (results["passed"], results["failed"], time.monotonic() - started))
    return 0 if results["failed"] == 0 and results["passed"] > 0 else 1


class BotProcess:
    """A newsbot run in its own process group and folder under @tmp, its
    stderr in @tmp/NAME.stderr, with no NEWSBOT_ or platform key from the
    caller's environment but those in @env."""

    KEYS = ("NEWSBOT_", "IRC_", "SLACK_", "DISCORD_", "MATTERMOST_")

    def __init__(self, binary, tmp, name, env, argv=("run",)):
        self.name = name
        self.stderr_path = os.path.join(tmp, name + ".stderr")
        self.cwd = os.path.join(tmp, name)
        os.makedirs(self.cwd, exist_ok=True)
        e = {k: v for k, v in os.environ.items()
             if not k.startswith(self.KEYS)}
        e.update(env)
        self.killed = False
        self.t0 = time.monotonic()
        err = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen([binary] + list(argv),
                                     stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=err,
                                     cwd=self.cwd, env=e,
                                     start_new_session=True)
        err.close()

    def stderr(self):
        try:
            with open(self.stderr_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def alive(self):
        return self.proc.poll() is None

    def wait(self, timeout):
        """The exit status once it exits within @timeout, else None."""
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def _signal(self, sig):
        try:
            os.killpg(self.proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass

    def stop(self, grace=5):
        """SIGTERM, then SIGKILL after @grace seconds; the exit status."""
        if self.proc.poll() is None:
            self._signal(signal.SIGTERM)
            try:
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                self._signal(signal.SIGKILL)
                try:
                    self.proc.wait(5)
                except subprocess.TimeoutExpired:
                    pass
        return self.proc.returncode

    def kill(self):
        """SIGKILL at once: no goodbye, nothing flushed."""
        self.killed = True
        self._signal(signal.SIGKILL)
        self.proc.wait(5)


class FakeServer:
    """A fake platform: an asyncio server on its own thread, on a free
    loopback port. The test thread reads its records under self.cond
    (wait, snapshot) and runs code on its loop (call). Subclasses give
    _client(reader, writer) and may extend _boot and _halt."""

    HOST = "127.0.0.1"

    def __init__(self):
        self.cond = threading.Condition()
        self.loop = None
        self.port = None
        self.server = None
        self.conns = []           # every WebSocket connection
        self.errors = []          # protocol errors the fake saw
        self.internal = []        # exceptions inside the fake itself
        self.stopping = False
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def start(self):
        self.thread.start()
        if not self.ready.wait(10):
            raise Abort("the fake server did not start")

    def _run(self):
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)

        def on_error(loop, context):
            with self.cond:
                self.internal.append("%s: %r" % (context.get("message"),
                                                 context.get("exception")))
            loop.default_exception_handler(context)

        self.loop.set_exception_handler(on_error)
        self.loop.run_until_complete(self._boot())
        self.ready.set()
        self.loop.run_forever()

    async def _boot(self):
        self.server = await asyncio.start_server(self._client, self.HOST, 0,
                                                 limit=1 << 20)
        self.port = self.server.sockets[0].getsockname()[1]

    def _halt(self):
        """On the loop: close everything, then stop the loop."""
        self.stopping = True
        self.server.close()
        for c in self.conns:
            if not c.closed:
                c.writer.transport.abort()
        for task in asyncio.all_tasks(self.loop):
            task.cancel()
        self.loop.call_later(0.1, self.loop.stop)

    def stop(self):
        if self.loop is None:
            return
        self.loop.call_soon_threadsafe(self._halt)
        self.thread.join(5)

    def call(self, fn, *args):
        """Runs fn(*args) on the server's loop; returns its result."""
        async def wrap():
            return fn(*args)
        return asyncio.run_coroutine_threadsafe(wrap(), self.loop).result(5)

    def notify(self):
        with self.cond:
            self.cond.notify_all()

    def wait(self, fn, timeout):
        """Waits until fn() is true (called under the lock); returns it."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                v = fn()
                if v or time.monotonic() >= deadline:
                    return v
                self.cond.wait(min(0.1, max(0.0, deadline -
                                            time.monotonic())))

    def snapshot(self, attr):
        with self.cond:
            return list(getattr(self, attr))

    def _error(self, what):
        with self.cond:
            self.errors.append(what)

    # One HTTP/1.1 connection: REST requests until it closes, or the
    # upgrade to a WebSocket. Subclasses give _rest, _respond and
    # _websocket, and may set REQ (the request record's class) and
    # BAD_REQUEST_BODY, and extend the _conn_*/_request_* hooks.

    BAD_REQUEST_BODY = {"message": "bad"}

    def _conn_opened(self, writer):
        pass

    def _conn_closed(self, writer):
        pass

    def _request_started(self, reader):
        return None

    def _request_read(self, req, reader, started):
        pass

    async def _client(self, reader, writer):
        self._conn_opened(writer)
        try:
            while True:
                started = self._request_started(reader)
                head = await read_head(reader)
                if head is None:
                    return
                if head == BAD_REQUEST:
                    await self._respond(writer, 400, self.BAD_REQUEST_BODY)
                    return
                method, target, headers = head
                if headers.get("upgrade", "").lower() == "websocket":
                    await self._websocket(method, target, headers, reader,
                                          writer)
                    return
                body = await read_body(reader, writer, headers)
                req = self.REQ(method, target, headers, body)
                self._request_read(req, reader, started)
                await self._rest(req, writer)
                if headers.get("connection", "").lower() == "close":
                    return
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            self._conn_closed(writer)
            try:
                writer.close()
            except Exception:
                pass

    # What every fake's WebSocket connections report (wsproto calls these).

    def record_pong(self, conn, data):
        with self.cond:
            conn.pongs.append((time.monotonic(), data))
            self.cond.notify_all()

    def record_client_close(self, conn, code):
        with self.cond:
            conn.client_close = code
            conn.client_close_t = time.monotonic()
            self.cond.notify_all()


class Req:
    """One REST request as a fake saw it: when, what, and how it was
    answered. Fakes add what their platform needs."""

    def __init__(self, method, target, headers, body):
        self.t = time.monotonic()
        self.method = method
        u = urllib.parse.urlsplit(target)
        self.path = u.path
        self.query = u.query
        self.headers = headers
        self.body = body
        self.status = None
        self.json = None

    def auth(self):
        return self.headers.get("authorization", "")


FakeServer.REQ = Req
