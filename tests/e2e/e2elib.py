"""What the e2e tests share: the ok/FAIL harness, the command line's own
answer to a question (the expectation a chat answer is held to), and the
HTTP/1.1 request reading of the fake platforms. Python standard library
only."""

import asyncio
import json
import os
import subprocess

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
