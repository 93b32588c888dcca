#!/usr/bin/env python3
"""cli.console_tty: the console under a pseudo-terminal, as a person meets
it. A question typed, then Up-arrow and Enter: the line editor brings the
question back, so its answer comes twice, and the arrow's escape sequence
is never read as text. The history is saved under $XDG_STATE_HOME.

usage: console_pty.py path/to/newsbot
Every wait is bounded; the test fails rather than hangs."""
import os
import pty
import select
import signal
import sys
import tempfile
import time

QUESTION = b"When is the hearing?"
ANSWER = b"17 April 2025"
UP = b"\x1b[A"


def read_until(fd, buf, want, count, timeout, start=0):
    """Reads from @fd into @buf until @want occurs @count times after
    @start."""
    end = time.monotonic() + timeout
    while buf.count(want, start) < count:
        left = end - time.monotonic()
        if left <= 0:
            return False
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # EIO: the child closed the terminal
            return buf.count(want, start) >= count
        if not chunk:
            return buf.count(want, start) >= count
        buf.extend(chunk)
    return True


def main():
    bot = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, XDG_STATE_HOME=os.path.join(tmp, "state"),
                   HOME=tmp, TERM="xterm")
        for key in list(env):
            if key.startswith("NEWSBOT_"):
                del env[key]
        pid, fd = pty.fork()
        if pid == 0:
            os.chdir(tmp)  # no .env of the checkout's
            os.execve(bot, [bot, "console"], env)
        out = bytearray()
        ok = True
        try:
            ok = read_until(fd, out, b"> ", 1, 20)
            # libedit takes the terminal into its own mode just after the
            # prompt shows: typing ahead of that would be echoed by the
            # terminal as well, so wait a moment, as a person does.
            if ok:
                time.sleep(0.5)
                os.write(fd, QUESTION + b"\r")
                ok = read_until(fd, out, ANSWER, 1, 20)
            if ok:  # the next prompt, after the answer: the editor waits
                ok = read_until(fd, out, b"> ", 1, 10, out.index(ANSWER))
            if ok:
                time.sleep(0.5)
                os.write(fd, UP)
                time.sleep(0.3)
                os.write(fd, b"\r")
                ok = read_until(fd, out, ANSWER, 2, 20)
            if ok:
                os.write(fd, b"quit\r")
                read_until(fd, out, b"\x00", 1, 5)  # to the end of output
        finally:
            status = 0
            for _ in range(50):
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    break
                time.sleep(0.1)
            else:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                print("FAIL: the console did not leave on \"quit\"")
                ok = False
            os.close(fd)
        text = out.decode("utf-8", "replace")
        if not ok or out.count(ANSWER) < 2:
            print("FAIL: the answer did not come twice:\n" + text)
            return 1
        if "^[[A" in text or "[A" in text.replace("\x1b[A", ""):
            print("FAIL: the Up arrow was read as text:\n" + text)
            return 1
        if os.WIFEXITED(status) and os.WEXITSTATUS(status) != 0:
            print("FAIL: the console exited %d" % os.WEXITSTATUS(status))
            return 1
        hist = os.path.join(tmp, "state", "newsbot", "history")
        # libedit writes spaces as \040
        if not os.path.exists(hist) or "hearing" not in open(hist).read():
            print("FAIL: no history saved in " + hist)
            return 1
    print("ok: asked twice through the history; %d bytes" % len(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
