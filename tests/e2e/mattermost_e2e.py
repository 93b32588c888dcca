#!/usr/bin/env python3
"""e2e.mattermost: newsbot against a fake Mattermost server (API v4).

usage: mattermost_e2e.py PATH/TO/newsbot SOURCE_DIR

The fake serves REST (GET /api/v4/users/me, POST /api/v4/posts) and the
WebSocket (/api/v4/websocket, RFC 6455 done by hand: handshake, masking,
fragments, ping/pong, close) on one free loopback port, with the payloads
of ../shared/PROTOCOLS.md section 3: Bearer tokens, the
authentication_challenge, hello with a connection_id, posted events whose
"post" and "mentions" are JSON inside strings, strictly increasing seq, a
dead queue of the last 128 events replayed on
?connection_id=&sequence_number=, a new connection_id when the id is
unknown, scripted 429 (Retry-After, X-Ratelimit-*) and 500 answers, WS
pings every second, the 8 KiB read limit and the 5 s authentication deadline.

The scenarios drive the real bot: mentions in a channel and in a thread,
a direct message, what must stay unanswered (chat, its own posts, other
bots, system and webhook posts), a post that is not JSON and a 2 MiB frame,
a dropped connection with events queued while it is down, a forgotten
connection id, a gap in seq (the drops, the gap and a refused frame each
counted under its reason in the bot's /metrics), 429 and 500 on POST,
SIGTERM, and a rejected token. Python 3 standard library only; every wait is bounded. Exits 0 if
every check passed, 1 if not.

On a successful resume (the connection id is known and sequence_number is
in the dead queue, or nothing was missed) the fake sends no new hello, as
the real server's WebConn.writePump does; MM_E2E_RESUME_HELLO=1 makes it
send a hello with the same connection_id first. A frame too big for the
bot carries no seq: it stands for garbage the bot cannot parse, so it must
not open a gap.
"""

import asyncio
import base64
import collections
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse

HOST = "127.0.0.1"
TOKEN = "tok-good-123"
BAD_TOKEN = "tok-bad"
BOT_ID = "botuid0000"
TEAM = "t1"
SERVER_VERSION = "9.11.0"
WS_PATH = "/api/v4/websocket"
WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
DEAD_QUEUE = 128          # events kept per connection for a resume
READ_LIMIT = 8 * 1024     # the server's limit on a client message
AUTH_DEADLINE = 5.0       # seconds to authenticate after the upgrade
PING_EVERY = 1.0          # WS ping frames from the server
BIG_FRAME = 2 * 1024 * 1024
OVERALL_LIMIT = 150       # seconds; ctest's TIMEOUT is 180
RESUME_HELLO = os.environ.get("MM_E2E_RESUME_HELLO") == "1"

CHANNELS = {
    "c1": {"channel_name": "town-square", "channel_display_name":
           "Town Square", "channel_type": "O"},
    "d1": {"channel_name": BOT_ID + "__u_alice", "channel_display_name":
           "@alice", "channel_type": "D"},
}


def new_id():
    """A Mattermost id: 26 characters of lower-case base32."""
    return base64.b32encode(secrets.token_bytes(20)).decode()[:26].lower()


def now_ms():
    return int(time.time() * 1000)


# --- WebSocket framing: wsproto.py ---------------------------------------

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2elib import (Abort, BAD_REQUEST, BotProcess,  # noqa: E402,F401
                    FakeServer, Req, NOW, Timeout, args, check,
                    check_disconnects, cli_answer, disconnects, dumps,
                    free_port, log, read_body, read_head, require, results,
                    run_test, stop_fake, tail)
from wsproto import (OP_BINARY, OP_CLOSE, OP_CONT, OP_PING,  # noqa: E402,F401
                     OP_PONG, OP_TEXT, WsConn, WsError, ws_frame,
                     ws_read_message)


# --- the fake server ------------------------------------------------------

class Session:
    """What the server keeps per connection_id: the seq counter and the
    dead queue of sent (or queued) events."""

    def __init__(self):
        self.cid = new_id()
        self.next_seq = 0
        self.dead = collections.deque(maxlen=DEAD_QUEUE)  # (seq, text)
        self.conn = None


class Conn(WsConn):
    """One WebSocket connection."""

    def __init__(self, fake, n, target, headers, reader, writer):
        super().__init__(fake, n, target, headers, reader, writer)
        self.authed = False
        self.ready = False        # authenticated, hello or replay sent
        self.auth_via = None
        self.auth_failed = False
        self.token = None         # the token it authenticated with
        self.session = None
        self.sent_events = []     # (t, seq, event name)
        self.hellos = []          # (seq, connection_id)
        self.pings = {}           # payload -> time sent


class FakeMattermost(FakeServer):
    def __init__(self):
        super().__init__()
        self.reqs = []            # Req, every REST request
        self.created = []         # (t, body dict, post dict): posts made
        self.pending = {}         # pending_post_id: (t, post), as the
        #                           server's 30 s deduplication window
        self.deduped = []         # pending_post_ids answered with a post
        #                           made before
        self.sessions = {}        # connection_id -> Session
        self.current = None       # the session new events go to
        self.post_faults = collections.deque()  # "429" / "500"
        self.post_gate = None     # an asyncio.Event: answers to posts wait
        self.pinger = None
        self.tokens = (TOKEN,)    # the tokens it accepts

    # -- plumbing --

    async def _boot(self):
        await super()._boot()
        self.pinger = self.loop.create_task(self._pinger())

    # -- HTTP --

    async def _respond(self, writer, status, body, extra=None):
        reason = {200: "OK", 201: "Created", 400: "Bad Request",
                  401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
                  429: "Too Many Requests", 500: "Internal Server Error"}
        if isinstance(body, (bytes, str)):
            data = body if isinstance(body, bytes) else body.encode()
            ctype = "text/plain; charset=utf-8"
        else:
            data = dumps(body).encode()
            ctype = "application/json"
        hdrs = ["HTTP/1.1 %d %s" % (status, reason.get(status, "Status")),
                "Content-Type: " + ctype,
                "Content-Length: %d" % len(data),
                "X-Request-Id: " + new_id(),
                "X-Version-Id: %s.0.0.0.false" % SERVER_VERSION,
                "Date: " + time.strftime("%a, %d %b %Y %H:%M:%S GMT",
                                         time.gmtime())]
        hdrs += extra or []
        writer.write(("\r\n".join(hdrs) + "\r\n\r\n").encode() + data)
        await writer.drain()

    def _seen_pending(self, pid):
        """The post made for @pid in the last 30 s, or None: the real
        server deduplicates posts by pending_post_id in such a window."""
        if not pid:
            return None
        with self.cond:
            seen = self.pending.get(pid)
        if seen is None or time.monotonic() - seen[0] > 30:
            return None
        return seen[1]

    def _app_error(self, status, eid, message):
        return {"id": eid, "message": message, "detailed_error": "",
                "request_id": new_id(), "status_code": status}

    async def _rest(self, req, writer):
        status, body, extra = 404, self._app_error(
            404, "api.context.404.app_error",
            "Sorry, we could not find the page."), None
        authed = req.auth() in ["Bearer " + t for t in self.tokens]
        unauth = self._app_error(
            401, "api.context.session_expired.app_error",
            "Invalid or expired session, please login again.")
        if req.path == "/api/v4/users/me" and req.method == "GET":
            if not authed:
                status, body = 401, unauth
            else:
                status, body = 200, {
                    "id": BOT_ID, "create_at": 1700000000000,
                    "update_at": 1700000000000, "delete_at": 0,
                    "username": "newsbot", "auth_data": "",
                    "auth_service": "", "email": "newsbot@localhost",
                    "nickname": "", "first_name": "News", "last_name":
                    "Bot", "position": "", "roles": "system_user",
                    "is_bot": True, "bot_description": "Answers questions",
                    "locale": "en", "timezone": {
                        "automaticTimezone": "", "manualTimezone": "",
                        "useAutomaticTimezone": "true"},
                    "disable_welcome_email": False}
        elif req.path == "/api/v4/posts" and req.method == "POST":
            try:
                req.json = json.loads(req.body.decode("utf-8"))
            except (ValueError, UnicodeDecodeError):
                req.json = None
            fault = None
            if not authed:
                status, body = 401, unauth
            elif not isinstance(req.json, dict) or \
                    not isinstance(req.json.get("channel_id"), str) or \
                    not isinstance(req.json.get("message"), str):
                status, body = 400, self._app_error(
                    400, "api.context.invalid_body_param.app_error",
                    "Invalid or missing post in request body.")
            elif attachment_problems(req.json.get("props")):
                self._error("POST /posts: " + "; ".join(
                    attachment_problems(req.json.get("props"))))
                status, body = 400, self._app_error(
                    400, "api.context.invalid_body_param.app_error",
                    "Invalid props.")
            elif req.json["channel_id"] not in CHANNELS:
                status, body = 403, self._app_error(
                    403, "api.context.permissions.app_error",
                    "You do not have the appropriate permissions.")
            else:
                with self.cond:
                    fault = self.post_faults.popleft() \
                        if self.post_faults else None
                if fault == "429":
                    reset = 1
                    status, body = 429, "limit exceeded\n"
                    extra = ["Retry-After: 1",
                             "X-Ratelimit-Limit: 10",
                             "X-Ratelimit-Remaining: 0",
                             "X-Ratelimit-Reset: %d" % reset]
                elif fault == "500":
                    status, body = 500, self._app_error(
                        500, "app.post.save.app_error",
                        "Unable to save the post.")
                elif self._seen_pending(req.json.get("pending_post_id")):
                    # the server answers a repeat with the post it made
                    status, body = 201, self._seen_pending(
                        req.json.get("pending_post_id"))
                    with self.cond:
                        self.deduped.append(req.json["pending_post_id"])
                else:
                    t = now_ms()
                    post = {"id": new_id(), "create_at": t, "update_at": t,
                            "edit_at": 0, "delete_at": 0,
                            "is_pinned": False, "user_id": BOT_ID,
                            "channel_id": req.json["channel_id"],
                            "root_id": req.json.get("root_id") or "",
                            "original_id": "",
                            "message": req.json["message"], "type": "",
                            "props": req.json.get("props") or {},
                            "hashtags": "",
                            "pending_post_id":
                                req.json.get("pending_post_id") or "",
                            "reply_count": 0,
                            "last_reply_at": 0, "participants": None,
                            "metadata": {}}
                    status, body = 201, post
                    req.status = status
                    if post["pending_post_id"]:
                        with self.cond:
                            self.pending[post["pending_post_id"]] = (
                                time.monotonic(), post)
                    with self.cond:   # one step: a test that sees the post
                        self.reqs.append(req)     # sees its request too
                        self.created.append((time.monotonic(), req.json,
                                             post))
                    # The real server also sends the bot its own post.
                    self._emit(self._posted_event(post, "@newsbot"))
                    if self.post_gate is not None:
                        # made, but the bot does not hear so yet
                        await self.post_gate.wait()
        req.status = status
        with self.cond:
            if status != 201:
                self.reqs.append(req)
            self.cond.notify_all()
        await self._respond(writer, status, body, extra)

    # -- WebSocket --

    async def _websocket(self, method, target, headers, reader, writer):
        u = urllib.parse.urlsplit(target)
        key = headers.get("sec-websocket-key", "")
        q = dict(urllib.parse.parse_qsl(u.query, keep_blank_values=True))
        bad = None
        if method != "GET" or u.path != WS_PATH:
            bad = (404, "not the websocket path")
        elif "upgrade" not in headers.get("connection", "").lower() or \
                headers.get("sec-websocket-version") != "13" or \
                len(base64.b64decode(key + "==")) != 16:
            bad = (400, "bad websocket handshake")
        elif "connection_id" in q and (
                not re.fullmatch(r"[a-z0-9]{26}", q["connection_id"]) or
                not re.fullmatch(r"-?[0-9]+", q.get("sequence_number", ""))):
            # api4/websocket.go: a 26-character id and an integer
            # sequence_number, or the upgrade fails.
            bad = (400, "invalid connection id or sequence number")
        with self.cond:
            conn = Conn(self, len(self.conns), target, headers, reader,
                        writer)
            self.conns.append(conn)
            self.cond.notify_all()
        if bad:
            conn.server_close = bad
            conn.closed = True
            conn.t_closed = time.monotonic()
            await self._respond(writer, bad[0], self._app_error(
                bad[0], "api.web_socket.connect.upgrade.app_error",
                bad[1]))
            return
        accept = base64.b64encode(hashlib.sha1(
            (key + WS_GUID).encode()).digest()).decode()
        writer.write(("HTTP/1.1 101 Switching Protocols\r\n"
                      "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Accept: %s\r\n\r\n" % accept).encode())
        header = headers.get("authorization", "")
        if header in ["Bearer " + t for t in self.tokens]:
            conn.token = header[len("Bearer "):]
            self._authenticated(conn, "header")
        deadline = self.loop.call_later(AUTH_DEADLINE, self._auth_deadline,
                                        conn)
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
            deadline.cancel()
            with self.cond:
                conn.closed = True
                conn.t_closed = time.monotonic()
                if conn.session is not None and conn.session.conn is conn:
                    conn.session.conn = None
                self.cond.notify_all()
            try:
                writer.close()
            except Exception:
                pass

    def _auth_deadline(self, conn):
        if not conn.authed and not conn.closed:
            conn.close(1008, "not authenticated in time")

    def _on_ws_message(self, conn, text):
        try:
            msg = json.loads(text)
        except ValueError:
            msg = None
        with self.cond:
            conn.received.append((time.monotonic(), text, msg))
            self.cond.notify_all()
        if not isinstance(msg, dict) or not isinstance(msg.get("seq"), int):
            self._error("conn %d: not a request: %r" % (conn.n, text[:80]))
            return
        seq, action = msg["seq"], msg.get("action")
        data = msg.get("data") if isinstance(msg.get("data"), dict) else {}
        if action == "authentication_challenge":
            if data.get("token") in self.tokens:
                conn.token = data["token"]
                conn.send_text(dumps({"status": "OK", "seq_reply": seq}))
                if not conn.authed:
                    self._authenticated(conn, "challenge")
            else:
                conn.auth_failed = True
                conn.send_text(dumps({
                    "status": "FAIL", "seq_reply": seq, "error": {
                        "id": "api.web_socket_router.not_authenticated."
                              "app_error",
                        "message": "Invalid or expired session, please "
                                   "login again."}}))
                conn.close(1008, "authentication failed")
        elif not conn.authed:
            conn.send_text(dumps({
                "status": "FAIL", "seq_reply": seq, "error": {
                    "id": "api.web_socket_router.not_authenticated.app_error",
                    "message": "Invalid or expired session, please login "
                               "again."}}))
        elif action == "ping":
            conn.send_text(dumps({
                "status": "OK", "seq_reply": seq, "data": {
                    "text": "pong", "version": SERVER_VERSION + ".0.0",
                    "server_time": now_ms(), "node_id": ""}}))
        elif action == "user_typing":
            conn.send_text(dumps({"status": "OK", "seq_reply": seq}))
        else:
            conn.send_text(dumps({
                "status": "FAIL", "seq_reply": seq, "error": {
                    "id": "api.web_socket_router.bad_action.app_error",
                    "message": "An unknown WebSocket action."}}))

    def _authenticated(self, conn, via):
        """Attaches @conn to its session: resume, or a fresh hello."""
        conn.authed, conn.auth_via = True, via
        q = conn.query
        s = self.sessions.get(q.get("connection_id", ""))
        replay = None
        if s is not None:
            sn = int(q["sequence_number"])
            seqs = [x for x, _ in s.dead]
            if sn in seqs:
                replay = [t for x, t in s.dead if x >= sn]
            elif sn == s.next_seq:
                replay = []                 # nothing missed
            else:                           # lost: a new id, seq from 0
                del self.sessions[s.cid]
                s = None
        if s is not None and s.conn is not None and s.conn is not conn:
            old = s.conn                    # a second socket takes over
            old.close(1000, "replaced")
        with self.cond:
            if s is None:
                s = Session()
                self.sessions[s.cid] = s
            s.conn = conn
            conn.session = s
            self.current = s
            self.cond.notify_all()
        if replay is None or RESUME_HELLO:
            self._hello(conn, fresh=replay is None)
        for text in replay or []:
            conn.send_text(text)
            ev = json.loads(text)
            with self.cond:
                conn.sent_events.append((time.monotonic(), ev["seq"],
                                         ev["event"]))
        with self.cond:
            conn.ready = True
            self.cond.notify_all()

    def _hello(self, conn, fresh):
        s = conn.session
        ev = {"event": "hello", "data": {"server_version": SERVER_VERSION +
                                         ".0.0.0.false",
                                         "connection_id": s.cid},
              "broadcast": {"omit_users": None, "user_id": BOT_ID,
                            "channel_id": "", "team_id": ""}}
        if fresh:
            seq = self._emit(ev, session=s)
        else:   # MM_E2E_RESUME_HELLO: the same id, outside the sequence
            seq = ev["seq"] = max(0, s.next_seq - 1)
            conn.send_text(dumps(ev))
        with self.cond:
            conn.hellos.append((seq, s.cid))

    def _emit(self, ev, session=None, deliver=True, fragments=1):
        """Gives @ev the next seq of the session, keeps it in the dead queue
        and sends it if the session has a live socket. Returns the seq."""
        s = session or self.current
        if s is None:
            return None
        with self.cond:
            ev = dict(ev)
            ev["seq"] = s.next_seq
            s.next_seq += 1
            text = dumps(ev)
            s.dead.append((ev["seq"], text))
            c = s.conn
            if deliver and c is not None and not c.closed:
                c.sent_events.append((time.monotonic(), ev["seq"],
                                      ev["event"]))
            else:
                c = None
        if c is not None:
            c.send_text(text, fragments)
        return ev["seq"]

    def _posted_event(self, post, sender, mentions=None):
        ch = CHANNELS.get(post["channel_id"], CHANNELS["c1"])
        data = {"channel_display_name": ch["channel_display_name"],
                "channel_name": ch["channel_name"],
                "channel_type": ch["channel_type"],
                "post": post if isinstance(post, str) else dumps(post),
                "sender_name": sender, "set_online": True, "team_id": TEAM}
        if ch["channel_type"] == "D":
            data["team_id"] = ""
        if mentions:
            data["mentions"] = dumps(mentions)
        return {"event": "posted", "data": data,
                "broadcast": {"omit_users": None, "user_id": "",
                              "channel_id": post["channel_id"]
                              if isinstance(post, dict) else "c1",
                              "team_id": ""}}

    async def _pinger(self):
        n = 0
        while not self.stopping:
            await asyncio.sleep(PING_EVERY)
            for c in list(self.conns):
                if c.authed and not c.closed:
                    n += 1
                    payload = ("mm-ping-%d" % n).encode()
                    with self.cond:
                        c.pings[payload] = time.monotonic()
                    c.write(ws_frame(OP_PING, payload))


    # -- the script's side (called from the test thread) --

    def post(self, pid, message, channel="c1", root_id="", user="u_alice",
             sender="@alice", mention=True, props=None, ptype="",
             deliver=True, fragments=1, raw_post=None):
        """Sends (or queues, or loses) a posted event; returns its seq."""
        post = {"id": pid, "create_at": now_ms(), "update_at": now_ms(),
                "edit_at": 0, "delete_at": 0, "is_pinned": False,
                "user_id": user, "channel_id": channel, "root_id": root_id,
                "original_id": "", "message": message, "type": ptype,
                "props": props or {}, "hashtags": "", "pending_post_id": "",
                "reply_count": 0, "last_reply_at": 0, "participants": None,
                "metadata": {}}
        ev = self._posted_event(post, sender, [BOT_ID] if mention else None)
        if raw_post is not None:
            ev["data"]["post"] = raw_post
        return self.call(lambda: self._emit(ev, deliver=deliver,
                                            fragments=fragments))

    def resend(self, seq):
        """Sends the event @seq again under a new seq (at-least-once)."""
        def go():
            for x, text in self.current.dead:
                if x == seq:
                    ev = json.loads(text)
                    del ev["seq"]
                    return self._emit(ev)
            return None
        return self.call(go)

    def send_big(self, size):
        """A text frame of @size bytes, without a seq; returns False if no
        socket was live."""
        def go():
            c = self.current.conn if self.current else None
            if c is None or c.closed:
                return False
            head = '{"event":"custom_big_blob","data":{"blob":"'
            tail_ = '"},"broadcast":{"omit_users":null,"user_id":"",' \
                    '"channel_id":"","team_id":""}}'
            c.send_text(head + "x" * (size - len(head) - len(tail_)) + tail_)
            return True
        return self.call(go)

    def send_raw(self, data):
        """Bytes as they are on the live socket (a forged frame header);
        returns False if no socket was live."""
        def go():
            c = self.current.conn if self.current else None
            if c is None or c.closed:
                return False
            c.write(data)
            return True
        return self.call(go)

    def drop_and_queue(self, queue_fn=None, forget=False):
        """Aborts the live socket (no close frame), then runs queue_fn()
        while it is down. Returns (connection_id, next seq at the drop,
        queue_fn's result)."""
        def go():
            s = self.current
            c = s.conn
            expected = s.next_seq
            if c is not None:
                c.closed = True
                s.conn = None
                c.writer.transport.abort()
            r = queue_fn() if queue_fn else None
            if forget:
                self.sessions.pop(s.cid, None)
            return s.cid, expected, r
        return self.call(go)

    def live(self):
        """The live, authenticated connection of the current session."""
        s = self.current
        c = s.conn if s else None
        return c if c is not None and not c.closed and c.authed else None


# --- the bot --------------------------------------------------------------

ATTACHMENT_KEYS = {"fallback", "color", "pretext", "author_name",
                   "author_link", "author_icon", "title", "title_link",
                   "text", "fields", "image_url", "thumb_url", "footer",
                   "footer_icon", "timestamp", "actions", "id"}


def attachment_problems(props):
    """What is wrong with a post's props.attachments (Mattermost's message
    attachments): [] if nothing, or if there are no props."""
    if props is None:
        return []
    if not isinstance(props, dict) or not isinstance(
            props.get("attachments"), list) or not props["attachments"]:
        return ["props without a list of attachments: %r" % (props,)]
    out = []
    for a in props["attachments"]:
        if not isinstance(a, dict) or set(a) - ATTACHMENT_KEYS:
            out.append("not an attachment: %r" % (a,))
            continue
        if not isinstance(a.get("fallback"), str) or not a["fallback"]:
            out.append("an attachment without a fallback")
        if "title_link" in a and not re.match(r"https?://", a["title_link"]):
            out.append("title_link %r" % a["title_link"])
    return out


def knowledge_with_url(src, tmp, url):
    """A copy of knowledge/ whose meta.json holds the article's @url."""
    dst = os.path.join(tmp, "knowledge")
    shutil.copytree(os.path.join(src, "knowledge"), dst)
    path = os.path.join(dst, "meta.json")
    with open(path) as f:
        meta = json.load(f)
    meta["url"] = url
    with open(path, "w") as f:
        json.dump(meta, f)
    return dst


ARTICLE_URL = "https://www.dw.com/en/russia-taliban-ban/a-72050000"


class Bot(BotProcess):
    def __init__(self, binary, src, tmp, name, port, token, http=None,
                 knowledge=None):
        e = {
            "NEWSBOT_PLATFORMS": "mattermost",
            "NEWSBOT_KNOWLEDGE": knowledge or os.path.join(src, "knowledge"),
            "NEWSBOT_LOG_LEVEL": "info",
            # alice asks more than the default 5 questions a minute
            "NEWSBOT_RATE_USER": "0",
            "NEWSBOT_RATE_CHANNEL": "0",
            "MATTERMOST_URL": "http://%s:%d" % (HOST, port),
            "MATTERMOST_TOKEN": token,
        }
        if http:
            e["NEWSBOT_HTTP"] = "%s:%d" % (HOST, http)
        super().__init__(binary, tmp, name, e, argv=("--now", NOW, "run"))

    def stop(self):
        return super().stop(grace=3)


# --- the test -------------------------------------------------------------

def run(binary, src, tmp, state):
    fake = FakeMattermost()
    state["fake"] = fake
    fake.start()
    log("# fake Mattermost on http://%s:%d (resume hello: %s)" %
        (HOST, fake.port, "yes" if RESUME_HELLO else "no, as the server"))

    # Expectations come from the command line, so a change of wording in
    # the core does not break this test; the keyword must still be there.
    def expect(question, fact):
        got = cli_answer(binary, src, question)
        require("the command line answers %r with %r" % (question, fact),
                fact.lower() in got.lower(), repr(got[:160]))
        return fact

    hport = free_port()
    bot = Bot(binary, src, tmp, "bot", fake.port, TOKEN, http=hport,
              knowledge=knowledge_with_url(src, tmp, ARTICLE_URL))
    state["bots"].append(bot)

    # -- connect --
    me = fake.wait(lambda: [r for r in fake.reqs
                            if r.path == "/api/v4/users/me"], 10)
    if not me and not bot.alive():
        err = bot.stderr()
        if re.search(r"mattermost.*(not available|unknown|not configured)",
                     err, re.I):
            check("0 the bot has a Mattermost adapter", False,
                  "exit %r: %s" % (bot.proc.returncode, err.strip()[-300:]))
            raise Abort("no Mattermost adapter in this build")
    require("0 the bot calls GET /api/v4/users/me", me,
            "bot %s; stderr: %s" % ("running" if bot.alive() else
                                    "exited %r" % bot.proc.returncode,
                                    tail(bot.stderr_path, 8)))
    check("0 ... with 'Authorization: Bearer <token>'",
          me[0].auth() == "Bearer " + TOKEN, repr(me[0].auth()[:40]))
    first = fake.wait(lambda: fake.conns[0] if fake.conns else None, 10)
    require("0 the bot opens the WebSocket", first is not None)
    check("0 ... at %s with no query the first time (%r)" %
          (WS_PATH, first.target), first.target == WS_PATH)
    check("0 ... after users/me",
          me[0].t <= first.t_open)
    check("0 ... with no Authorization header on the upgrade",
          "authorization" not in first.headers)
    fake.wait(lambda: first.ready or first.closed, 8)
    require("0 the bot authenticates on the WebSocket (%s)" %
            first.auth_via, first.authed,
            "received %r" % [t for _, t, _ in first.received][:3])
    m0 = first.received[0][2] if first.received else None
    check("0 its first message is the authentication_challenge, seq 1",
          m0 == {"seq": 1, "action": "authentication_challenge",
                 "data": {"token": TOKEN}},
          repr(first.received[0][1][:120]) if first.received else "none")
    fake.wait(lambda: first.sent_events, 2)
    time.sleep(0.3)   # the hello travels

    asked = {}        # post id -> thread the answer must go to

    def replies(root, since=0):
        return [(t, b, p) for t, b, p in fake.snapshot("created")[since:]
                if b.get("root_id") == root]

    def wait_reply(root, timeout=10, since=0, n=1):
        fake.wait(lambda: len([1 for _, b, _ in fake.created[since:]
                               if b.get("root_id") == root]) >= n, timeout)
        return replies(root, since)

    def ask(name, pid, question, fact, channel="c1", root_id="", mention=True,
            timeout=10, **kw):
        """Posts @question (as alice), waits for the answer; checks its
        thread, channel and fact. Returns the reply list."""
        text = ("@newsbot " + question) if mention else question
        mark = len(fake.snapshot("created"))
        t0 = time.monotonic()
        fake.post(pid, text, channel=channel, root_id=root_id,
                  mention=mention, **kw)
        thread = root_id or pid
        asked[pid] = thread
        got = wait_reply(thread, timeout, mark)
        if not check("%s: %r answered within %d s" % (name, question,
                                                      timeout), got,
                     "posts: %r" % [b for _, b, _ in
                                    fake.snapshot("created")[mark:]]):
            return got
        t, body, _ = got[0]
        check("%s: reply in channel %s, root_id %r (%.2f s)" %
              (name, channel, thread, t - t0),
              body.get("channel_id") == channel and
              body.get("root_id") == thread, dumps(body)[:200])
        check("%s: reply contains %r" % (name, fact),
              fact.lower() in body.get("message", "").lower(),
              repr(body.get("message", "")[:200]))
        return got

    def once(name, root, settle=1.0):
        time.sleep(settle)
        n = len(replies(root))
        check("%s: answered exactly once (%d)" % (name, n), n == 1)

    # 1. Mentions in a public channel and in a thread.
    got = ask("1 channel mention", "p1", "when is the court hearing?",
              expect("when is the court hearing?", "17 April"))
    posts = [r for r in fake.snapshot("reqs") if r.path == "/api/v4/posts"]
    if posts:
        r = posts[0]
        check("1 POST /api/v4/posts carries 'Authorization: Bearer "
              "<token>'", r.auth() == "Bearer " + TOKEN)
        check("1 POST body is JSON with channel_id, message, root_id",
              isinstance(r.json, dict) and
              {"channel_id", "message", "root_id"} <= set(r.json),
              repr(r.body[:200]))
        check("1 POST Content-Type is application/json",
              r.headers.get("content-type", "").startswith(
                  "application/json"), r.headers.get("content-type", ""))
    if got:
        check("1 the reply does not echo the '@newsbot' mention",
              "@newsbot" not in got[0][1].get("message", ""))
    ask("1 mention in a thread", "p2", "who asked the court to lift the ban?",
        expect("who asked the court to lift the ban?", "Prosecutor General"),
        root_id="p0")
    ask("1 mention sent in 3 WebSocket fragments", "p3",
        "how many people died in the Moscow attack?",
        expect("how many people died in the Moscow attack?", "140"),
        fragments=3)

    # 1b. An answer with its source: the answer in the message, the source
    # in a message attachment (quote, the article linked, outlet and date).
    q1b = "When did Russia first outlaw the Taliban?"
    full = cli_answer(binary, src, q1b)
    require("1b the command line answers %r with 2003 and a Source: quote"
            % q1b, "2003" in full and "Source: \u201c" in full, full)
    got = ask("1b an answer with its source", "p1b", q1b, "2003")
    if got:
        body = got[0][1]
        att = (body.get("props") or {}).get("attachments") or [{}]
        check("1b the message is the answer without its source (%r)" %
              body.get("message", "")[:80],
              "Source:" not in body.get("message", "") and
              full.startswith(body.get("message", "")))
        check("1b one attachment: the quote with its sentence number",
              len(att) == 1 and re.match(r"^\u201c.+\u201d \(sentence \d+\)$",
                                         att[0].get("text", "")),
              repr(att)[:300])
        check("1b ... the article's title linked to its url",
              att[0].get("title") == "Russia considers suspending its ban "
              "on the Taliban" and att[0].get("title_link") == ARTICLE_URL,
              repr(att)[:300])
        check("1b ... outlet and date in the footer, the whole answer as "
              "the fallback", att[0].get("footer") ==
              "DW News \u00b7 2025-03-31" and att[0].get("fallback") == full,
              repr(att)[:300])

    # 2. A direct message, no mention.
    ask("2 direct message", "p4", "when did russia ban the taliban?",
        expect("when did russia ban the taliban?", "2003"), channel="d1",
        mention=False)

    # 3. What must stay unanswered, then an addressed question.
    mark = len(fake.snapshot("created"))
    fake.post("p5", "the hearing is on the 17th, I think", mention=False)
    fake.post("p6", "@newsbot when is the court hearing?", user=BOT_ID,
              sender="@newsbot")
    fake.post("p7", "@newsbot when is the court hearing?", user="u_other",
              sender="@otherbot", props={"from_bot": "true"})
    fake.post("p8", "@newsbot joined the channel.", user="u_bob",
              sender="@bob", ptype="system_join_channel",
              props={"username": "newsbot"})
    fake.post("p9", "@newsbot when is the court hearing?", user="u_hook",
              sender="@hook", props={"from_webhook": "true",
                                     "override_username": "hook"})
    ask("3 after the unaddressed posts", "p10", "What is the FSB?",
        expect("What is the FSB?", "security service"))
    time.sleep(1.5)
    extra = fake.snapshot("created")[mark:]
    for pid, what in (("p5", "unaddressed chat"), ("p6", "its own post"),
                      ("p7", "a from_bot post"),
                      ("p8", "a system post (type system_join_channel)"),
                      ("p9", "a from_webhook post (PROTOCOLS 3.3)")):
        check("3 no reply to %s" % what, not [1 for _, b, _ in extra
                                             if b.get("root_id") == pid])
    check("3 only the addressed question was answered (%d replies)" %
          len(extra), [b.get("root_id") for _, b, _ in extra] == ["p10"],
          repr([b.get("root_id") for _, b, _ in extra]))

    conns = fake.snapshot("conns")
    check("1-3 all on the first connection (%d connections)" % len(conns),
          len(conns) == 1 and not conns[0].closed,
          "; ".join("#%d %s closed by %s" % (
              c.n, c.target, "bot %r" % c.client_close if c.client_close
              is not None else "fake %r" % (c.server_close,)
              if c.server_close else "drop") for c in conns if c.closed))

    # 4. A post that is not JSON and a 2 MiB frame, then a question.
    before = len(fake.snapshot("conns"))
    live = fake.live()
    fake.post("p11", "", raw_post='{"id":"p11","message":"@newsbot when is'
              ' the court hearing?"')       # cut short: not JSON
    sent_big = fake.send_big(BIG_FRAME)
    check("4 the fake sent a 2 MiB text frame", sent_big)
    ask("4 after the malformed event and the big frame", "p12",
        "What does IS-K stand for?",
        expect("What does IS-K stand for?", "Khorasan"), timeout=15)
    time.sleep(0.5)
    after = fake.snapshot("conns")
    check("4 the connection was kept (%d connections before, %d after)" %
          (before, len(after)), len(after) == before and live is not None
          and not live.closed,
          "closed by %s" % (
              "the bot (close code %r)" % live.client_close
              if live is not None and live.client_close is not None else
              "the fake: %r" % (live.server_close,) if live is not None
              and live.server_close else "a dropped socket"))
    check("4 the bot is still running", bot.alive())
    check("4 no reply to the malformed post",
          not replies("p11"))

    # 4b. A frame header announcing 2^62 bytes, then a question. Read as
    # payload, the question would never arrive and the socket would hang
    # until the idle timeout (45 s); the bot must refuse the frame at its
    # header (close 1009), resume, and get the question from the replay.
    time.sleep(0.3)
    before = len(fake.snapshot("conns"))
    live = fake.live()
    seen = disconnects(hport, "mattermost")
    check("4b the fake sent a header announcing 2^62 bytes",
          fake.send_raw(bytes.fromhex("817f4000000000000000")))
    t4b = time.monotonic()
    ask("4b after the 2^62-byte header", "p12b", "Who is Vladimir Putin?",
        expect("Who is Vladimir Putin?", "president"), timeout=8)
    check("4b the bot closed that socket itself (close code %r)" %
          (live.client_close if live else None),
          live is not None and live.client_close == 1009)
    after = fake.snapshot("conns")
    check("4b ... and resumed on a new one (%d connections before, %d "
          "after, %.1f s)" % (before, len(after), time.monotonic() - t4b),
          len(after) == before + 1 and after[-1].session is not None and
          live is not None and after[-1].session is live.session)
    seen = check_disconnects("4b the refused frame", hport, "mattermost",
                             seen, {"protocol": 1})

    # 5. The server drops the socket; a question queued while it is down.
    ask("5 before the drop", "p13",
        "When did the Taliban take over Afghanistan?",
        expect("When did the Taliban take over Afghanistan?",
               "August 2021"))
    p13_seq = None
    with fake.cond:
        for x, text in fake.current.dead:
            if '\\"id\\":\\"p13\\"' in text:
                p13_seq = x
    time.sleep(0.7)   # the echo of the reply reaches the bot
    nconns = len(fake.snapshot("conns"))
    fact5 = expect("Which editor is credited on this piece?",
                   "Richard Connor")
    mark5 = len(fake.snapshot("created"))
    t_drop = time.monotonic()
    cid, expected_sn, _ = fake.drop_and_queue(
        lambda: fake._emit(fake._posted_event(
            {"id": "p14", "create_at": now_ms(), "update_at": now_ms(),
             "edit_at": 0, "delete_at": 0, "is_pinned": False,
             "user_id": "u_alice", "channel_id": "c1", "root_id": "",
             "original_id": "",
             "message": "@newsbot Which editor is credited on this piece?",
             "type": "", "props": {}, "hashtags": "", "pending_post_id": "",
             "reply_count": 0, "last_reply_at": 0, "participants": None,
             "metadata": {}}, "@alice", [BOT_ID])))
    asked["p14"] = "p14"
    re5 = fake.wait(lambda: [c for c in fake.conns[nconns:] if c.ready],
                    15)
    if check("5 the bot reconnects and authenticates within 15 s",
             re5, "%d new connections" % (len(fake.conns) - nconns)):
        c = re5[0]
        log("#   reconnected after %.2f s: %s" % (c.t_open - t_drop,
                                                  c.target))
        check("5 reconnect query has connection_id=%s" % cid,
              c.query.get("connection_id") == cid, repr(c.raw_query))
        check("5 reconnect query has sequence_number=%d (last seq + 1)" %
              expected_sn, c.query.get("sequence_number") ==
              str(expected_sn), repr(c.raw_query))
        check("5 the reconnect authenticates again with the challenge",
              c.auth_via == "challenge", str(c.auth_via))
        check("5 the session was resumed (same connection_id)",
              c.session is not None and c.session.cid == cid)
    got = wait_reply("p14", 10, mark5)
    if check("5 the question queued while down is answered", got):
        check("5 ... with %r" % fact5,
              fact5.lower() in got[0][1].get("message", "").lower(),
              repr(got[0][1].get("message", "")[:200]))
    # At-least-once: the same event again under a new seq.
    if p13_seq is not None:
        fake.resend(p13_seq)
    once("5 the queued question", "p14", 1.5)
    seen = check_disconnects("5 the dropped socket", hport, "mattermost",
                             seen, {"network": 1})
    check("5 the event sent twice (p13) is answered once (%d)" %
          len(replies("p13")), len(replies("p13")) == 1)

    # 5b. The server forgot the connection: a new connection_id.
    nconns = len(fake.snapshot("conns"))
    cid_old, _, _ = fake.drop_and_queue(forget=True)
    re5b = fake.wait(lambda: [c for c in fake.conns[nconns:] if c.ready],
                     15)
    new_cid = None
    if check("5b after an unknown connection_id the bot reconnects",
             re5b):
        c = re5b[0]
        check("5b ... sending the old connection_id",
              c.query.get("connection_id") == cid_old, repr(c.raw_query))
        new_cid = c.session.cid if c.session else None
        check("5b ... and gets a fresh hello (seq 0, a new connection_id)",
              c.hellos and c.hellos[0][0] == 0 and new_cid != cid_old)
        time.sleep(0.3)
    ask("5b after the new connection_id", "p15",
        "When did the Soviets invade Afghanistan?",
        expect("When did the Soviets invade Afghanistan?", "1980s"))

    # 5c. A resume that missed nothing: the server reuses the connection
    # and sends no hello (the real hub sends one only to a fresh
    # connection). The challenge's OK is the bot's sign that it is in; a
    # bot that waits for a hello tears the good socket down after 10 s.
    time.sleep(0.5)
    nconns = len(fake.snapshot("conns"))
    cid5c, _, _ = fake.drop_and_queue()
    re5c = fake.wait(lambda: [c for c in fake.conns[nconns:] if c.ready],
                     15)
    if check("5c after a drop with nothing missed the bot resumes", re5c):
        c = re5c[0]
        check("5c ... on the same connection_id",
              c.session is not None and c.session.cid == cid5c)
        check("5c ... and the server sent no hello",
              RESUME_HELLO or not c.hellos, repr(c.hellos))
        time.sleep(12)    # past the bot's 10 s wait for authentication
        n5c = len(fake.snapshot("conns")) - nconns
        check("5c the resumed socket is still the only one 12 s later "
              "(%d connections)" % n5c, n5c == 1 and not c.closed)
    ask("5c a question on the resumed socket", "p15c",
        "Who took over Afghanistan in 2021?",
        expect("Who took over Afghanistan in 2021?", "Taliban"))

    # 6. A gap in seq on a live socket.
    time.sleep(0.5)
    seen = disconnects(hport, "mattermost")
    nconns = len(fake.snapshot("conns"))
    cid6 = fake.current.cid
    mark6 = len(fake.snapshot("created"))
    fact6a = expect("When did IS-K strike the concert hall near Moscow?",
                    "March 2024")
    fact6b = expect("In which city did IS-K carry out the concert hall "
                    "attack?", "Moscow")
    lost = fake.post("p16", "@newsbot When did IS-K strike the concert hall "
                     "near Moscow?", deliver=False)
    fake.post("p17", "@newsbot In which city did IS-K carry out the concert "
              "hall attack?")
    asked["p16"], asked["p17"] = "p16", "p17"
    re6 = fake.wait(lambda: [c for c in fake.conns[nconns:] if c.ready],
                    15)
    if check("6 after a gap in seq the bot reconnects", re6):
        c = re6[0]
        check("6 ... with sequence_number=%d (the missing seq)" % lost,
              c.query.get("sequence_number") == str(lost),
              repr(c.raw_query))
        check("6 ... and connection_id=%s (the one from the last hello)" %
              cid6, c.query.get("connection_id") == cid6, repr(c.raw_query))
    g6a = wait_reply("p16", 10, mark6)
    g6b = wait_reply("p17", 10, mark6)
    check("6 the lost question is answered with %r" % fact6a,
          g6a and fact6a.lower() in g6a[0][1].get("message", "").lower())
    check("6 the question after the gap is answered with %r" % fact6b,
          g6b and fact6b.lower() in g6b[0][1].get("message", "").lower())
    time.sleep(1.0)
    check("6 each answered exactly once (%d, %d)" %
          (len(replies("p16")), len(replies("p17"))),
          len(replies("p16")) == 1 and len(replies("p17")) == 1)
    check_disconnects("6 the gap in seq", hport, "mattermost", seen,
                      {"protocol": 1})

    # 7. 429 with Retry-After: 1 on the first attempt.
    time.sleep(0.3)
    with fake.cond:
        fake.post_faults.append("429")
    nreq = len(fake.snapshot("reqs"))
    ask("7 through a 429", "p18",
        "Which office petitioned Russia's top court about the Taliban ban?",
        expect("Which office petitioned Russia's top court about the "
               "Taliban ban?", "Prosecutor General"), timeout=12)
    attempts = [r for r in fake.snapshot("reqs")[nreq:]
                if r.path == "/api/v4/posts" and r.json and
                r.json.get("root_id") == "p18"]
    if check("7 the first POST got the 429, a later one the 201",
             len(attempts) >= 2 and attempts[0].status == 429 and
             attempts[-1].status == 201,
             repr([(r.status) for r in attempts])):
        wait_s = attempts[1].t - attempts[0].t
        check("7 the retry waited >= 0.9 s (%.2f s)" % wait_s,
              wait_s >= 0.9)
        check("7 one retry was enough (%d attempts)" % len(attempts),
              len(attempts) == 2)
    once("7", "p18")

    # 8. 500 on one POST.
    with fake.cond:
        fake.post_faults.append("500")
    nreq = len(fake.snapshot("reqs"))
    ask("8 through a 500", "p19", "Did Putin call the Taliban an ally in "
        "2022?", expect("Did Putin call the Taliban an ally in 2022?", "No"),
        timeout=15)
    attempts = [r for r in fake.snapshot("reqs")[nreq:]
                if r.path == "/api/v4/posts" and r.json and
                r.json.get("root_id") == "p19"]
    check("8 the POST was retried after the 500 (%s)" %
          [r.status for r in attempts],
          len(attempts) >= 2 and attempts[0].status == 500)
    once("8", "p19")

    # 8b. A 500 storm with no Retry-After: three 500s, then the post
    # lands. The retries must back off (0.5 s doubling, -20% jitter at
    # worst), not burn their attempts in milliseconds.
    with fake.cond:
        fake.post_faults.extend(["500", "500", "500"])
    nreq = len(fake.snapshot("reqs"))
    ask("8b through three 500s", "p19b", "Who rules Afghanistan?",
        expect("Who rules Afghanistan?", "Taliban"), timeout=20)
    attempts = [r for r in fake.snapshot("reqs")[nreq:]
                if r.path == "/api/v4/posts" and r.json and
                r.json.get("root_id") == "p19b"]
    if check("8b three 500s, then a 201 on the fourth attempt (%s)" %
             [r.status for r in attempts],
             [r.status for r in attempts] == [500, 500, 500, 201]):
        gaps = [b.t - a.t for a, b in zip(attempts, attempts[1:])]
        check("8b the retries back off (%s s)" %
              ", ".join("%.2f" % g for g in gaps),
              gaps[0] >= 0.35 and all(b > a for a, b in zip(gaps, gaps[1:]))
              and sum(gaps) >= 2.5)
    once("8b", "p19b")

    # Across the run.
    conns = fake.snapshot("conns")
    now = time.monotonic()
    pinged = answered = 0
    for c in conns:
        got_pongs = {p for _, p in c.pongs}
        for payload, t in c.pings.items():
            if (c.t_closed or now) - t > 1.0:
                pinged += 1
                answered += payload in got_pongs
    check("the bot answers the server's WS pings (%d of %d)" %
          (answered, pinged), pinged >= 3 and answered == pinged)
    bad_seq = []
    for c in conns:
        seqs = [m["seq"] for _, _, m in c.received
                if isinstance(m, dict) and isinstance(m.get("seq"), int)]
        if seqs and (seqs[0] != 1 or
                     any(b <= a for a, b in zip(seqs, seqs[1:]))):
            bad_seq.append((c.n, seqs[:10]))
    check("the bot's request seq starts at 1 and increases on every "
          "connection", not bad_seq, repr(bad_seq))
    actions = collections.Counter(m.get("action") for c in conns
                                  for _, _, m in c.received
                                  if isinstance(m, dict))
    log("#   bot actions: %s; %d connections; fake errors: %s" %
        (dict(actions), len(conns), fake.errors or "none"))
    check("the fake saw no protocol errors from the bot", not fake.errors,
          "; ".join(fake.errors[:3]))
    check("the fake itself ran without an exception", not fake.internal,
          "; ".join(fake.internal[:3]))
    # 8c. A follow-up asked at the channel's top level continues the
    # user's last exchange there, though its answer goes to its own thread.
    ask("8c a question at the top level", "p30", "when is the court hearing?",
        "17 April")
    ask("8c a follow-up at the top level", "p31", "is that tomorrow?",
        "17 April")
    dup = collections.Counter(b.get("root_id") for _, b, _ in
                              fake.snapshot("created"))
    check("no question was answered twice over the run",
          all(dup[k] == 1 for k in set(asked.values()) if k != "p0") and
          dup.get("p0", 0) == 1,
          repr({k: v for k, v in dup.items() if v != 1}))
    check("the bot never logged its token", TOKEN not in bot.stderr())
    check("the bot's log has no sanitizer or crash report",
          not re.search(r"AddressSanitizer|LeakSanitizer|runtime error:|"
                        r"Segmentation", bot.stderr()))

    # 10. SIGTERM.
    live = fake.live()
    t0 = time.monotonic()
    bot.proc.send_signal(signal.SIGTERM)
    try:
        rc = bot.proc.wait(5)
    except subprocess.TimeoutExpired:
        rc = None
    check("10 SIGTERM: the bot exits with status 0 within 5 s (%r after "
          "%.1f s)" % (rc, time.monotonic() - t0), rc == 0)
    if live is not None:
        fake.wait(lambda: live.closed, 2)
        log("#   on SIGTERM the bot %s" % (
            "sent a close frame (code %r)" % live.client_close
            if live.client_close is not None else
            "closed the socket without a close frame" if live.closed else
            "left the socket open"))
    check("10 the token is not in the log", TOKEN not in bot.stderr())
    check("10 no sanitizer report at exit",
          not re.search(r"AddressSanitizer|LeakSanitizer|runtime error:",
                        bot.stderr()), tail(bot.stderr_path, 6))

    # 9. A rejected token.
    nconns = len(fake.snapshot("conns"))
    nreq = len(fake.snapshot("reqs"))
    t0 = time.monotonic()
    badbot = Bot(binary, src, tmp, "badbot", fake.port, BAD_TOKEN)
    state["bots"].append(badbot)
    try:
        rc = badbot.proc.wait(10)
    except subprocess.TimeoutExpired:
        rc = None
    took = time.monotonic() - t0
    err = badbot.stderr()
    check("9 a rejected token: exit status 2 within 10 s (%r after %.1f s)"
          % (rc, took), rc == 2, tail(badbot.stderr_path, 6))
    calls = [r for r in fake.snapshot("reqs")[nreq:]
             if r.path == "/api/v4/users/me"]
    check("9 users/me called once or twice (%d, statuses %s)" %
          (len(calls), [r.status for r in calls]),
          1 <= len(calls) <= 2 and all(r.status == 401 for r in calls))
    check("9 no WebSocket opened (%d)" % (len(fake.snapshot("conns")) -
                                          nconns),
          len(fake.snapshot("conns")) == nconns)
    check("9 the token is not in the log", BAD_TOKEN not in err)
    check("9 the log says the credentials were rejected",
          "rejected" in err.lower() or "401" in err, tail(badbot.stderr_path,
                                                          4))


def main():
    a = args("mattermost_e2e.py")
    if a is None:
        return 2
    return run_test(a[0], a[1], "newsbot-mm-e2e-", OVERALL_LIMIT, run,
                    {"fake": None, "bots": []}, stop_fake)


if __name__ == "__main__":
    sys.exit(main())
