#!/usr/bin/env python3
"""pgtmp: a throwaway PostgreSQL server for tests, on 127.0.0.1 only.

usage: pgtmp.py start DIR   make DIR, initdb, start on a free port, create
                            the role and database "newsbot"; writes DIR/uri
                            (postgresql://newsbot:PASSWORD@127.0.0.1:PORT/
                            newsbot) and prints it
       pgtmp.py down DIR    stop the server at once (-m immediate), keep
                            its data and port: a lost server, for tests
       pgtmp.py up DIR      start it again on the same port
       pgtmp.py stop DIR    stop it (if running) and remove DIR

Importable: start(dir) -> uri, down(dir), up(dir), stop(dir).

The binaries are the newest /usr/lib/postgresql/<version>/bin (Debian's
postgresql package), or PGTMP_BINDIR. Run as root, the server runs as the
"postgres" system user (PostgreSQL refuses to run as root); its data and
socket go under DIR when that user can reach DIR, else in a folder of
/tmp that DIR/state names, so that a build tree inside a private home
still works. fsync is off: the data is for one test run, and survives
down() but not a crash of the machine. Every wait is
bounded (pg_ctl -w -t 30, subprocess timeouts). Python 3 standard
library only.
"""

import json
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile

ROLE = "newsbot"
DATABASE = "newsbot"
ADMIN = "pgtmp"  # the superuser initdb makes; reached over the socket only
WAIT = 30  # seconds: pg_ctl -t, and the bound on every other command
SOCKET_MAX = 100  # sun_path is 108 bytes, ".s.PGSQL.NNNNN" included


class Error(Exception):
    pass


def bindir():
    """The newest installed server's bin folder, or PGTMP_BINDIR."""
    env = os.environ.get("PGTMP_BINDIR")
    if env:
        if not os.path.exists(os.path.join(env, "initdb")):
            raise Error("PGTMP_BINDIR=%s holds no initdb" % env)
        return env
    root = "/usr/lib/postgresql"
    found = []
    if os.path.isdir(root):
        for v in os.listdir(root):
            b = os.path.join(root, v, "bin")
            if v.isdigit() and os.path.exists(os.path.join(b, "initdb")):
                found.append((int(v), b))
    if not found:
        raise Error("no PostgreSQL server binaries in %s/<version>/bin: "
                    "install Debian's postgresql package (.ci/run deps) or "
                    "set PGTMP_BINDIR" % root)
    return max(found)[1]


def as_server_user():
    """The argv prefix that runs a command as the server's user."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        raise Error("running as root, but there is no 'postgres' user to "
                    "run the server as: install the postgresql package")
    return ["runuser", "-u", "postgres", "--"]


def run(argv, what, env=None):
    try:
        p = subprocess.run(argv, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True,
                           timeout=WAIT + 10, env=env)
    except subprocess.TimeoutExpired:
        raise Error("%s: no answer in %d s" % (what, WAIT + 10))
    except OSError as e:
        raise Error("%s: %s" % (what, e))
    if p.returncode != 0:
        raise Error("%s failed (exit %d):\n%s" % (what, p.returncode,
                                                  p.stdout.strip()))
    return p.stdout


def free_port():
    """A port free on 127.0.0.1 now (the kernel's pick, as fake servers
    do); start() retries on another if the server loses the race."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def reachable_by_server(path):
    """True if the server's user can enter @path (root: the postgres user
    needs search permission on every folder above it)."""
    if os.geteuid() != 0:
        return True
    p = subprocess.run(as_server_user() + ["test", "-x", path, "-a", "-w",
                                           path],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=WAIT)
    return p.returncode == 0


def give_to_server(path):
    if os.geteuid() == 0:
        pw = pwd.getpwnam("postgres")
        os.chown(path, pw.pw_uid, pw.pw_gid)
    os.chmod(path, 0o700)


def load(d):
    try:
        with open(os.path.join(d, "state.json")) as f:
            return json.load(f)
    except FileNotFoundError:
        raise Error("%s holds no server made by pgtmp.py start" % d)


def pg_ctl(st, *args):
    return run(as_server_user() + [os.path.join(st["bindir"], "pg_ctl"),
                                   "-D", st["data"], "-w", "-t", str(WAIT)]
               + list(args), "pg_ctl " + args[-1])


def server_start(st):
    pg_ctl(st, "-l", os.path.join(st["home"], "log"), "start")


def write_conf(st):
    conf = os.path.join(st["data"], "postgresql.conf")
    with open(conf, "a") as f:
        # fsync off: what is committed survives the server's crash (down)
        # but not the machine's. synchronous_commit stays on: off, a
        # commit just before down() could be lost, which a test of a
        # lost server must not see.
        f.write("\n# pgtmp.py: loopback only, nothing kept across a crash\n"
                "listen_addresses = '127.0.0.1'\n"
                "port = %d\n"
                "unix_socket_directories = '%s'\n"
                "fsync = off\n"
                "full_page_writes = off\n"
                "shared_buffers = 32MB\n"
                "max_connections = 60\n"
                "log_min_messages = warning\n" % (st["port"], st["home"]))


def make_home(d):
    """Where the server's data and socket live: DIR/pg, or a folder of
    /tmp when the server's user cannot reach DIR or its path is too
    long for a socket."""
    home = os.path.join(d, "pg")
    if len(home) < SOCKET_MAX - 20:
        os.mkdir(home)
        give_to_server(home)
        if reachable_by_server(home):
            return home
        os.rmdir(home)
    home = tempfile.mkdtemp(prefix="pgtmp-")
    give_to_server(home)
    return home


def create_role(st, password):
    psql = os.path.join(st["bindir"], "psql")
    sql = ("CREATE ROLE %s LOGIN PASSWORD '%s';"
           "CREATE DATABASE %s OWNER %s;" % (ROLE, password, DATABASE, ROLE))
    for stmt in sql.split(";")[:-1]:  # CREATE DATABASE: not in a block
        run(as_server_user() + [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1",
                                "-h", st["home"], "-p", str(st["port"]),
                                "-U", ADMIN, "-d", "postgres", "-c", stmt],
            "psql: " + stmt.split(" PASSWORD")[0])


def start(d):
    """Make DIR and a running server in it; return its URI."""
    d = os.path.abspath(d)
    if os.path.exists(os.path.join(d, "state.json")):
        stop(d)  # what an aborted run left
    elif os.path.exists(d) and os.listdir(d):
        raise Error("%s exists and is not a pgtmp.py folder" % d)
    b = bindir()
    os.makedirs(d, exist_ok=True)
    os.chmod(d, 0o755)
    st = {"bindir": b, "home": make_home(d)}
    st["data"] = os.path.join(st["home"], "data")
    with open(os.path.join(d, "state.json"), "w") as f:
        json.dump(st, f)  # stop() can clean up from here on
    password = secrets.token_hex(12)
    pwfile = os.path.join(st["home"], "pw")
    with open(pwfile, "w") as f:
        f.write("unused\n")  # initdb wants one for scram; the admin uses
    give_to_server(pwfile)   # the socket, where trust applies
    run(as_server_user() + [os.path.join(b, "initdb"), "-D", st["data"],
                            "-U", ADMIN, "-E", "UTF8", "--no-locale",
                            "--auth-local=trust",
                            "--auth-host=scram-sha-256",
                            "--pwfile=" + pwfile, "--no-sync"], "initdb")
    os.unlink(pwfile)
    for attempt in range(3):
        st["port"] = free_port()
        shutil.copy(os.path.join(st["data"], "postgresql.conf"),
                    os.path.join(st["home"], "conf.orig"))
        write_conf(st)
        try:
            server_start(st)
            break
        except Error:
            if attempt == 2:
                raise Error("the server did not start; its log:\n"
                            + tail(os.path.join(st["home"], "log")))
            shutil.copy(os.path.join(st["home"], "conf.orig"),
                        os.path.join(st["data"], "postgresql.conf"))
    create_role(st, password)
    st["uri"] = "postgresql://%s:%s@127.0.0.1:%d/%s" % (
        ROLE, password, st["port"], DATABASE)
    with open(os.path.join(d, "state.json"), "w") as f:
        json.dump(st, f)
    with open(os.path.join(d, "uri"), "w") as f:
        f.write(st["uri"] + "\n")
    return st["uri"]


def tail(path, n=20):
    try:
        with open(path) as f:
            return "".join(f.readlines()[-n:])
    except OSError as e:
        return str(e)


def down(d):
    """Stop the server at once, as a crash would; data and port kept."""
    pg_ctl(load(os.path.abspath(d)), "-m", "immediate", "stop")


def up(d):
    """Start the server again after down(), on the same port."""
    server_start(load(os.path.abspath(d)))


def stop(d):
    """Stop the server if it runs and remove DIR (and its /tmp folder)."""
    d = os.path.abspath(d)
    if not os.path.exists(d):
        return
    try:
        st = load(d)
    except Error:
        st = None
    if st and os.path.exists(os.path.join(st["data"], "postmaster.pid")):
        try:
            pg_ctl(st, "-m", "immediate", "stop")
        except Error as e:
            print("pgtmp: %s" % e, file=sys.stderr)
    if st and not st["home"].startswith(d + os.sep):
        shutil.rmtree(st["home"], ignore_errors=True)
    shutil.rmtree(d, ignore_errors=True)


def main(argv):
    cmds = {"start": start, "down": down, "up": up, "stop": stop}
    if len(argv) != 3 or argv[1] not in cmds:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    try:
        out = cmds[argv[1]](argv[2])
    except Error as e:
        print("pgtmp.py %s: %s" % (argv[1], e), file=sys.stderr)
        return 1
    if out:
        print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
