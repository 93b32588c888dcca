"""The server side of RFC 6455 framing, for the fake platforms of the e2e
tests: frames out, frames in (masked, fragmented, control frames), and
whole messages with pings answered. Python standard library only.

A connection passed to ws_read_message() has .reader (an asyncio
StreamReader), .write(bytes) and .fake with record_pong(conn, data) and
record_client_close(conn, code)."""

import struct
import time
import urllib.parse

OP_CONT, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0, 1, 2, 8, 9, 10


class WsError(Exception):
    def __init__(self, code, why):
        super().__init__(why)
        self.code = code


def ws_frame(op, payload=b"", fin=True):
    """A server frame: never masked."""
    b0 = (0x80 if fin else 0) | op
    n = len(payload)
    if n < 126:
        head = struct.pack("!BB", b0, n)
    elif n < 65536:
        head = struct.pack("!BBH", b0, 126, n)
    else:
        head = struct.pack("!BBQ", b0, 127, n)
    return head + payload


def unmask(key, data):
    n = len(data)
    k = (key * (n // 4 + 1))[:n]
    return (int.from_bytes(data, "big") ^ int.from_bytes(k, "big")).to_bytes(
        n, "big")


async def ws_read_frame(reader, limit):
    """(fin, opcode, payload) of one client frame; clients must mask."""
    b0, b1 = await reader.readexactly(2)
    fin, op, n = bool(b0 & 0x80), b0 & 0x0F, b1 & 0x7F
    if b0 & 0x70:
        raise WsError(1002, "RSV bits set (no extension was agreed)")
    if not b1 & 0x80:
        raise WsError(1002, "unmasked frame from the client")
    if n == 126:
        n = struct.unpack("!H", await reader.readexactly(2))[0]
    elif n == 127:
        n = struct.unpack("!Q", await reader.readexactly(8))[0]
    if op >= 8 and (n > 125 or not fin):
        raise WsError(1002, "bad control frame")
    if n > limit:
        raise WsError(1009, "frame of %d bytes over the read limit" % n)
    key = await reader.readexactly(4)
    return fin, op, unmask(key, await reader.readexactly(n))


async def ws_read_message(conn, limit):
    """The next text or binary message, reassembled; answers pings, records
    pongs; None once the peer closed."""
    parts, first_op = [], None
    while True:
        fin, op, data = await ws_read_frame(conn.reader, limit)
        if op == OP_PING:
            conn.write(ws_frame(OP_PONG, data))
        elif op == OP_PONG:
            conn.fake.record_pong(conn, data)
        elif op == OP_CLOSE:
            code = struct.unpack("!H", data[:2])[0] if len(data) >= 2 else None
            conn.fake.record_client_close(conn, code)
            conn.write(ws_frame(OP_CLOSE, data[:2]))
            return None
        elif op in (OP_TEXT, OP_BINARY):
            if first_op is not None:
                raise WsError(1002, "new message inside a fragmented one")
            first_op, parts = op, [data]
        elif op == OP_CONT:
            if first_op is None:
                raise WsError(1002, "continuation without a start")
            parts.append(data)
        else:
            raise WsError(1002, "unknown opcode %d" % op)
        if op in (OP_TEXT, OP_BINARY, OP_CONT):
            if sum(len(p) for p in parts) > limit:
                raise WsError(1009, "message over the read limit")
            if fin:
                msg = b"".join(parts)
                if first_op == OP_TEXT:
                    try:
                        return msg.decode("utf-8")
                    except UnicodeDecodeError:
                        raise WsError(1007, "invalid UTF-8 in a text frame")
                return msg


class WsConn:
    """One WebSocket connection of a fake: what every fake keeps of it, and
    text and close frames out. Each platform's Conn adds its own state."""

    def __init__(self, fake, n, target, headers, reader, writer):
        self.fake = fake
        self.n = n
        self.t_open = time.monotonic()
        self.t_closed = None
        self.target = target
        u = urllib.parse.urlsplit(target)
        self.path = u.path
        self.raw_query = u.query
        self.query = dict(urllib.parse.parse_qsl(u.query,
                                                 keep_blank_values=True))
        self.headers = headers
        self.reader = reader
        self.writer = writer
        self.received = []        # (t, text, parsed JSON or None)
        self.pongs = []           # (t, payload)
        self.client_close = None  # the code in the bot's close frame
        self.server_close = None  # why the fake closed, if it did
        self.closed = False

    def write(self, data):
        if not self.closed and not self.writer.is_closing():
            self.writer.write(data)

    def send_text(self, text, fragments=1):
        data = text.encode("utf-8")
        if fragments <= 1:
            self.write(ws_frame(OP_TEXT, data))
            return
        step = max(1, len(data) // fragments + 1)
        chunks = [data[i:i + step] for i in range(0, len(data), step)]
        for i, c in enumerate(chunks):
            self.write(ws_frame(OP_TEXT if i == 0 else OP_CONT, c,
                                fin=i == len(chunks) - 1))

    def close(self, code, why):
        self.server_close = (code, why)
        self.write(ws_frame(OP_CLOSE, struct.pack("!H", code) +
                            why.encode()[:100]))
        self.closed = True
        try:
            self.writer.close()
        except Exception:
            pass
