#!/usr/bin/env python3
"""e2e.slack_commands: /news over Socket Mode, and answers in Block Kit.

usage: slack_commands_e2e.py PATH/TO/newsbot SOURCE_DIR

The fake Slack of slack_e2e.py sends slash_commands envelopes
(accepts_response_payload true, a response_url on the fake itself) and
checks every response as Slack would (response_type, a text fallback,
blocks within Block Kit's limits, & < > escaped). The bot answers from a
copy of knowledge/ whose meta.json has the article's url. Cases:

 1. /news QUESTION: the answer is the ack's payload, in_channel, with a
    section (the lead) and a context (the quote with its sentence number;
    <url|title>, outlet and date); no chat.postMessage; the ack within
    3 s; a follow-up by /news continues the exchange.
 2. /news remind us: the runtime defers it (the reminder store): an empty
    ack, then the answer POSTed to the response_url, after the ack.
 3. /news help and an empty /news: the help, ephemeral, in the ack.
 4. /news in a direct message channel (D...): answered.
 5. A mention: chat.postMessage with the same blocks and the whole plain
    answer as text.
 6. Rate limits (NEWSBOT_RATE_USER=2/60): the third command gets the
    notice (ephemeral), the fourth no answer, and still its ack.
 7. Neither a token nor a response_url's secret path is in the log.

Python 3 standard library only; every wait is bounded. Exits 0 if every
check passed, 1 if not.
"""

import json
import os
import re
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import slack_e2e as sk  # noqa: E402
from e2elib import (args, check, cli_answer, log, require,  # noqa: E402
                    run_test, stop_fake, tail)

ARTICLE_URL = "https://www.dw.com/en/russia-taliban-ban/a-72050000?x=1&y=2"
TITLE = "Russia considers suspending its ban on the Taliban"
OVERALL_LIMIT = 100


def knowledge_with_url(src, tmp):
    """A copy of knowledge/ whose meta.json holds the article's url."""
    dst = os.path.join(tmp, "knowledge")
    shutil.copytree(os.path.join(src, "knowledge"), dst)
    path = os.path.join(dst, "meta.json")
    with open(path) as f:
        meta = json.load(f)
    meta["url"] = ARTICLE_URL
    with open(path, "w") as f:
        json.dump(meta, f)
    return dst


def texts(blocks):
    """{block type: [its texts]} of @blocks."""
    out = {}
    for b in blocks or []:
        if b.get("type") == "section":
            out.setdefault("section", []).append(b["text"]["text"])
        elif b.get("type") == "context":
            out.setdefault("context", []).extend(
                e.get("text", "") for e in b.get("elements", []))
    return out


def check_answer_blocks(name, blocks, fact, quote=True):
    """The layout of an answer from the article: with its source quote
    apart (@quote), or citing the sentence in its lead."""
    t = texts(blocks)
    sec, ctx = t.get("section", []), t.get("context", [])
    check("%s: a section block with the lead (%r)" % (name, fact),
          len(sec) == 1 and fact.lower() in sk.slack_unescape(sec[0]).lower()
          and "Source:" not in sec[0], repr(sec)[:200])
    if quote:
        check("%s: a context block: the quote with its sentence number" %
              name, ctx and re.search(r"^\u201c.+\u201d \(sentence \d+\)$",
                                      ctx[0]), repr(ctx)[:200])
    link = "<%s|%s>" % (ARTICLE_URL.replace("&", "&amp;"), TITLE)
    check("%s: ... and the article: %s, outlet and date" % (name, link),
          len(ctx) == (2 if quote else 1) and ctx[-1].startswith(link) and
          "DW News" in ctx[-1] and "2025-03-31" in ctx[-1], repr(ctx)[:300])


def run(binary, src, tmp, state):
    fake = sk.FakeSlack()
    fake.echo = False
    state["fake"] = fake
    fake.start()
    log("# fake Slack on http://%s:%d/api" % (sk.HOST, fake.port))
    kdir = knowledge_with_url(src, tmp)
    bot = sk.Bot(binary, src, tmp, "bot", fake.port, knowledge=kdir,
                 env={"NEWSBOT_RATE_USER": "2/60",
                      "NEWSBOT_DB": os.path.join(tmp, "newsbot.db")})
    state["bots"].append(bot)
    require("the bot connects", fake.wait(lambda: fake.live_conns(), 15),
            tail(bot.stderr_path, 8))
    time.sleep(0.3)  # the hello travels

    def command(name, text, user, channel=sk.CHANNEL, payload=True):
        """Sends /news @text; waits for its ack. Returns (ack payload or
        None, Envelope, response_url)."""
        mark = len(fake.snapshot("posts"))
        t0 = time.monotonic()
        sent = fake.command(text, user=user, channel=channel)
        if not check("%s: the fake had a live socket" % name, sent):
            return None, None, None
        eid, url = sent
        env = fake.envelopes[eid]
        acked = fake.wait(lambda: env.t_ack, sk.ACK_DEADLINE)
        check("%s: /news %r acked within 3 s (%s)" % (
            name, text, "%.1f ms" % ((env.t_ack - t0) * 1000) if acked
            else "no ack"), acked)
        if payload:
            check("%s: the ack carries the answer" % name,
                  env.ack_payload is not None, tail(bot.stderr_path, 4))
        time.sleep(0.1)
        check("%s: no chat.postMessage for a command" % name,
              len(fake.snapshot("posts")) == mark)
        return env.ack_payload, env, url

    # -- 1. A question by /news, answered in the ack; a follow-up. --
    q1, fact1 = "When did Russia first outlaw the Taliban?", "2003"
    got = cli_answer(binary, src, q1)
    require("the command line answers %r with %r and a Source: quote" %
            (q1, fact1), fact1 in got and "Source: \u201c" in got, got)
    p, env, _ = command("1", q1, "U101")
    if p:
        check("1 response_type in_channel (%r)" % p.get("response_type"),
              p.get("response_type") == "in_channel")
        check("1 the text fallback is the whole plain answer, with its "
              "source", fact1 in p.get("text", "") and
              "Source:" in p.get("text", ""), repr(p.get("text"))[:200])
        check_answer_blocks("1", p.get("blocks"), fact1)
    fact = "17 April"
    require("the command line answers with %r" % fact, fact in cli_answer(
        binary, src, "when is the court hearing?"))
    p, env, _ = command("1b", "when is the court hearing?", "U108")
    if p:
        check_answer_blocks("1b an answer citing its sentence inline",
                            p.get("blocks"), fact, quote=False)
    p, _, _ = command("1b follow-up", "is that tomorrow?", "U108")
    check("1b a follow-up by /news continues the exchange (%r)" % fact,
          p and fact in p.get("text", ""), repr(p)[:200])

    # -- 2. A reminder command: deferred to the response_url. --
    n0 = len(fake.snapshot("responses"))
    p, env, url = command("2", "remind us", "U102", payload=False)
    check("2 the ack is empty (deferred)", env is not None and
          env.t_ack is not None and env.ack_payload is None,
          repr(env.ack_payload if env else None))
    got = fake.wait(lambda: fake.responses[n0:], 5)
    if check("2 the answer is POSTed to the response_url within 5 s",
             got, tail(bot.stderr_path, 6)):
        r = got[0]
        check("2 ... at this command's response_url", r.command is env,
              r.path)
        check("2 ... after the ack arrived", env.t_ack_arrive is not None
              and env.t_ack_arrive <= r.t_arrive + sk.TIE)
        j = r.json or {}
        check("2 ... in_channel, saying the channel is subscribed (%r)" %
              j.get("text", "")[:80], j.get("response_type") ==
              "in_channel" and re.search(r"remind", j.get("text", ""), re.I))
        check("2 ... exactly once", len(fake.snapshot("responses")) ==
              n0 + 1)

    # -- 3. Help, and an empty /news. --
    for name, text in (("3 /news help", "help"), ("3 an empty /news", "")):
        p, _, _ = command(name, text, "U103" if text else "U104")
        if p:
            check("%s: ephemeral (%r)" % (name, p.get("response_type")),
                  p.get("response_type") == "ephemeral")
            check("%s: the help (%r)" % (name, p.get("text", "")[:60]),
                  "I answer questions about" in p.get("text", ""))

    # -- 4. In a direct message. --
    p, _, _ = command("4 in a DM", "who asked the court?", "U105",
                      channel=sk.IM)
    check("4 answered (Prosecutor General)", p and
          "Prosecutor General" in p.get("text", ""), repr(p)[:200])

    # -- 5. A mention: blocks and the text fallback. --
    mark = len(fake.snapshot("posts"))
    ev = sk.mention(q1, user="U106")
    fake.send(ev)
    got = fake.wait(lambda: [r for r in fake.posts[mark:] if r.ok()], 10)
    if check("5 a mention is answered with chat.postMessage", got,
             repr([r.body[:100] for r in fake.snapshot("posts")[mark:]])):
        j = got[0].json
        check("5 the text is the whole plain answer (the fallback)",
              fact1 in j.get("text", "") and "Source:" in j.get("text", ""))
        check_answer_blocks("5", j.get("blocks"), fact1)

    # -- 6. Rate limits: a notice, then silence; every command acked. --
    for i, want in enumerate(("answer", "answer", "notice", "none")):
        p, env, _ = command("6 command %d" % (i + 1), "what is the FSB?",
                            "U107", payload=want != "none")
        if want == "notice":
            check("6 the third gets the rate-limit notice, ephemeral",
                  p and p.get("response_type") == "ephemeral" and
                  "faster" in p.get("text", ""), repr(p)[:200])
        elif want == "none":
            check("6 the fourth: acked empty, no answer", env is not None
                  and env.t_ack is not None and env.ack_payload is None)

    # -- Across the run. --
    check("the fake saw no protocol errors", not fake.errors,
          "; ".join(fake.errors[:4]))
    check("the fake ran without an exception", not fake.internal,
          "; ".join(fake.internal[:3]))
    err = bot.stderr()
    secrets = [u.split("/")[-1] for u in fake.response_urls]
    check("no token and no response_url secret in the log",
          not sk.secrets_logged(err) and not [s for s in secrets if s in err])
    check("no sanitizer or crash report", not sk.crash_report(err))


def main():
    a = args("slack_commands_e2e.py")
    if a is None:
        return 2
    return run_test(a[0], a[1], "newsbot-slackcmd-e2e-", OVERALL_LIMIT, run,
                    {"fake": None, "bots": []}, stop_fake)


if __name__ == "__main__":
    sys.exit(main())
