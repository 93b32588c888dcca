#!/usr/bin/env python3
"""e2e.discord_cmds: slash commands and embeds against the fake Discord.

usage: discord_cmds_e2e.py PATH/TO/newsbot SOURCE_DIR

The fake is the one of discord_e2e.py: it also serves GET/PUT of the
application's commands (global and per guild), dispatches
INTERACTION_CREATE, answers the interaction callback with 204 within 3 s
of the dispatch and with 404 code 10062 ("Unknown interaction") after
that (or when it was sent "late"), refuses a second acknowledgement
(40060), takes PATCH /webhooks/{app}/{token}/messages/@original once the
interaction is acknowledged, checks every message, callback and embed
against Discord's limits, and refuses embeds with 403 code 50013 in the
channels it is told lack Embed Links.

The bot answers from a copy of the knowledge whose meta.json has a url.
Scenarios: (1) the commands registered at start by one PUT after a GET;
(2) /news with a question answered by a type 4 callback carrying an embed
(lead, "Source" field with the quote as a blockquote and its sentence,
the title linked to the url, outlet and date in the footer); (3) help,
ephemeral (flags 64); (4) /news-summary and /news-upcoming; (5) a
reminder command through /news: type 5 at once, then PATCH @original;
(6) a direct message's interaction (user, not member); (7) a 429 on the
callback retried within the window; (8) an expired interaction (10062)
logged and not retried; (9) a mention answered with an embed; (10) a
channel that refuses embeds: plain text after the 403, and from then on;
(10b) the gateway closing right after an INTERACTION_CREATE: the
interaction is still answered over REST (leaks show under ASan);
(11) a restart: the commands, unchanged, are not written again; changed
on Discord's side, they are; with DISCORD_GUILD_ID the guild's commands
are used; (12) a rate-limited interaction still gets an (ephemeral)
answer. Python 3 standard library only; every wait is bounded.
"""

import json
import os
import re
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import discord_e2e as dc  # noqa: E402
from e2elib import (Abort, args, check, log, require,  # noqa: E402,F401
                    run_test, stop_fake, tail)

OVERALL_LIMIT = 150
URL = "https://www.dw.com/en/russia-taliban-ban/a-72090000"
NAMES = {"news", "news-summary", "news-upcoming"}
GUILD_ID = "123456789012345678"   # DISCORD_GUILD_ID: a snowflake

dc.CHANNELS["c2"] = dc.GUILD    # a channel without Embed Links


def knowledge_with_url(src, tmp):
    """A copy of the knowledge folder whose meta.json has a url."""
    kdir = os.path.join(tmp, "knowledge")
    shutil.copytree(os.path.join(src, "knowledge"), kdir)
    path = os.path.join(kdir, "meta.json")
    with open(path) as f:
        meta = json.load(f)
    meta["url"] = URL
    with open(path, "w") as f:
        json.dump(meta, f)
    return kdir, meta


def question(text):
    return [{"name": "question", "type": 3, "value": text}]


def run(binary, src, tmp, state):
    fake = dc.FakeDiscord()
    state["fake"] = fake
    fake.start()
    kdir, meta = knowledge_with_url(src, tmp)
    env = {"NEWSBOT_DB": os.path.join(tmp, "remind.db")}
    n_bots = [0]

    def start(extra=None):
        n_bots[0] += 1
        nconn = len(fake.snapshot("conns"))
        b = dc.Bot(binary, src, tmp, "bot%d" % n_bots[0], fake.port,
                   env=dict(env, **(extra or {})), knowledge=kdir)
        state["bots"].append(b)
        ok = fake.wait(lambda: len(fake.conns) > nconn and
                       fake.live() is fake.conns[-1], 10)
        require("the bot %s connects and identifies" % b.name, ok,
                tail(b.stderr_path, 8))
        return b

    def cmd_reqs(since, method=None):
        return [r for r in fake.snapshot("reqs")[since:]
                if "/commands" in r.path and
                (method is None or r.method == method)]

    # 1. Registration at start.
    bot = start()
    got = fake.wait(lambda: fake.command_puts, 10)
    reqs = cmd_reqs(0)
    if check("1 the commands are registered at start (GET, then one PUT)",
             got and [r.method for r in reqs] == ["GET", "PUT"],
             "%r" % [(r.method, r.path, r.status) for r in reqs]):
        r = reqs[1]
        check("1 ... PUT /applications/900/commands (global) with the bot "
              "token", r.path == "/api/v10/applications/900/commands" and
              r.auth() == "Bot " + dc.TOKEN, r.path)
        body = {c["name"]: c for c in r.json}
        check("1 ... /news, /news-summary, /news-upcoming (%s)" %
              sorted(body), set(body) == NAMES)
        opts = body.get("news", {}).get("options", [])
        check("1 ... /news has a required string option 'question' (%s)" %
              dc.dumps(opts), len(opts) == 1 and opts[0].get("name") ==
              "question" and opts[0].get("type") == 3 and
              opts[0].get("required") is True)
    time.sleep(0.3)

    def answer_of(ix, n=1, timeout=5):
        fake.wait(lambda: len([c for c in fake.callbacks
                               if c[1] is ix]) >= n, timeout)
        return [c for c in fake.snapshot("callbacks") if c[1] is ix]

    # 2. /news with a question: type 4 and an embed.
    ix = fake.interaction("news", question("When did Russia first outlaw "
                                           "the Taliban?"))
    cbs = answer_of(ix)
    if check("2 /news is answered by one callback", len(cbs) == 1,
             repr(cbs)):
        t, _, body, status = cbs[0]
        log("#   callback %.1f ms after the INTERACTION_CREATE" %
            ((t - ix.t) * 1000))
        check("2 ... type 4, accepted (204) within 3 s (%.2f s)" %
              (t - ix.t), status == 204 and body.get("type") == 4)
        data = body.get("data") or {}
        embeds = data.get("embeds") or []
        check("2 ... not ephemeral (flags %r)" % data.get("flags"),
              not data.get("flags"))
        if check("2 ... one embed", len(embeds) == 1, dc.dumps(data)[:300]):
            e = embeds[0]
            check("2 embed description is the answer, without the quote "
                  "(%r)" % e.get("description"), "2003" in
                  (e.get("description") or "") and "Source:" not in
                  (e.get("description") or ""))
            f = (e.get("fields") or [{}])[0]
            check("2 embed field 'Source': the quote as a blockquote with "
                  "its sentence (%r)" % f, f.get("name") == "Source" and
                  f.get("value", "").startswith("> ") and
                  "list of banned terrorist organizations" in
                  f.get("value", "") and "sentence 5" in f.get("value", ""))
            check("2 embed title is the article's, linked to its url "
                  "(%r, %r)" % (e.get("title"), e.get("url")),
                  e.get("title") == meta["title"] and e.get("url") == URL)
            foot = (e.get("footer") or {}).get("text", "")
            check("2 embed footer: outlet and date (%r)" % foot,
                  "DW News" in foot and "2025-03-31" in foot)
        check("2 ... no mention can ping (allowed_mentions.parse [])",
              (data.get("allowed_mentions") or {}).get("parse") == [])

    # 2b. An answer that says its sentence itself: the number in the field.
    ix = fake.interaction("news", question("when is the court hearing?"))
    cbs = answer_of(ix)
    e = ((cbs[0][2].get("data") or {}).get("embeds") or [{}])[0] \
        if cbs else {}
    check("2b an answer citing its sentence: the embed's description is "
          "the answer, the field says the sentence (%s)" % dc.dumps(e)[:300],
          "17 April" in (e.get("description") or "") and
          "(sentence" not in (e.get("description") or "") and
          (e.get("fields") or [{}])[0].get("value") == "sentence 4")

    # 3. Help: ephemeral.
    ix = fake.interaction("news", question("help"))
    cbs = answer_of(ix)
    if check("3 /news help is answered", cbs and cbs[0][3] == 204,
             repr(cbs)):
        data = cbs[0][2].get("data") or {}
        check("3 ... ephemeral: type 4 with flags 64 (%r)" %
              data.get("flags"), cbs[0][2].get("type") == 4 and
              data.get("flags") == 64)
        check("3 ... the help text", len(dc.text_of(data)) > 40,
              dc.text_of(data)[:100])

    # 4. /news-summary and /news-upcoming.
    for name, word in (("news-summary", "Prosecutor General"),
                       ("news-upcoming", "17 April")):
        ix = fake.interaction(name)
        cbs = answer_of(ix)
        check("4 /%s answered with %r" % (name, word), cbs and
              cbs[0][3] == 204 and word in dc.text_of(cbs[0][2].get("data")),
              repr(cbs)[:300])

    # 5. A reminder command: deferred (type 5), then PATCH @original.
    ix = fake.interaction("news", question("remind us"))
    cbs = answer_of(ix)
    fake.wait(lambda: [e for e in fake.edits if e[1] is ix], 10)
    edits = [e for e in fake.snapshot("edits") if e[1] is ix]
    if check("5 /news remind us: a type 5 callback first (%r)" %
             [(c[2].get("type"), c[3]) for c in cbs],
             cbs and cbs[0][2].get("type") == 5 and cbs[0][3] == 204):
        log("#   type 5 %.1f ms after the INTERACTION_CREATE" %
            ((cbs[0][0] - ix.t) * 1000))
    if check("5 ... then one PATCH @original (%d)" % len(edits),
             len(edits) == 1, repr(edits)[:200]):
        t, _, body, status = edits[0]
        check("5 ... after the type 5 was accepted, and accepted (%r)" %
              status, cbs and t >= cbs[0][0] and status == 200)
        check("5 ... saying the channel is subscribed (%r)" %
              dc.text_of(body)[:120],
              re.search(r"remind", dc.text_of(body), re.I))
    check("5 ... and no second callback", len(answer_of(ix, 2, 0.5)) == 1)

    # 6. A direct message's interaction.
    ix = fake.interaction("news", question("when did russia ban the "
                                           "taliban?"), channel="dm1")
    cbs = answer_of(ix)
    check("6 an interaction in a DM (user, no member) is answered",
          cbs and cbs[0][3] == 204 and "2003" in
          dc.text_of(cbs[0][2].get("data")), repr(cbs)[:300])

    # 7. A 429 on the callback: retried within the window.
    with fake.cond:
        fake.callback_faults.append("429")
    ix = fake.interaction("news", question("who asked the court to lift "
                                           "the ban?"))
    cbs = answer_of(ix, 2)
    statuses = [c[3] for c in cbs]
    if check("7 a 429 on the callback, then a retry accepted (%r)" %
             statuses, statuses == [429, 204]):
        check("7 ... after retry_after (0.3 s): %.2f s" %
              (cbs[1][0] - cbs[0][0]), cbs[1][0] - cbs[0][0] >= 0.28)
        check("7 ... within the 3 s (%.2f s)" % (cbs[1][0] - ix.t),
              cbs[1][0] - ix.t < 3.0)

    # 8. An interaction that expired before the bot answered.
    ix = fake.interaction("news", question("what is the FSB?"), late=3.2)
    cbs = answer_of(ix)
    time.sleep(1.5)
    cbs = answer_of(ix, 1, 0)
    check("8 an expired interaction: one callback, answered 10062, not "
          "retried (%r)" % [c[3] for c in cbs],
          [c[3] for c in cbs] == [404])
    check("8 ... logged as expired", re.search(
        r"interaction %s expired" % ix.id, bot.stderr()),
        tail(bot.stderr_path, 4))

    # 9. A mention, answered with an embed.
    def replies(mid, since):
        return [(t, ch, b) for t, ch, b, _ in fake.snapshot("created")[since:]
                if (b.get("message_reference") or {}).get("message_id") ==
                mid]

    mark = len(fake.snapshot("created"))
    fake.message("m9", "<@900> when is the court hearing?",
                 mentions=[dict(dc.BOT_USER)])
    fake.wait(lambda: replies("m9", mark), 5)
    got = replies("m9", mark)
    if check("9 a mention is answered", got):
        b = got[0][2]
        e = (b.get("embeds") or [{}])[0]
        check("9 ... with an embed: answer, source, title and url (%s)" %
              dc.dumps(b)[:200], "17 April" in (e.get("description") or "")
              and (e.get("fields") or [{}])[0].get("name") == "Source" and
              e.get("url") == URL)
        check("9 ... and no content beside it (%r)" % b.get("content"),
              not b.get("content"))
        check("9 ... as a reply to the question, pinging nobody else",
              (b.get("allowed_mentions") or {}).get("parse") == [])

    # 10. A channel that refuses embeds (no Embed Links): 403 50013, then
    # plain text, there from then on.
    with fake.cond:
        fake.no_embed_channels.add("c2")
    nreq = len(fake.snapshot("reqs"))
    mark = len(fake.snapshot("created"))
    fake.message("m10", "<@900> when is the court hearing?", channel="c2",
                 mentions=[dict(dc.BOT_USER)])
    def c2_posts():
        return [r for r in fake.reqs[nreq:]
                if r.channel == "c2" and r.method == "POST"]

    # the message is recorded just before its request: wait for both
    fake.wait(lambda: replies("m10", mark) and
              [r for r in c2_posts() if r.status == 200], 8)
    got = replies("m10", mark)
    posts = c2_posts()
    check("10 refused with 403, the answer comes as plain text (%r)" %
          [r.status for r in posts], got and [r.status for r in posts] ==
          [403, 200] and not got[0][2].get("embeds") and
          "17 April" in got[0][2].get("content", ""),
          repr(got)[:200])
    nreq = len(fake.snapshot("reqs"))
    mark = len(fake.snapshot("created"))
    fake.message("m10b", "<@900> who asked the court to lift the ban?",
                 channel="c2", mentions=[dict(dc.BOT_USER)])
    fake.wait(lambda: replies("m10b", mark) and
              [r for r in c2_posts() if r.status == 200], 5)
    time.sleep(0.2)
    with fake.cond:
        posts = c2_posts()
    check("10 ... the channel is remembered: plain text at once (%r)" %
          [r.status for r in posts], [r.status for r in posts] == [200] and
          not posts[0].json.get("embeds"))

    # 10b. The gateway closes right after an INTERACTION_CREATE: the
    # interaction is still answered (over REST), the session resumed.
    old = fake.live()
    nconn = len(fake.snapshot("conns"))
    ix = fake.interaction("news", question("remind us"))
    fake.detach()
    fake.close_conn(old, 4000, "Unknown error.")
    cbs = answer_of(ix)
    fake.wait(lambda: [e for e in fake.edits if e[1] is ix], 10)
    check("10b a socket closed under an interaction: still acknowledged "
          "and answered (%r, %d edits)" % ([c[3] for c in cbs], len(
              [e for e in fake.snapshot("edits") if e[1] is ix])),
          [c[3] for c in cbs] == [204] and
          [e[3] for e in fake.snapshot("edits") if e[1] is ix] == [200])
    check("10b ... and the bot resumes", fake.wait(
        lambda: [c for c in fake.conns[nconn:] if c.resumes], 10))

    # 12. A rate-limited asker still gets an answer to the interaction.
    # (run on the next bot, whose limits are on)

    # 11. Restarts: unchanged commands are not written again.
    puts = len(fake.snapshot("command_puts"))
    nreq = len(fake.snapshot("reqs"))
    bot.stop()
    bot = start({"NEWSBOT_RATE_USER": "2/60"})
    fake.wait(lambda: cmd_reqs(nreq, "GET"), 10)
    time.sleep(1.0)
    check("11 a restart with the commands unchanged: a GET, no PUT (%r)" %
          [(r.method, r.status) for r in cmd_reqs(nreq)],
          len(cmd_reqs(nreq, "GET")) == 1 and
          len(fake.snapshot("command_puts")) == puts)

    ixs = [fake.interaction("news", question("when is the court hearing?"))
           for _ in range(3)]
    for i, x in enumerate(ixs):
        cbs = answer_of(x)
        data = (cbs[0][2].get("data") or {}) if cbs else {}
        if i < 2:
            check("12 question %d within the rate limit answered" % (i + 1),
                  cbs and cbs[0][3] == 204 and "17 April" in
                  dc.text_of(data))
        else:
            check("12 the third, over NEWSBOT_RATE_USER=2/60, still gets an "
                  "ephemeral answer (%r)" % dc.text_of(data)[:80],
                  cbs and cbs[0][3] == 204 and data.get("flags") == 64 and
                  "17 April" not in dc.text_of(data))

    # 11b. Commands changed on Discord's side: written again.
    with fake.cond:
        fake.commands["global"][0]["description"] = "an older description"
    nreq = len(fake.snapshot("reqs"))
    bot.stop()
    bot = start()
    fake.wait(lambda: len(fake.command_puts) > puts, 10)
    check("11 commands changed on Discord's side: a GET, then a PUT (%r)" %
          [(r.method, r.status) for r in cmd_reqs(nreq)],
          [r.method for r in cmd_reqs(nreq)] == ["GET", "PUT"])

    # 11c. DISCORD_GUILD_ID: the guild's commands.
    nreq = len(fake.snapshot("reqs"))
    bot.stop()
    bot = start({"DISCORD_GUILD_ID": GUILD_ID})
    fake.wait(lambda: len(cmd_reqs(nreq, "PUT")) > 0, 10)
    reqs = cmd_reqs(nreq)
    check("11 DISCORD_GUILD_ID: GET and PUT the guild's commands (%r)" %
          [(r.method, r.path) for r in reqs],
          [r.method for r in reqs] == ["GET", "PUT"] and
          all(r.path == "/api/v10/applications/900/guilds/%s/commands" %
              GUILD_ID for r in reqs))
    ix = fake.interaction("news", question("when is the court hearing?"))
    cbs = answer_of(ix)
    check("11 ... and /news is answered", cbs and cbs[0][3] == 204)

    # Across the run.
    errs = bot.stderr() + "".join(b.stderr() for b in state["bots"])
    with fake.cond:
        tokens = [x.token for x in fake.interactions.values()]
    check("no bot token and no interaction token in any log",
          dc.TOKEN not in errs and not [t for t in tokens if t in errs])
    check("the fake saw no protocol errors from the bot", not fake.errors,
          "; ".join(fake.errors[:3]))
    check("the fake itself ran without an exception", not fake.internal,
          "; ".join(fake.internal[:3]))
    check("no sanitizer or crash report", not dc.crash_report(errs))
    rc = bot.stop()
    check("SIGTERM: exit 0 (%r)" % rc, rc == 0)


def main():
    a = args("discord_cmds_e2e.py")
    if a is None:
        return 2
    return run_test(a[0], a[1], "newsbot-dc-cmds-", OVERALL_LIMIT, run,
                    {"fake": None, "bots": []}, stop_fake)


if __name__ == "__main__":
    sys.exit(main())
