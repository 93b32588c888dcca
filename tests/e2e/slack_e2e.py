#!/usr/bin/env python3
"""e2e.slack: newsbot against a fake Slack (Web API and Socket Mode).

usage: slack_e2e.py PATH/TO/newsbot SOURCE_DIR

The fake serves the Web API (POST /api/auth.test,
/api/apps.connections.open, /api/chat.postMessage) and the Socket Mode
WebSocket (/link/?ticket=..., RFC 6455 done by hand: handshake, masking,
fragments, ping/pong, close) on one free loopback port, with the payloads
of ../shared/PROTOCOLS.md section 1: Bearer tokens checked by type (xoxb
for the Web API, xapp for connections.open), single-use tickets (403 on an
unknown or used one), hello on connect, events_api envelopes that must be
acked within 3 s or are redelivered with retry_attempt+1 and retry_reason
"timeout", the bot's own posts echoed back as message events, disconnect
frames (warning, refresh_requested, too_many_websockets, link_disabled),
WS pings every 2 s and
scripted 429 (Retry-After) and ok:false answers on chat.postMessage;
fake.post_gate, when set, holds the answer to a post made until the event
is set.

The scenarios drive the real bot: mentions in a channel and in a thread, a
direct message, what must stay unanswered (channel chat, other bots,
subtypes, its own messages), a redelivered envelope, a frame that is not
JSON and a 2 MiB frame, 429 and not_in_channel, a refresh, a dropped
socket and too_many_websockets (each counted under its reason in the
bot's /metrics), Slack's &amp;/&lt;/&gt; escaping, rejected tokens, link_disabled
and SIGTERM. Controls at the end show the fake really refuses used tickets
and redelivers unacked envelopes. Whether an ack came before its
chat.postMessage is judged by when their bytes arrived (StampedReader).
Python 3 standard library only; every wait is bounded. Exits 0 if every
check passed, 1 if not.
"""

import asyncio
import base64
import bisect
import collections
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid

HOST = "127.0.0.1"
APP_TOKEN = "xapp-1-good"
BOT_TOKEN = "xoxb-good"
BAD_APP_TOKEN = "xapp-1-bad-Qz81x"
BAD_BOT_TOKEN = "xoxb-bad-Qz81x"
BOT_USER = "UBOT"
BOT_BOT_ID = "BBOT"
TEAM = "T1"
APP_ID = "A1"
USER = "U222"
CHANNEL = "C111"
IM = "D999"
WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
ACK_DEADLINE = 3.0        # seconds before an envelope is redelivered
TIE = 0.0005              # arrivals this close came in the same poll
MAX_RETRIES = 3           # redeliveries of one envelope, as Slack does
PING_EVERY = 2.0          # WS ping frames from the server
READ_LIMIT = 1 << 20      # the fake's limit on one client message
BIG_FRAME = 2 * 1024 * 1024
OVERALL_LIMIT = 160       # seconds; ctest's TIMEOUT is 180


def slack_unescape(s):
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


_ts = [0]


def new_ts():
    """A message ts, unique over the run."""
    _ts[0] += 1
    return "17000%05d.000100" % _ts[0]


# --- WebSocket framing: wsproto.py ---------------------------------------

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2elib  # noqa: E402
from e2elib import (Abort, BAD_REQUEST, BotProcess,  # noqa: E402,F401
                    FakeServer, NOW, Timeout, args, check, check_disconnects,
                    cli_answer, disconnects, dumps, free_port, log,
                    read_body, read_head, require, results, run_test,
                    stop_fake, tail)
from wsproto import (OP_BINARY, OP_CLOSE, OP_CONT, OP_PING,  # noqa: E402,F401
                     OP_PONG, OP_TEXT, WsConn, WsError, ws_frame,
                     ws_read_message)


# --- the fake server --------------------------------------------------------

class StampedReader(asyncio.StreamReader):
    """A StreamReader that knows when each byte arrived (the time of the
    data_received call that brought it), so the order of an ack and a
    chat.postMessage on two sockets is judged by arrival, not by when a
    handler got round to parsing them."""

    def __init__(self, **kw):
        super().__init__(**kw)
        self.feeds = []       # (monotonic time, bytes fed so far)
        self.totals = []      # the second column of feeds, for bisect
        self.fed = 0
        self.consumed = 0

    def feed_data(self, data):
        self.fed += len(data)
        self.feeds.append((time.monotonic(), self.fed))
        self.totals.append(self.fed)
        super().feed_data(data)

    async def readexactly(self, n):
        d = await super().readexactly(n)
        self.consumed += len(d)
        return d

    async def readuntil(self, separator=b"\n"):
        d = await super().readuntil(separator)
        self.consumed += len(d)
        return d

    def arrived(self, offset):
        """When byte @offset of the stream arrived (None: not yet). A
        bisection: the totals only grow, and a flood acks thousands of
        envelopes on one socket (tests/bench/slack_bench.py)."""
        i = bisect.bisect_right(self.totals, offset)
        return self.feeds[i][0] if i < len(self.feeds) else None


class Req(e2elib.Req):
    """One Web API request, when its first byte arrived and the JSON the
    fake answered with."""

    def __init__(self, method, target, headers, body):
        super().__init__(method, target, headers, body)
        self.t_arrive = self.t    # when its first byte arrived
        self.answer = None        # the JSON the fake answered with
        self.command = None       # at a response_url: its Envelope

    def ok(self):
        return self.status == 200 and isinstance(self.answer, dict) and \
            self.answer.get("ok") is True


class Envelope:
    def __init__(self, eid, event_id, text, conn, attempt, scripted):
        self.eid = eid
        self.event_id = event_id
        self.text = text          # the frame as sent
        self.conn = conn
        self.attempt = attempt
        self.scripted = scripted  # sent by the script, not a redelivery
        self.t_sent = time.monotonic()
        self.t_ack = None
        self.t_ack_arrive = None  # when the ack's last byte arrived
        self.ack_conn = None
        self.accepts = False      # accepts_response_payload (a command)
        self.ack_payload = None   # the payload its ack carried, if any
        self.command = None       # a slash command's payload


class Conn(WsConn):
    """One WebSocket connection."""

    def __init__(self, fake, n, target, headers, reader, writer):
        super().__init__(fake, n, target, headers, reader, writer)
        self.t_hello = None
        self.ticket = self.query.get("ticket")
        self.rejected = None      # (status, why) if the upgrade failed
        self.pings = {}           # payload -> time sent
        self.aborted = False      # the fake dropped the TCP connection

    def live(self):
        return self.t_hello is not None and not self.closed

    def abort(self):
        self.aborted = True
        self.closed = True
        self.writer.transport.abort()

    def how_closed(self):
        if self.client_close is not None:
            return "the bot sent close %r" % self.client_close
        if self.aborted:
            return "the fake dropped it"
        if self.server_close:
            return "the fake closed it %r" % (self.server_close,)
        if self.closed:
            return "the bot dropped it (no close frame)"
        return "open"


class FakeSlack(FakeServer):
    REQ = Req

    def __init__(self):
        super().__init__()
        self.reqs = []            # Req, every Web API request
        self.tickets = {}         # ticket -> "issued" / "used"
        self.next_ticket = 0
        self.envelopes = {}       # envelope_id -> Envelope
        self.by_event = collections.defaultdict(list)  # event_id -> [Env]
        self.redeliveries = []    # (t, event_id, attempt)
        self.acks = []            # (t, conn n, envelope_id, text)
        self.posts = []           # Req of chat.postMessage
        self.responses = []       # Req of POSTs to a response_url
        self.response_urls = {}   # path -> [Envelope, uses]
        self.next_command = 0
        self.post_faults = collections.deque()  # "429" / "not_in_channel"
        self.post_gate = None     # an asyncio.Event: answers to posts made
        #                           wait until it is set
        self.current = None       # the connection new envelopes go to
        self.echo = True          # echo the bot's posts as message events
        self.next_event = 0
        self.sent_log = []        # (t, "what the script sent where")
        self.pinger = None
        self.writers = set()      # every open TCP connection

    # -- plumbing --

    async def _boot(self):
        loop = asyncio.get_running_loop()

        def factory():
            reader = StampedReader(limit=1 << 20, loop=loop)
            return asyncio.StreamReaderProtocol(reader, self._client)

        self.server = await loop.create_server(factory, HOST, 0)
        self.port = self.server.sockets[0].getsockname()[1]
        self.pinger = self.loop.create_task(self._pinger())

    def _halt(self):
        # Aborted sockets end their handlers with a ConnectionError;
        # cancelling those tasks would make asyncio print tracebacks.
        self.stopping = True
        self.server.close()
        for w in list(self.writers):
            w.transport.abort()
        self.pinger.cancel()
        self.loop.call_later(0.2, self.loop.stop)

    # -- HTTP --

    BAD_REQUEST_BODY = "bad request\n"

    def _conn_opened(self, writer):
        self.writers.add(writer)

    def _conn_closed(self, writer):
        self.writers.discard(writer)

    def _request_started(self, reader):
        return reader.consumed

    def _request_read(self, req, reader, started):
        req.t_arrive = reader.arrived(started) or req.t

    async def _respond(self, writer, status, body, extra=None):
        reason = {200: "OK", 400: "Bad Request", 403: "Forbidden",
                  404: "Not Found", 405: "Method Not Allowed",
                  429: "Too Many Requests"}
        if isinstance(body, (bytes, str)):
            data = body if isinstance(body, bytes) else body.encode()
            ctype = "text/plain; charset=utf-8"
        else:
            data = dumps(body).encode()
            ctype = "application/json; charset=utf-8"
        hdrs = ["HTTP/1.1 %d %s" % (status, reason.get(status, "Status")),
                "Content-Type: " + ctype,
                "Content-Length: %d" % len(data),
                "X-Slack-Req-Id: " + uuid.uuid4().hex,
                "Date: " + time.strftime("%a, %d %b %Y %H:%M:%S GMT",
                                         time.gmtime())]
        hdrs += extra or []
        writer.write(("\r\n".join(hdrs) + "\r\n\r\n").encode() + data)
        await writer.drain()

    def issue_ticket(self):
        with self.cond:
            self.next_ticket += 1
            t = "%d-%s" % (self.next_ticket, uuid.uuid4().hex[:8])
            self.tickets[t] = "issued"
        return t

    def _token(self, req):
        a = req.auth()
        return a[7:] if a.startswith("Bearer ") else None

    async def _rest(self, req, writer):
        status, body, extra = 404, {"ok": False,
                                    "error": "unknown_method"}, None
        tok = self._token(req)
        if req.method != "POST" and req.path.startswith("/api/"):
            # Slack takes GET too, but the bot is meant to POST.
            self._error("%s %s (not POST)" % (req.method, req.path))
        if req.path == "/api/auth.test":
            if tok is None:
                status, body = 200, {"ok": False, "error": "not_authed"}
            elif tok != BOT_TOKEN:
                status, body = 200, {"ok": False, "error": "invalid_auth"}
            else:
                status, body = 200, {
                    "ok": True, "url": "https://fake.slack.com/",
                    "team": "T", "user": "newsbot", "team_id": TEAM,
                    "user_id": BOT_USER, "bot_id": BOT_BOT_ID,
                    "is_enterprise_install": False}
        elif req.path == "/api/apps.connections.open":
            if tok is None:
                status, body = 200, {"ok": False, "error": "not_authed"}
            elif tok.startswith("xoxb-") or tok.startswith("xoxp-"):
                status, body = 200, {"ok": False,
                                     "error": "not_allowed_token_type"}
            elif tok != APP_TOKEN:
                status, body = 200, {"ok": False, "error": "invalid_auth"}
            else:
                t = self.issue_ticket()
                status, body = 200, {
                    "ok": True, "url": "ws://%s:%d/link/?ticket=%s&app_id=%s"
                    % (HOST, self.port, t, APP_ID)}
        elif req.path.startswith("/commands/"):
            status, body = self._response_url(req)
        elif req.path == "/api/chat.postMessage":
            try:
                req.json = json.loads(req.body.decode("utf-8"))
            except (ValueError, UnicodeDecodeError):
                req.json = None
            j = req.json if isinstance(req.json, dict) else {}
            fault = None
            if tok is None:
                status, body = 200, {"ok": False, "error": "not_authed"}
            elif tok != BOT_TOKEN:
                status, body = 200, {"ok": False, "error": "invalid_auth"}
            elif not isinstance(j.get("channel"), str) or not j["channel"]:
                status, body = 200, {"ok": False,
                                     "error": "channel_not_found"}
            elif not isinstance(j.get("text"), str) or not j["text"]:
                status, body = 200, {"ok": False, "error": "no_text"}
            elif "blocks" in j and block_problems(j["blocks"]):
                self._error("chat.postMessage: " +
                            "; ".join(block_problems(j["blocks"])))
                status, body = 200, {"ok": False, "error": "invalid_blocks"}
            else:
                with self.cond:
                    fault = self.post_faults.popleft() \
                        if self.post_faults else None
                if fault == "429":
                    status, body = 429, {"ok": False, "error": "ratelimited"}
                    extra = ["Retry-After: 1"]
                elif fault is not None:
                    status, body = 200, {"ok": False, "error": fault}
                else:
                    ts = new_ts()
                    msg = {"type": "message", "text": j["text"],
                           "user": BOT_USER, "bot_id": BOT_BOT_ID,
                           "app_id": APP_ID, "team": TEAM, "ts": ts,
                           "bot_profile": {"id": BOT_BOT_ID,
                                           "name": "newsbot",
                                           "app_id": APP_ID}}
                    if j.get("thread_ts"):
                        msg["thread_ts"] = j["thread_ts"]
                        msg["parent_user_id"] = USER
                    status, body = 200, {"ok": True, "channel": j["channel"],
                                         "ts": ts, "message": msg}
                    if self.echo:
                        # The app gets its own post back as a message
                        # event (message.im / message.channels).
                        ev = dict(msg)
                        ev.update({"channel": j["channel"],
                                   "event_ts": ts, "channel_type":
                                   "im" if j["channel"].startswith("D")
                                   else "channel"})
                        self.loop.call_later(0.05, self._envelope, ev)
        req.status, req.answer = status, body
        with self.cond:
            self.reqs.append(req)
            if req.path == "/api/chat.postMessage":
                self.posts.append(req)
            if req.path.startswith("/commands/"):
                self.responses.append(req)
            self.cond.notify_all()
        gate = self.post_gate
        if gate is not None and req.path == "/api/chat.postMessage" and \
                req.ok():
            # made (and recorded), but the bot does not hear so yet
            await gate.wait()
        await self._respond(writer, status, body, extra)

    # -- WebSocket --

    async def _websocket(self, method, target, headers, reader, writer):
        u = urllib.parse.urlsplit(target)
        key = headers.get("sec-websocket-key", "")
        with self.cond:
            conn = Conn(self, len(self.conns), target, headers, reader,
                        writer)
            self.conns.append(conn)
            state = self.tickets.get(conn.ticket)
            if state == "issued":
                self.tickets[conn.ticket] = "used"
            self.cond.notify_all()
        bad = None
        try:
            keyok = len(base64.b64decode(key + "==")) == 16
        except ValueError:
            keyok = False
        if method != "GET" or u.path != "/link/":
            bad = (404, "not the Socket Mode path")
        elif "upgrade" not in headers.get("connection", "").lower() or \
                headers.get("sec-websocket-version") != "13" or not keyok:
            bad = (400, "bad websocket handshake")
        elif state is None:
            bad = (403, "unknown ticket")
        elif state == "used":
            bad = (403, "ticket already used")
        if bad:
            conn.rejected = bad
            conn.closed = True
            conn.t_closed = time.monotonic()
            await self._respond(writer, bad[0], bad[1] + "\n",
                                ["Connection: close"])
            self.notify()
            return
        accept = base64.b64encode(hashlib.sha1(
            (key + WS_GUID).encode()).digest()).decode()
        writer.write(("HTTP/1.1 101 Switching Protocols\r\n"
                      "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Accept: %s\r\n\r\n" % accept).encode())
        conn.send_text(dumps({
            "type": "hello", "num_connections": 1,
            "debug_info": {"host": "applink-1", "build_number": 10,
                           "approximate_connection_time": 18060},
            "connection_info": {"app_id": APP_ID}}))
        with self.cond:
            conn.t_hello = time.monotonic()
            self.current = conn
            self.cond.notify_all()
        try:
            while True:
                text = await ws_read_message(conn, READ_LIMIT)
                if text is None:
                    break
                self._on_ws_message(conn, text)
        except WsError as e:
            self._error("conn %d: %s" % (conn.n, e))
            conn.close(e.code, str(e))
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            with self.cond:
                conn.closed = True
                conn.t_closed = time.monotonic()
                self.cond.notify_all()
            try:
                writer.close()
            except Exception:
                pass

    def _on_ws_message(self, conn, text):
        if isinstance(text, bytes):
            self._error("conn %d: a binary frame" % conn.n)
            text = text.decode("utf-8", "replace")
        try:
            msg = json.loads(text)
        except ValueError:
            msg = None
        with self.cond:
            conn.received.append((time.monotonic(), text, msg))
            if isinstance(msg, dict) and isinstance(msg.get("envelope_id"),
                                                    str):
                env = self.envelopes.get(msg["envelope_id"])
                if env is None:
                    self.errors.append("conn %d: ack of an unknown envelope "
                                       "%r" % (conn.n, text[:80]))
                elif env.t_ack is not None:
                    self.errors.append("conn %d: envelope %s acked twice" %
                                       (conn.n, env.eid))
                else:
                    env.t_ack = time.monotonic()
                    env.t_ack_arrive = conn.reader.arrived(
                        conn.reader.consumed - 1) or env.t_ack
                    env.ack_conn = conn.n
                self.acks.append((time.monotonic(), conn.n,
                                  msg["envelope_id"], text))
                if "payload" in msg and (env is None or not env.accepts):
                    self.errors.append("conn %d: an ack with a payload for "
                                       "an envelope that accepts none: %r" %
                                       (conn.n, text[:80]))
                elif "payload" in msg:
                    env.ack_payload = msg["payload"]
                    bad = response_problems(msg["payload"])
                    if bad:
                        self.errors.append("conn %d: ack payload: %s" %
                                           (conn.n, "; ".join(bad)))
            else:
                self.errors.append("conn %d: not an ack: %r" %
                                   (conn.n, text[:80]))
            self.cond.notify_all()

    async def _pinger(self):
        n = 0
        while not self.stopping:
            await asyncio.sleep(PING_EVERY)
            for c in list(self.conns):
                if c.live():
                    n += 1
                    payload = ("slack-ping-%d" % n).encode()
                    with self.cond:
                        c.pings[payload] = time.monotonic()
                    c.write(ws_frame(OP_PING, payload))


    # -- envelopes (on the loop) --

    def _envelope(self, event, event_id=None, attempt=0, reason="",
                  conn=None, fragments=1, scripted=False):
        """Sends @event in an events_api envelope on @conn (default: the
        current connection); tracks the ack. Returns (envelope_id,
        event_id), or None if no socket was live."""
        c = conn or self.current
        if c is None or not c.live():
            return None
        with self.cond:
            if event_id is None:
                self.next_event += 1
                event_id = "Ev%08d" % self.next_event
        eid = str(uuid.uuid4())
        env = {"envelope_id": eid, "type": "events_api",
               "accepts_response_payload": False,
               "retry_attempt": attempt, "retry_reason": reason,
               "payload": {"type": "event_callback", "team_id": TEAM,
                           "api_app_id": APP_ID, "event_id": event_id,
                           "event_time": int(time.time()),
                           "authorizations": [{
                               "enterprise_id": None, "team_id": TEAM,
                               "user_id": BOT_USER, "is_bot": True,
                               "is_enterprise_install": False}],
                           "is_ext_shared_channel": False,
                           "event_context": "4-" + uuid.uuid4().hex[:16],
                           "token": "verification-token-unused",
                           "event": event}}
        text = dumps(env)
        e = Envelope(eid, event_id, text, c.n, attempt, scripted)
        with self.cond:
            self.envelopes[eid] = e
            self.by_event[event_id].append(e)
            self.sent_log.append((time.monotonic(), "envelope %s (%s%s) on "
                                  "WS #%d" % (event_id, event.get("type"),
                                              ", retry %d" % attempt
                                              if attempt else "", c.n)))
        c.send_text(text, fragments)
        self.loop.call_later(ACK_DEADLINE, self._ack_deadline, e, event)
        return eid, event_id

    def _command(self, text, user, channel, command="/news", conn=None):
        """Sends a slash_commands envelope (as Slack does for /news TEXT in
        @channel); its ack may carry the response. Returns (envelope_id,
        response_url), or None if no socket was live."""
        c = conn or self.current
        if c is None or not c.live():
            return None
        with self.cond:
            self.next_command += 1
            n = self.next_command
        path = "/commands/%s/%d/%s" % (TEAM, 1000 + n, uuid.uuid4().hex)
        url = "http://%s:%d%s" % (HOST, self.port, path)
        payload = {"token": "verification-token-unused", "team_id": TEAM,
                   "team_domain": "fake", "channel_id": channel,
                   "channel_name": "directmessage" if channel[0] == "D"
                   else "news", "user_id": user, "user_name": "alice",
                   "command": command, "text": text, "api_app_id": APP_ID,
                   "is_enterprise_install": "false", "response_url": url,
                   "trigger_id": "%d.%d.%s" % (n, n, uuid.uuid4().hex)}
        eid = str(uuid.uuid4())
        env = {"envelope_id": eid, "type": "slash_commands",
               "accepts_response_payload": True, "payload": payload}
        text_ = dumps(env)
        e = Envelope(eid, "Cmd%08d" % n, text_, c.n, 0, True)
        e.accepts = True
        e.command = payload
        with self.cond:
            self.envelopes[eid] = e
            self.by_event[e.event_id].append(e)
            self.response_urls[path] = [e, 0]
            self.sent_log.append((time.monotonic(), "slash command %s on WS "
                                  "#%d" % (e.event_id, c.n)))
        c.send_text(text_)
        return eid, url

    def command(self, text, user=USER, channel=CHANNEL, **kw):
        return self.call(lambda: self._command(text, user, channel, **kw))

    def _response_url(self, req):
        """A POST to a response_url: JSON with text (and blocks), at most
        5 times per command, as Slack allows."""
        with self.cond:
            entry = self.response_urls.get(req.path)
            if entry is not None:
                entry[1] += 1
        if req.method != "POST":
            return 405, "method_not_allowed"
        if entry is None:
            self._error("a POST to an unknown response_url")
            return 404, "invalid_url"
        if entry[1] > 5:
            return 404, "used_url"
        try:
            req.json = json.loads(req.body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            req.json = None
        if not req.headers.get("content-type", "").lower().startswith(
                "application/json"):
            self._error("response_url: Content-Type %r" %
                        req.headers.get("content-type"))
            return 400, "invalid_payload"
        if "authorization" in req.headers:
            self._error("response_url: an Authorization header was sent")
        bad = response_problems(req.json)
        if bad:
            self._error("response_url: " + "; ".join(bad))
            return 400, "invalid_payload"
        req.command = entry[0]
        return 200, "ok"

    def _ack_deadline(self, e, event):
        if e.t_ack is not None or self.stopping:
            return
        if e.attempt >= MAX_RETRIES:
            return
        with self.cond:
            self.redeliveries.append((time.monotonic(), e.event_id,
                                      e.attempt + 1))
        self._envelope(event, e.event_id, e.attempt + 1, "timeout")

    # -- the script's side (called from the test thread) --

    def send(self, event, **kw):
        return self.call(lambda: self._envelope(event, scripted=True, **kw))

    def send_raw(self, text, conn=None):
        def go():
            c = conn or self.current
            if c is None or not c.live():
                return False
            c.send_text(text)
            return True
        return self.call(go)

    def disconnect(self, reason, conn=None):
        def go():
            c = conn or self.current
            if c is None or not c.live():
                return None
            c.send_text(dumps({"type": "disconnect", "reason": reason,
                               "debug_info": {"host": "applink-1"}}))
            with self.cond:
                self.sent_log.append((time.monotonic(), "disconnect %s on "
                                      "WS #%d" % (reason, c.n)))
            return c
        return self.call(go)

    def drop(self):
        def go():
            c = self.current
            if c is None or not c.live():
                return None
            c.abort()
            with self.cond:
                self.sent_log.append((time.monotonic(), "TCP of WS #%d "
                                      "dropped by the fake" % c.n))
            return c
        return self.call(go)

    def close_conn(self, c, code, why):
        def go():
            if not c.closed:
                c.close(code, why)
                return True
            return False
        return self.call(go)

    def trace(self, since):
        """What happened since monotonic time @since, for a report."""
        out = []
        with self.cond:
            for r in self.reqs:
                if r.t >= since:
                    out.append((r.t, "%s %s -> %s %s" % (
                        r.method, r.path, r.status,
                        dumps(r.answer)[:90] if r.answer else "")))
            for c in self.conns:
                if c.t_open >= since or (c.t_closed or 1e18) >= since:
                    if c.t_open >= since:
                        out.append((c.t_open, "WS #%d upgrade ticket=%s %s"
                                    % (c.n, c.ticket, c.rejected or
                                       "101 + hello")))
                    if c.t_closed and c.t_closed >= since:
                        out.append((c.t_closed, "WS #%d closed: %s" %
                                    (c.n, c.how_closed())))
            for t, text in self.sent_log:
                if t >= since:
                    out.append((t, text))
        out.sort(key=lambda x: x[0])
        return "\n".join("#     +%.3f s %s" % (t - since, what)
                         for t, what in out)

    def live_conns(self):
        with self.cond:
            return [c for c in self.conns if c.live()]

    def opens(self, since=0):
        """connections.open requests, from the @since'th on."""
        return [r for r in self.snapshot("reqs")
                if r.path == "/api/apps.connections.open"][since:]


# --- what Slack accepts of a message ---------------------------------------

SECTION_MAX = 3000   # characters of a section block's text
CONTEXT_MAX = 2000   # of a context element's text
CONTEXT_ELEMENTS = 10


def block_problems(blocks):
    """What Slack would refuse in @blocks (Block Kit): [] if nothing."""
    out = []
    if not isinstance(blocks, list) or not blocks or len(blocks) > 50:
        return ["blocks is not a list of 1 to 50 blocks"]
    for i, b in enumerate(blocks):
        t = b.get("type") if isinstance(b, dict) else None
        if t == "section":
            txt = b.get("text")
            if not isinstance(txt, dict) or \
                    txt.get("type") not in ("mrkdwn", "plain_text") or \
                    not isinstance(txt.get("text"), str) or \
                    not txt["text"] or len(txt["text"]) > SECTION_MAX:
                out.append("block %d: a section's text is missing or over "
                           "%d characters" % (i, SECTION_MAX))
        elif t == "context":
            els = b.get("elements")
            if not isinstance(els, list) or not els or \
                    len(els) > CONTEXT_ELEMENTS:
                out.append("block %d: context elements" % i)
                continue
            for el in els:
                if not isinstance(el, dict) or \
                        el.get("type") not in ("mrkdwn", "plain_text") or \
                        not isinstance(el.get("text"), str) or \
                        not el["text"] or len(el["text"]) > CONTEXT_MAX:
                    out.append("block %d: a context element's text is "
                               "missing or over %d characters" %
                               (i, CONTEXT_MAX))
        else:
            out.append("block %d: type %r not expected" % (i, t))
    for i, b in enumerate(blocks):
        texts = [b.get("text", {}).get("text", "")] if \
            isinstance(b, dict) and b.get("type") == "section" else \
            [el.get("text", "") for el in b.get("elements", [])] \
            if isinstance(b, dict) else []
        for t in texts:
            # & < > escaped: a raw one only as a link's <...>
            bare = re.sub(r"<(https?://[^<>|\s]+)(\|[^<>]*)?>", "", t)
            if re.search(r"[<>]|&(?!amp;|lt;|gt;)", bare):
                out.append("block %d: unescaped &, < or > in %r" %
                           (i, t[:80]))
    return out


def response_problems(p):
    """What Slack would refuse in a slash command's response (an ack's
    payload or a response_url POST): [] if nothing."""
    if not isinstance(p, dict):
        return ["the response is not a JSON object"]
    out = []
    if p.get("response_type") not in ("in_channel", "ephemeral"):
        out.append("response_type %r" % p.get("response_type"))
    if not isinstance(p.get("text"), str) or not p["text"]:
        out.append("no text (the notification's fallback)")
    if "blocks" in p:
        out += block_problems(p["blocks"])
    return out


# --- the bot ----------------------------------------------------------------

class Bot(BotProcess):
    def __init__(self, binary, src, tmp, name, port, app=APP_TOKEN,
                 bot=BOT_TOKEN, http=None, knowledge=None, env=None):
        e = {
            "NEWSBOT_PLATFORMS": "slack",
            "NEWSBOT_KNOWLEDGE": knowledge or os.path.join(src, "knowledge"),
            "NEWSBOT_LOG_LEVEL": "info",
            # U222 asks more than the default 5 questions a minute
            "NEWSBOT_RATE_USER": "0",
            "NEWSBOT_RATE_CHANNEL": "0",
            "SLACK_APP_TOKEN": app,
            "SLACK_BOT_TOKEN": bot,
            "SLACK_API_URL": "http://%s:%d/api" % (HOST, port),
        }
        if http:
            e["NEWSBOT_HTTP"] = "%s:%d" % (HOST, http)
        e.update(env or {})
        super().__init__(binary, tmp, name, e, argv=("--now", NOW, "run"))

    def stop(self):
        return super().stop(grace=3)


class RawClient:
    """A bare Socket Mode client for the controls: it never acks."""

    def __init__(self, port, ticket):
        self.sock = socket.create_connection((HOST, port), timeout=5)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((
            "GET /link/?ticket=%s&app_id=%s HTTP/1.1\r\nHost: %s:%d\r\n"
            "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n"
            % (ticket, APP_ID, HOST, port, key)).encode())
        self.buf = b""
        while b"\r\n\r\n" not in self.buf:
            data = self.sock.recv(4096)
            if not data:
                break
            self.buf += data
        head, _, self.buf = self.buf.partition(b"\r\n\r\n")
        self.status = int(head.split(b" ")[1]) if head.count(b" ") else 0

    def _need(self, n, deadline):
        while len(self.buf) < n:
            self.sock.settimeout(max(0.05, deadline - time.monotonic()))
            data = self.sock.recv(65536)
            if not data:
                raise EOFError
            self.buf += data

    def read_text(self, timeout):
        """The next text message (server frames are unmasked), or None."""
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                self._need(2, deadline)
                op, n = self.buf[0] & 0x0F, self.buf[1] & 0x7F
                off = 2
                if n == 126:
                    self._need(4, deadline)
                    n, off = struct.unpack("!H", self.buf[2:4])[0], 4
                elif n == 127:
                    self._need(10, deadline)
                    n, off = struct.unpack("!Q", self.buf[2:10])[0], 10
                self._need(off + n, deadline)
                payload, self.buf = self.buf[off:off + n], self.buf[off + n:]
                if op == OP_TEXT:
                    return payload.decode("utf-8")
        except (OSError, EOFError):
            return None
        return None

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def secrets_logged(err):
    return [t for t in (APP_TOKEN, BOT_TOKEN, BAD_APP_TOKEN, BAD_BOT_TOKEN)
            if t in err]


def crash_report(err):
    return re.search(r"AddressSanitizer|LeakSanitizer|runtime error:|"
                     r"Segmentation", err)


# --- the test ---------------------------------------------------------------

def mention(question, ts=None, thread_ts=None, channel=CHANNEL, user=USER,
            **extra):
    ts = ts or new_ts()
    ev = {"type": "app_mention", "user": user,
          "text": "<@%s> %s" % (BOT_USER, question), "ts": ts,
          "team": TEAM, "channel": channel, "event_ts": ts,
          "client_msg_id": str(uuid.uuid4())}
    if thread_ts:
        ev["thread_ts"] = thread_ts
    ev.update(extra)
    return ev


def message(text, ts=None, channel=IM, channel_type="im", user=USER,
            **extra):
    ts = ts or new_ts()
    ev = {"type": "message", "channel": channel, "channel_type":
          channel_type, "user": user, "text": text, "ts": ts,
          "event_ts": ts, "team": TEAM}
    if user is None:
        del ev["user"]
    ev.update(extra)
    return ev


def run(binary, src, tmp, state):
    fake = FakeSlack()
    state["fake"] = fake
    fake.start()
    log("# fake Slack on http://%s:%d/api (Socket Mode on the same port)" %
        (HOST, fake.port))

    # Expectations come from the command line, so a change of wording in
    # the core does not break this test; the keyword must still be there.
    def expect(question, fact):
        got = cli_answer(binary, src, question)
        require("the command line answers %r with %r" % (question, fact),
                fact.lower() in got.lower(), repr(got[:160]))
        return fact

    hport = free_port()
    bot = Bot(binary, src, tmp, "bot", fake.port, http=hport)
    state["bots"].append(bot)

    # -- 0. connect --
    fake.wait(lambda: [r for r in fake.reqs if r.path == "/api/auth.test"]
              or not bot.alive(), 10)
    at = [r for r in fake.snapshot("reqs") if r.path == "/api/auth.test"]
    if not at and not bot.alive():
        err = bot.stderr()
        if re.search(r"slack.*(not available|unknown|not configured)",
                     err, re.I):
            check("0 the bot has a Slack adapter", False,
                  "exit %r: %s" % (bot.proc.returncode, err.strip()[-300:]))
            raise Abort("no Slack adapter in this build")
    require("0 the bot calls POST /api/auth.test", at,
            "bot %s; stderr: %s" % ("running" if bot.alive() else
                                    "exited %r" % bot.proc.returncode,
                                    tail(bot.stderr_path, 8)))
    check("0 auth.test carries 'Authorization: Bearer <bot token>' (%s %s)"
          % (at[0].method, at[0].status), at[0].auth() == "Bearer " +
          BOT_TOKEN and at[0].ok(), repr(at[0].auth()[:12]))
    op = fake.wait(lambda: [r for r in fake.reqs
                            if r.path == "/api/apps.connections.open"], 10)
    require("0 the bot calls POST /api/apps.connections.open", op,
            tail(bot.stderr_path, 8))
    check("0 connections.open carries 'Authorization: Bearer <app token>'",
          op[0].auth() == "Bearer " + APP_TOKEN and op[0].ok(),
          "answer %r" % (op[0].answer,))
    check("0 connections.open comes after auth.test, with an empty body "
          "(%d bytes, %s)" % (len(op[0].body),
                              op[0].headers.get("content-type")),
          op[0].t >= at[0].t and op[0].body == b"",
          repr(op[0].body[:80]))
    first = fake.wait(lambda: fake.conns[0] if fake.conns else None, 10)
    require("0 the bot opens the WebSocket", first is not None)
    require("0 ... with the ticket from connections.open (%s)" %
            first.target, first.rejected is None and
            first.ticket in fake.tickets, repr(first.rejected))
    check("0 ... and no Authorization header on the upgrade",
          "authorization" not in first.headers)
    time.sleep(0.3)   # the hello travels
    n_open0 = len(fake.opens())

    def key_of(body):
        return (body.get("channel"), body.get("thread_ts"))

    def posts_for(channel, thread, since=0, landed=True):
        return [r for r in fake.snapshot("posts")[since:]
                if isinstance(r.json, dict) and
                key_of(r.json) == (channel, thread) and
                (r.ok() or not landed)]

    asked = []        # (channel, thread ts, event_id, name)

    def ack_of(eid):
        e = fake.envelopes.get(eid)
        return e.t_ack if e else None

    def ack_arrived(eid):
        e = fake.envelopes.get(eid)
        return e.t_ack_arrive if e else None

    def ask(name, event, fact, timeout=10, fragments=1, expect_thread=None):
        """Sends @event in an envelope, waits for the answer; checks the
        channel, thread, fact, escaping and the ack. Returns (post Req or
        None, envelope id)."""
        ch = event["channel"]
        thread = expect_thread or event.get("thread_ts") or event["ts"]
        mark = len(fake.snapshot("posts"))
        t0 = time.monotonic()
        sent = fake.send(event, fragments=fragments)
        if not check("%s: the fake had a live socket to send on" % name,
                     sent is not None):
            return None, None
        eid, evid = sent
        asked.append((ch, thread, evid, name))
        q = event.get("text", "")
        fake.wait(lambda: [r for r in fake.posts[mark:] if r.ok() and
                           isinstance(r.json, dict) and
                           r.json.get("thread_ts") == thread], timeout)
        got = [r for r in fake.snapshot("posts")[mark:]
               if r.ok() and isinstance(r.json, dict) and
               r.json.get("thread_ts") == thread]
        if not check("%s: %r answered within %d s" % (name, q, timeout),
                     got, "posts: %r" % [r.body[:120] for r in
                                         fake.snapshot("posts")[mark:]]):
            return None, eid
        r = got[0]
        body = r.json
        check("%s: reply in channel %s, thread_ts %s (%.3f s)" %
              (name, ch, thread, r.t - t0),
              body.get("channel") == ch and body.get("thread_ts") == thread,
              dumps(body)[:200])
        text = body.get("text", "")
        check("%s: reply contains %r" % (name, fact),
              fact.lower() in slack_unescape(text).lower(),
              repr(text[:200]))
        first = got[0] if not any(x.ok() for x in got) else \
            min([x for x in fake.snapshot("posts")[mark:]
                 if isinstance(x.json, dict) and
                 x.json.get("thread_ts") == thread], key=lambda x: x.t)
        t_ack = fake.wait(lambda: ack_arrived(eid), ACK_DEADLINE)
        check("%s: envelope acked before the chat.postMessage (ack %s)" %
              (name, "%.1f ms after sending" % ((t_ack - t0) * 1000)
               if t_ack else "missing"),
              t_ack is not None and t_ack <= first.t_arrive + TIE,
              "the ack arrived %s, the first post %.1f ms after sending" % (
                  "%.1f ms" % ((t_ack - t0) * 1000) if t_ack else "never",
                  (first.t_arrive - t0) * 1000))
        return r, eid

    def once(name, ch, thread, settle=1.0):
        time.sleep(settle)
        n = len(posts_for(ch, thread))
        check("%s: answered exactly once (%d posts)" % (name, n), n == 1)

    # -- 1. A mention in a channel, and one inside a thread. --
    fact1 = expect("when is the court hearing?", "17 April")
    r, _ = ask("1 channel mention", mention("when is the court hearing?"),
               fact1)
    if r is not None:
        check("1 chat.postMessage carries 'Authorization: Bearer <bot "
              "token>'", r.auth() == "Bearer " + BOT_TOKEN)
        ct = r.headers.get("content-type", "")
        check("1 Content-Type is 'application/json; charset=utf-8' (%r)" %
              ct, re.fullmatch(r"application/json;\s*charset=utf-8", ct,
                               re.I) is not None)
        check("1 the body is JSON with channel, text and thread_ts, no "
              "reply_broadcast (%s)" % sorted(r.json or {}),
              isinstance(r.json, dict) and
              {"channel", "text", "thread_ts"} <= set(r.json) and
              not r.json.get("reply_broadcast"), repr(r.body[:200]))
        check("1 the reply does not echo the mention <@%s>" % BOT_USER,
              "@" + BOT_USER not in r.json.get("text", ""))
    fact1b = expect("who asked the court to lift the ban?",
                    "Prosecutor General")
    ask("1 mention inside a thread",
        mention("who asked the court to lift the ban?",
                thread_ts="1700000000.000001"), fact1b)
    fact1c = expect("how many people died in the Moscow attack?", "140")
    ask("1 mention sent in 3 WebSocket fragments",
        mention("how many people died in the Moscow attack?"), fact1c,
        fragments=3)

    # -- 2. A direct message, no mention. --
    fact2 = expect("who asked the court?", "Prosecutor General")
    ask("2 im message", message("who asked the court?"), fact2)

    # -- 2b. A follow-up asked at the channel's top level continues the
    # user's last exchange there; its answer goes to its own thread. --
    ask("2b a question at the top level", mention("when is the court hearing?"),
        "17 April")
    ask("2b a follow-up at the top level", mention("is that tomorrow?"),
        "17 April")

    # -- 3. What must stay unanswered, then an addressed question. --
    pmark = len(fake.snapshot("posts"))
    quiet = [
        ("channel message without a mention",
         message("the hearing is on the 17th, I think", channel=CHANNEL,
                 channel_type="channel")),
        ("app_mention with bot_id (another bot)",
         mention("when is the court hearing?", user="U333", bot_id="B999")),
        ("im message with bot_id (another bot)",
         message("when is the court hearing?", user="U333", bot_id="B999")),
        ("im message, subtype bot_message",
         message("when is the court hearing?", user=None,
                 subtype="bot_message", bot_id="B999", username="hook")),
        ("im message, subtype message_changed",
         message("", user=None, subtype="message_changed", hidden=True,
                 message={"type": "message", "user": USER,
                          "text": "when is the court hearing?",
                          "ts": "1699999999.000100"})),
        ("channel message, subtype channel_join",
         message("<@U222> has joined the channel", channel=CHANNEL,
                 channel_type="channel", subtype="channel_join")),
        ("app_mention from %s itself" % BOT_USER,
         mention("when is the court hearing?", user=BOT_USER)),
        ("im message from %s itself" % BOT_USER,
         message("when is the court hearing?", user=BOT_USER)),
    ]
    for what, ev in quiet:
        fake.send(ev)
    # One mention produces two events: the message twin must not give a
    # second answer.
    twin_ts = new_ts()
    fake.send(message("<@%s> When did the Taliban take over Afghanistan?" %
                      BOT_USER, ts=twin_ts, channel=CHANNEL,
                      channel_type="channel"))
    fact3t = expect("When did the Taliban take over Afghanistan?",
                    "August 2021")
    ask("3 app_mention whose message twin came first",
        mention("When did the Taliban take over Afghanistan?", ts=twin_ts),
        fact3t)
    fact3 = expect("What is the FSB?", "security service")
    r3, _ = ask("3 after the ignored events", mention("What is the FSB?"),
                fact3)
    time.sleep(1.0)
    extra = fake.snapshot("posts")[pmark:]
    for what, ev in quiet:
        hit = [x for x in extra if isinstance(x.json, dict) and
               x.json.get("thread_ts") == ev["ts"]]
        check("3 no reply to the %s" % what, not hit,
              hit[0].body[:120] if hit else "")
    got = [x.json.get("thread_ts") for x in extra
           if isinstance(x.json, dict)]
    check("3 only the addressed questions were answered (%d posts)" %
          len(got), sorted(got) == sorted([twin_ts, r3.json["thread_ts"]
                                           if r3 else None]), repr(got))

    conns = fake.snapshot("conns")
    check("1-3 all on the first connection (%d connections, %d "
          "connections.open)" % (len(conns), len(fake.opens())),
          len(conns) == 1 and not conns[0].closed and
          len(fake.opens()) == n_open0,
          "; ".join("#%d %s" % (c.n, c.how_closed()) for c in conns))

    # -- 4. A redelivered envelope. --
    fact4 = expect("When did Russia first outlaw the Taliban?", "2003")
    ev4 = mention("When did Russia first outlaw the Taliban?")
    r4, eid4 = ask("4 first delivery", ev4, fact4)
    e4 = fake.envelopes.get(eid4) if eid4 else None
    if e4 is not None:
        re4 = fake.send(ev4, event_id=e4.event_id, attempt=1,
                        reason="timeout")
        fake.wait(lambda: re4 and fake.envelopes[re4[0]].t_ack, 3)
        check("4 the redelivery (same event_id, new envelope_id, "
              "retry_attempt 1) is acked",
              re4 is not None and ack_of(re4[0]) is not None)
        once("4 the redelivered event", CHANNEL, ev4["ts"], 1.5)
    # Redelivered before the first answer landed.
    fact4b = expect("Which editor is credited on this piece?",
                    "Richard Connor")
    ev4b = mention("Which editor is credited on this piece?")
    m4 = len(fake.snapshot("posts"))
    s4 = fake.send(ev4b)
    re4b = fake.send(ev4b, event_id=s4[1], attempt=1, reason="timeout") \
        if s4 else None
    asked.append((CHANNEL, ev4b["ts"], s4[1] if s4 else None, "4b"))
    fake.wait(lambda: posts_for(CHANNEL, ev4b["ts"], m4), 10)
    got = posts_for(CHANNEL, ev4b["ts"], m4)
    check("4 a redelivery right behind the original: answered (%r)" %
          fact4b, got and fact4b.lower() in got[0].json["text"].lower())
    check("4 ... both envelopes acked", s4 and re4b and
          fake.wait(lambda: ack_of(s4[0]) and ack_of(re4b[0]), 3))
    once("4 ... the event sent twice at once", CHANNEL, ev4b["ts"], 1.5)

    # -- 5. A frame that is not JSON and a 2 MiB frame. --
    before = len(fake.snapshot("conns"))
    nopen = len(fake.opens())
    live = fake.current
    bad_env = mention("when is the court hearing?")
    ok1 = fake.send_raw('{"envelope_id":"%s","type":"events_api",'
                        '"payload":{"event":%s' % (uuid.uuid4(),
                                                   dumps(bad_env)))
    ok2 = fake.send_raw('{"type":"events_api","blob":"' +
                        "x" * (BIG_FRAME - 40) + '"}')
    check("5 the fake sent a cut-short JSON frame and a 2 MiB text frame",
          ok1 and ok2)
    fact5 = expect("What does IS-K stand for?", "Khorasan")
    ask("5 after the malformed and the big frame",
        mention("What does IS-K stand for?"), fact5, timeout=15)
    time.sleep(0.5)
    after = fake.snapshot("conns")
    check("5 the connection was kept (%d connections before, %d after; %d "
          "new connections.open)" % (before, len(after),
                                     len(fake.opens()) - nopen),
          len(after) == before and live is not None and not live.closed and
          len(fake.opens()) == nopen,
          live.how_closed() if live is not None else "no live socket")
    check("5 the bot is still running", bot.alive())
    check("5 no reply to the cut-short envelope",
          not posts_for(CHANNEL, bad_env["ts"], landed=False))

    # -- 6. 429 with Retry-After: 1, and not_in_channel. --
    time.sleep(0.3)
    with fake.cond:
        fake.post_faults.append("429")
    m6 = len(fake.snapshot("posts"))
    fact6 = expect("When did the Soviets invade Afghanistan?", "1980s")
    ev6 = mention("When did the Soviets invade Afghanistan?")
    ask("6 through a 429", ev6, fact6, timeout=12)
    attempts = posts_for(CHANNEL, ev6["ts"], m6, landed=False)
    if check("6 the first post got the 429, a later one ok:true (%s)" %
             [r.status for r in attempts],
             len(attempts) >= 2 and attempts[0].status == 429 and
             attempts[-1].ok()):
        wait_s = attempts[1].t - attempts[0].t
        check("6 the retry waited >= 0.9 s (Retry-After: 1; %.2f s)" %
              wait_s, wait_s >= 0.9)
        check("6 one retry was enough (%d attempts)" % len(attempts),
              len(attempts) == 2)
    once("6 through a 429", CHANNEL, ev6["ts"])
    with fake.cond:
        fake.post_faults.append("not_in_channel")
    m6 = len(fake.snapshot("posts"))
    ev6b = mention("What is the FSB?", channel="C555")
    fake.send(ev6b)
    fake.wait(lambda: posts_for("C555", ev6b["ts"], m6, landed=False), 10)
    time.sleep(3.0)
    attempts = posts_for("C555", ev6b["ts"], m6, landed=False)
    check("6 ok:false not_in_channel is not retried (%d requests in 3 s: "
          "%s)" % (len(attempts), [r.answer.get("error") for r in attempts]),
          len(attempts) == 1)
    fact6c = expect("When did IS-K strike the concert hall near Moscow?",
                    "March 2024")
    ask("6 after not_in_channel", mention(
        "When did IS-K strike the concert hall near Moscow?"), fact6c)

    # -- 8. Slack's escaping, both ways. --
    ev8 = mention("what about Q&amp;A &lt;test&gt;?")
    fake.send(ev8)
    asked.append((CHANNEL, ev8["ts"], None, "8"))
    fake.wait(lambda: posts_for(CHANNEL, ev8["ts"]), 10)
    got = posts_for(CHANNEL, ev8["ts"])
    text = got[0].json.get("text", "") if got else ""
    check("8 a question with &amp; &lt; &gt; is answered", got)
    check("8 ... and the reply has no raw '<' or '>' and only escaped '&'",
          got and "<" not in text and ">" not in text and
          not re.search(r"&(?!amp;|lt;|gt;)", text), repr(text[:200]))
    fact8 = expect("<FSB>", "security service")
    ask("8 the bot unescapes '&lt;FSB&gt;' to '<FSB>'",
        mention("&lt;FSB&gt;"), fact8)

    # -- 7. warning, then refresh_requested; then a dropped socket. --
    d7 = disconnects(hport, "slack")
    old = fake.current
    nopen = len(fake.opens())
    nconns = len(fake.snapshot("conns"))
    t7 = time.monotonic()
    fake.disconnect("warning")
    time.sleep(1.0)
    fact7a = expect("When is the closed-door hearing?", "17 April 2025")
    ev7a = mention("When is the closed-door hearing?")
    # the socket still carries envelopes until the refresh (PROTOCOLS 1):
    # closing it at the warning would leave those in flight unacked
    check("7 the warning leaves the socket open until the refresh",
          old is not None and old.live())
    if old is None or not old.live():
        old = fake.current
    s7a = fake.send(ev7a, conn=old)
    asked.append((CHANNEL, ev7a["ts"], s7a[1] if s7a else None, "7a"))
    t_refresh = time.monotonic()
    fake.disconnect("refresh_requested", conn=old)
    new = fake.wait(lambda: [c for c in fake.conns[nconns:]
                             if c.t_hello and c is not old], 10)
    if check("7 after warning + refresh_requested the bot connects a new "
             "socket within 10 s", new,
             "%d new connections.open, conns %r" % (
                 len(fake.opens(nopen)),
                 [(c.n, c.rejected) for c in fake.conns[nconns:]])):
        c = new[0]
        log("#   new socket #%d %.2f s after refresh_requested (%d "
            "connections.open since the warning)" %
            (c.n, c.t_open - t_refresh, len(fake.opens(nopen))))
        check("7 ... after a new connections.open, with a fresh ticket",
              len(fake.opens(nopen)) >= 1 and c.ticket not in
              [x.ticket for x in fake.conns[:nconns]])
        time.sleep(0.3)
        fact7b = expect("Did Putin call the Taliban an ally in 2022?", "No")
        ev7b = mention("Did Putin call the Taliban an ally in 2022?")
        ask("7 a question on the new socket", ev7b, fact7b)
        fake.wait(lambda: posts_for(CHANNEL, ev7a["ts"]), 8)
        got = posts_for(CHANNEL, ev7a["ts"])
        check("7 the question sent on the old socket just before the "
              "refresh is answered with %r" % fact7a,
              got and fact7a.lower() in got[0].json["text"].lower())
        once("7 the question on the old socket", CHANNEL, ev7a["ts"], 0.5)
        once("7 the question on the new socket", CHANNEL, ev7b["ts"], 0.5)
        closed = fake.wait(lambda: old.closed, 5)
        log("#   the old socket #%d: %s" % (old.n, old.how_closed() if
                                             closed else "still open"))
        if not closed:
            fake.close_conn(old, 1001, "refresh")   # as Slack would
        n2 = len(fake.opens())
        time.sleep(2.5)
        check("7 closing the replaced socket brings no further "
              "connections.open (%d)" % (len(fake.opens()) - n2),
              len(fake.opens()) == n2)
        lc = fake.live_conns()
        check("7 exactly one live socket is left (%s)" %
              [x.n for x in lc], len(lc) == 1)
    # the warning keeps the socket (it still carries envelopes until the
    # refresh); the refresh is the one disconnect
    d7 = check_disconnects("7 warning and refresh_requested", hport, "slack",
                           d7, {"closed_by_server": 1})
    log("#   trace from the warning:\n" + fake.trace(t7))
    rejected = [c for c in fake.snapshot("conns") if c.rejected]
    check("7 no upgrade was refused (a used or unknown ticket)",
          not rejected, repr([(c.n, c.ticket, c.rejected)
                              for c in rejected]))

    nopen = len(fake.opens())
    nconns = len(fake.snapshot("conns"))
    dropped = fake.drop()
    t_drop = time.monotonic()
    check("7 the fake dropped the live TCP connection", dropped)
    new = fake.wait(lambda: [c for c in fake.conns[nconns:] if c.t_hello],
                    10)
    took = (new[0].t_open - t_drop) if new else None
    if check("7 after a dropped socket the bot reconnects (%s)" %
             ("%.2f s" % took if new else "not within 10 s"), new,
             "%d connections.open since the drop" %
             len(fake.opens(nopen))):
        check("7 ... within ~5 s (%.2f s)" % took, took <= 5.5)
        ops = fake.opens(nopen)
        check("7 ... after a new connections.open (%d), with a fresh ticket"
              % len(ops), len(ops) >= 1 and new[0].rejected is None)
        time.sleep(0.3)
        fact7c = expect("Have the Taliban been fighting IS-K?", "Yes")
        ask("7 after the reconnect", mention(
            "Have the Taliban been fighting IS-K?"), fact7c)
    d7 = check_disconnects("7 the dropped socket", hport, "slack", d7,
                           {"network": 1})
    log("#   trace from the drop:\n" + fake.trace(t_drop - 0.01))

    # -- 7b. too_many_websockets: a new socket after a backoff. --
    nconns = len(fake.snapshot("conns"))
    t7b = time.monotonic()
    fake.disconnect("too_many_websockets")
    new = fake.wait(lambda: [c for c in fake.conns[nconns:] if c.t_hello],
                    10)
    check("7b after too_many_websockets the bot connects again (%s)" %
          ("%.2f s" % (new[0].t_open - t7b) if new else "not within 10 s"),
          new)
    check_disconnects("7b too_many_websockets", hport, "slack", d7,
                      {"rate_limited": 1})

    # -- Across the run. --
    time.sleep(0.5)
    conns = fake.snapshot("conns")
    now = time.monotonic()
    pinged = answered = 0
    for c in conns:
        got_pongs = {p for _, p in c.pongs}
        for payload, t in c.pings.items():
            if (c.t_closed or now) - t > 1.0:
                pinged += 1
                answered += payload in got_pongs
    check("the bot answers the fake's WS pings (%d of %d)" %
          (answered, pinged), pinged >= 3 and answered == pinged)
    with fake.cond:
        unused = [t for t, st in fake.tickets.items() if st != "used"]
    log("#   %d connections.open, %d sockets, unused tickets: %s" %
        (len(fake.opens()), len(fake.snapshot("conns")), unused or "none"))
    redel = fake.snapshot("redeliveries")
    check("no envelope had to be redelivered for a missing ack (%d)" %
          len(redel), not redel, repr(redel[:5]))
    envs = list(fake.envelopes.values())
    slow = [(e.event_id, round(e.t_ack - e.t_sent, 2)) for e in envs
            if e.t_ack is not None and e.t_ack - e.t_sent > 2.0]
    check("every envelope acked within 2 s (%d envelopes)" % len(envs),
          not slow and all(e.t_ack is not None for e in envs
                           if not fake.conns[e.conn].aborted),
          "slow %r, unacked %r" % (slow, [e.event_id for e in envs
                                          if e.t_ack is None]))
    late = []
    for ch, thread, evid, name in asked:
        ps = posts_for(ch, thread, landed=False)
        if evid and ps:
            acks = [e.t_ack_arrive for e in fake.by_event[evid]
                    if e.t_ack_arrive]
            first_ack = min(acks) if acks else None
            first_post = min(p.t_arrive for p in ps)
            if first_ack is None or first_ack > first_post + TIE:
                late.append("%s: %s" % (name, "no ack" if first_ack is None
                                        else "post %.1f ms before the ack" %
                                        ((first_ack - first_post) * 1000)))
    check("every answered envelope was acked before its chat.postMessage",
          not late, repr(late))
    dup = collections.Counter(key_of(r.json) for r in fake.snapshot("posts")
                              if r.ok())
    check("no question was answered twice over the run",
          all(v == 1 for v in dup.values()),
          repr({k: v for k, v in dup.items() if v != 1}))
    check("the fake saw no protocol errors from the bot", not fake.errors,
          "; ".join(fake.errors[:4]))
    check("the fake itself ran without an exception", not fake.internal,
          "; ".join(fake.internal[:3]))
    err = bot.stderr()
    check("the bot never logged a token", not secrets_logged(err),
          repr(secrets_logged(err)))
    check("the bot's log has no sanitizer or crash report",
          not crash_report(err))

    # -- 11. SIGTERM. --
    live = fake.current
    t0 = time.monotonic()
    bot.proc.send_signal(signal.SIGTERM)
    rc = bot.wait(5)
    check("11 SIGTERM: the bot exits with status 0 within 5 s (%r after "
          "%.1f s)" % (rc, time.monotonic() - t0), rc == 0)
    if live is not None:
        fake.wait(lambda: live.closed, 2)
        log("#   on SIGTERM the socket: %s" % live.how_closed())

    # -- 10. link_disabled. --
    nopen = len(fake.opens())
    nconns = len(fake.snapshot("conns"))
    lbot = Bot(binary, src, tmp, "linkbot", fake.port)
    state["bots"].append(lbot)
    c10 = fake.wait(lambda: [c for c in fake.conns[nconns:] if c.t_hello],
                    10)
    if check("10 a second bot connects", c10, tail(lbot.stderr_path, 6)):
        time.sleep(0.5)
        fact10 = expect("What is the FSB?", "security service")
        ask("10 the second bot answers", mention("What is the FSB?"),
            fact10)
        n10 = len(fake.opens())
        t0 = time.monotonic()
        fake.disconnect("link_disabled", conn=c10[0])
        rc = lbot.wait(5)
        took = time.monotonic() - t0
        err = lbot.stderr()
        check("10 link_disabled: exit status 2 within 5 s (%r after %.1f s)"
              % (rc, took), rc == 2, tail(lbot.stderr_path, 6))
        check("10 ... the log says why (link_disabled / Socket Mode)",
              re.search(r"link_disabled|socket mode", err, re.I),
              tail(lbot.stderr_path, 4))
        time.sleep(0.3)
        check("10 ... and no further connections.open (%d)" %
              (len(fake.opens()) - n10), len(fake.opens()) == n10)
        check("10 the tokens are not in the log", not secrets_logged(err))

    # -- 9. Rejected tokens. --
    for what, kw, calls_ok in (
            ("bot token (auth.test invalid_auth)", {"bot": BAD_BOT_TOKEN},
             lambda opens: len(opens) == 0),
            ("app token (connections.open invalid_auth)",
             {"app": BAD_APP_TOKEN}, lambda opens: 1 <= len(opens) <= 2)):
        nreq = len(fake.snapshot("reqs"))
        nconns = len(fake.snapshot("conns"))
        t0 = time.monotonic()
        b = Bot(binary, src, tmp, "bad-" + list(kw)[0], fake.port, **kw)
        state["bots"].append(b)
        rc = b.wait(10)
        took = time.monotonic() - t0
        err = b.stderr()
        reqs = fake.snapshot("reqs")[nreq:]
        opens = [r for r in reqs if r.path == "/api/apps.connections.open"]
        tests = [r for r in reqs if r.path == "/api/auth.test"]
        check("9 a rejected %s: exit status 2 within 10 s (%r after %.1f s)"
              % (what, rc, took), rc == 2, tail(b.stderr_path, 6))
        check("9 ... auth.test called %d, connections.open %d time(s): %s"
              % (len(tests), len(opens),
                 [(r.path[5:], (r.answer or {}).get("error")) for r in reqs]),
              tests and calls_ok(opens))
        check("9 ... no WebSocket opened (%d)" %
              (len(fake.snapshot("conns")) - nconns),
              len(fake.snapshot("conns")) == nconns)
        check("9 ... the tokens are not in the log", not secrets_logged(err),
              repr(secrets_logged(err)))
        check("9 ... the log says the credentials were rejected",
              re.search(r"rejected|invalid_auth", err, re.I),
              tail(b.stderr_path, 4))

    # -- Controls: the fake really refuses used tickets and redelivers. --
    used = [c.ticket for c in fake.snapshot("conns") if c.rejected is None]
    if used:
        rc_ = RawClient(fake.port, used[0])
        check("control: an upgrade with a used ticket gets 403 (%d)" %
              rc_.status, rc_.status == 403)
        rc_.close()
    rc_ = RawClient(fake.port, "no-such-ticket")
    check("control: an upgrade with an unknown ticket gets 403 (%d)" %
          rc_.status, rc_.status == 403)
    rc_.close()
    ticket = fake.call(lambda: fake.issue_ticket())
    cl = RawClient(fake.port, ticket)
    hello = cl.read_text(3)
    check("control: a client with a fresh ticket gets 101 and hello",
          cl.status == 101 and hello and '"hello"' in hello)
    time.sleep(0.2)
    sent = fake.send(mention("when is the court hearing?"))
    first = cl.read_text(3)
    again = cl.read_text(ACK_DEADLINE + 2)
    try:
        e1, e2 = json.loads(first or "{}"), json.loads(again or "{}")
    except ValueError:
        e1 = e2 = {}
    check("control: an envelope not acked is redelivered after %g s with "
          "retry_attempt 1, retry_reason timeout, same event_id" %
          ACK_DEADLINE, sent and e2.get("retry_attempt") == 1 and
          e2.get("retry_reason") == "timeout" and
          e2.get("payload", {}).get("event_id") == sent[1] and
          e2.get("envelope_id") != e1.get("envelope_id"),
          repr((first or "")[:80]) + " / " + repr((again or "")[:80]))
    cl.close()


def main():
    a = args("slack_e2e.py")
    if a is None:
        return 2
    return run_test(a[0], a[1], "newsbot-slack-e2e-", OVERALL_LIMIT, run,
                    {"fake": None, "bots": []}, stop_fake)


if __name__ == "__main__":
    sys.exit(main())
