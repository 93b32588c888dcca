#!/usr/bin/env python3
"""e2e.metrics: NEWSBOT_HTTP's /metrics scraped by a real Prometheus and
/healthz, with the bot on the fake Mattermost of mattermost_e2e.py.

usage: metrics_e2e.py PATH/TO/newsbot SOURCE_DIR

Starts the fake Mattermost and the bot with NEWSBOT_HTTP on free loopback
ports, then Debian's /usr/bin/prometheus (its own free port, a temporary
config and data folder, scrape_interval 1s) scraping the bot. Asks
questions, and checks through Prometheus's /api/v1/query that the counts
arrived; checks `promtool check metrics` on a real scrape, /healthz 200
while connected and 503 naming mattermost once its server is gone, 404
and 405. Exits 77 (skipped) when prometheus or promtool is not installed.
Every wait is bounded; every process is stopped at the end.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mattermost_e2e as mm  # noqa: E402
from e2elib import (BotProcess, args, check, disconnects,  # noqa: E402
                    log, require, run_test)

PROMETHEUS = "/usr/bin/prometheus"
PROMTOOL = "/usr/bin/promtool"
HOST = "127.0.0.1"
LIMIT = 100


def free_port():
    s = socket.socket()
    s.bind((HOST, 0))
    port = s.getsockname()[1]
    s.close()
    return port


def get(port, path, method="GET", data=None, timeout=2):
    req = urllib.request.Request("http://%s:%d%s" % (HOST, port, path),
                                 method=method, data=data)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()
    except OSError as e:
        return 0, str(e)


def until(fn, timeout, every=0.2):
    end = time.monotonic() + timeout
    while True:
        v = fn()
        if v or time.monotonic() > end:
            return v
        time.sleep(every)


class Prometheus:
    def __init__(self, tmp, target):
        self.port = free_port()
        self.dir = os.path.join(tmp, "prometheus")
        os.makedirs(self.dir)
        cfg = os.path.join(self.dir, "prometheus.yml")
        with open(cfg, "w") as f:
            f.write("global:\n  scrape_interval: 1s\n"
                    "  scrape_timeout: 1s\n"
                    "scrape_configs:\n  - job_name: newsbot\n"
                    "    static_configs:\n"
                    "      - targets: ['%s']\n" % target)
        self.log = open(os.path.join(self.dir, "log"), "wb")
        self.proc = subprocess.Popen(
            [PROMETHEUS, "--config.file=" + cfg,
             "--storage.tsdb.path=" + os.path.join(self.dir, "data"),
             "--web.listen-address=%s:%d" % (HOST, self.port)],
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log,
            start_new_session=True)

    def query(self, q):
        st, body = get(self.port, "/api/v1/query?query=" +
                       urllib.parse.quote(q))
        if st != 200:
            return None
        res = json.loads(body).get("data", {}).get("result", [])
        return float(res[0]["value"][1]) if res else None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def run(binary, src, tmp, state):
    fake = mm.FakeMattermost()
    state["fake"] = fake
    fake.start()
    hport = free_port()
    env = {"NEWSBOT_PLATFORMS": "mattermost",
           "NEWSBOT_KNOWLEDGE": os.path.join(src, "knowledge"),
           "NEWSBOT_LOG_LEVEL": "info",
           "NEWSBOT_RATE_USER": "0", "NEWSBOT_RATE_CHANNEL": "0",
           "MATTERMOST_URL": "http://%s:%d" % (HOST, fake.port),
           "MATTERMOST_TOKEN": mm.TOKEN,
           "NEWSBOT_HTTP": "%s:%d" % (HOST, hport)}
    bot = BotProcess(binary, tmp, "bot", env, argv=("--now", mm.NOW, "run"))
    state["bots"].append(bot)

    st = until(lambda: get(hport, "/healthz")[0] == 200 and 200, 10)
    require("1 /healthz answers 200 once Mattermost is connected", st == 200,
            repr(get(hport, "/healthz")))
    st, body = get(hport, "/healthz")
    h = json.loads(body)
    check("1 ... with status ok, the platform ready, version and uptime",
          h["status"] == "ok" and h["platforms"][0]["name"] == "mattermost"
          and h["platforms"][0]["state"] == "ready"
          and h["platforms"][0]["last_error"] is None
          and "version" in h and h["uptime_seconds"] >= 0, body)
    check("1 other paths 404", get(hport, "/nope")[0] == 404)
    check("1 POST is 405", get(hport, "/metrics", "POST", b"x=1")[0] == 405)

    prom = Prometheus(tmp, "%s:%d" % (HOST, hport))
    state["prom"] = prom

    # Questions: three answered "when", one declined.
    n = 0
    for q in ["when is the court hearing?"] * 3 + ["what colour is the moon"
                                                  " on mars?"]:
        n += 1
        mark = len(fake.snapshot("created"))
        fake.post("q%d" % n, "@newsbot " + q)
        fake.wait(lambda: len(fake.created) > mark, 10)
    check("2 the bot answered the four questions",
          len(fake.snapshot("created")) >= 4)

    t0 = time.monotonic()
    st, text = get(hport, "/metrics")
    ms = (time.monotonic() - t0) * 1000
    check("2 /metrics answers 200 (%.1f ms)" % ms, st == 200)
    p = subprocess.run([PROMTOOL, "check", "metrics"], input=text,
                       capture_output=True, text=True, timeout=20)
    check("2 promtool check metrics accepts a real scrape",
          p.returncode == 0, (p.stdout + p.stderr)[-600:])

    up = until(lambda: prom.query('up{job="newsbot"}') == 1.0, 30)
    require("3 Prometheus scrapes the bot (up == 1)", up,
            open(os.path.join(prom.dir, "log")).read()[-600:])
    q = ('sum(newsbot_questions_total{platform="mattermost",'
         'outcome="answered"})')
    got = until(lambda: prom.query(q) == 3.0 and 3.0, 10)
    check("3 Prometheus: 3 answered questions", got == 3.0,
          repr(prom.query(q)))
    q = ('sum(newsbot_questions_total{platform="mattermost",'
         'outcome="declined"})')
    check("3 Prometheus: 1 declined question", prom.query(q) == 1.0,
          repr(prom.query(q)))
    q = 'newsbot_answer_latency_seconds_count{platform="mattermost"}'
    check("3 Prometheus: 4 latencies observed", prom.query(q) == 4.0,
          repr(prom.query(q)))
    q = 'newsbot_connections_total{platform="mattermost"}'
    check("3 Prometheus: 1 connection", prom.query(q) == 1.0)
    check("3 Prometheus: build_info is 1",
          prom.query("newsbot_build_info") == 1.0)
    q = 'count(newsbot_disconnects_total{platform="mattermost"})'
    check("3 Prometheus: a disconnects series for each of the 10 reasons, "
          "none counted yet", prom.query(q) == 10.0 and prom.query(
              'sum(newsbot_disconnects_total{platform="mattermost"})') ==
          0.0, repr(prom.query(q)))

    fake.stop()
    state["fake"] = None
    st = until(lambda: get(hport, "/healthz")[0] == 503 and 503, 10)
    st, body = get(hport, "/healthz")
    check("4 /healthz 503 once the Mattermost server is gone", st == 503,
          body)
    try:
        h = json.loads(body)
        pl = h["platforms"][0]
        check("4 ... naming mattermost, not ready, since when, last error",
              h["status"] != "ok" and pl["name"] == "mattermost" and
              pl["state"] != "ready" and pl["since"].endswith("Z") and
              pl["last_error"], body)
    except ValueError:
        check("4 ... a JSON body", False, body)
    d = disconnects(hport, "mattermost")
    check("4 /metrics: one disconnect, as closed_by_server or network "
          "(%r)" % {r: v for r, v in d.items() if v},
          sum(d.values()) == 1 and
          d.get("closed_by_server", 0) + d.get("network", 0) == 1, repr(d))
    t0 = time.monotonic()
    st, _ = get(hport, "/healthz")
    check("4 /healthz answers fast while reconnecting (%.1f ms)" %
          ((time.monotonic() - t0) * 1000), st == 503)


def teardown(state, failed):
    if state.get("prom"):
        state["prom"].stop()
    if state.get("fake") is not None:
        state["fake"].stop()


def main():
    a = args("metrics_e2e.py")
    if a is None:
        return 2
    if not (shutil.which(PROMETHEUS) and shutil.which(PROMTOOL)):
        log("skipped: %s or %s is not installed (Debian: prometheus)" %
            (PROMETHEUS, PROMTOOL))
        return 77
    return run_test(a[0], a[1], "newsbot-metrics-e2e-", LIMIT, run,
                    {"fake": None, "bots": [], "prom": None}, teardown)


if __name__ == "__main__":
    sys.exit(main())
