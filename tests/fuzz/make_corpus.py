#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets, tests/fuzz/corpus/<target>/
seed-*, from the tests' own data: tests/data/questions.jsonl and match.tsv,
knowledge/facts.json (cut down), .env.example, and the payloads the e2e
fakes send (tests/e2e/*_e2e.py); and the libFuzzer dictionaries
tests/fuzz/<target>.dict (JSON tokens and each protocol's keys, IRC
commands, .env keys, question words). Run it from anywhere after changing
that data; seed-* files it no longer makes are removed, and every other
file (crash-*, the inputs that once crashed) is kept as a regression.

    python3 tests/fuzz/make_corpus.py
"""

import json
import os
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CORPUS = os.path.join(ROOT, "tests", "fuzz", "corpus")
RS = b"\x1e"  # the irc_adapter frame separator


def cmd(c, arg=b""):
    """A harness command frame (see tests/fuzz/harness.h)."""
    return b"\x01" + c.encode() + arg


def close(code, reason=b""):
    return cmd("c", bytes([code >> 8, code & 0xFF]) + reason)


def dumps(obj):
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


class Corpus:
    def __init__(self):
        self.files = {}

    def add(self, target, name, data):
        if isinstance(data, str):
            data = data.encode("utf-8")
        key = (target, "seed-" + name)
        assert key not in self.files, key
        self.files[key] = data

    def write(self):
        targets = sorted({t for t, _ in self.files})
        for t in targets:
            d = os.path.join(CORPUS, t)
            os.makedirs(d, exist_ok=True)
            keep = {n for tt, n in self.files if tt == t}
            for old in os.listdir(d):
                if old.startswith("seed-") and old not in keep:
                    os.remove(os.path.join(d, old))
        total = 0
        for (t, n), data in sorted(self.files.items()):
            with open(os.path.join(CORPUS, t, n), "wb") as f:
                f.write(data)
            total += len(data)
        print("%d seed files, %d bytes" % (len(self.files), total))


def questions():
    with open(os.path.join(ROOT, "tests", "data", "questions.jsonl")) as f:
        return [json.loads(line) for line in f if line.strip()]


def match_questions():
    out = []
    with open(os.path.join(ROOT, "tests", "data", "match.tsv")) as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#") and "\t" in line:
                out.append(line.split("\t")[0])
    return out


def every(items, n):
    """@n items spread over @items."""
    if len(items) <= n:
        return list(items)
    step = len(items) / n
    return [items[int(i * step)] for i in range(n)]


# ---- answer and batch ----

CONVERSATIONS = {
    "concert-followups": ["Tell me about the concert hall attack",
                          "When was that?", "Who was behind it?", "why?"],
    "hearing-followups": ["When is the hearing?", "Will it be public?",
                          "Who asked for it?", "What did he say?",
                          "how many days until the hearing?"],
    "commands": ["help", "summary", "tl;dr", "in 3 sentences", "timeline",
                 "key dates", "what's upcoming?",
                 "what happened most recently?"],
    "reminders": ["remind us", "reminders", "when is the next reminder?",
                  "stop reminders", "ping us before the hearing"],
    "context-free": ["When?", "Who was behind it?", "why?"],
    "robust": ["Supreme Cort hearing whn?", "WHO ASKED THE COURT",
               "hearing date?", "taliban banned what year",
               "\u201cWhen\u201d is the hearing \u2014 exactly?",
               "Was the law passed in 2019?",
               "How much does the FSB spend?"],
    "odd-bytes": ["\u00e9t\u00e9 \u0130stanbul \ufb01 \u2163 \u212a",
                  "   ", "", "\t\r", "\U0001f600 when? \U0001f600",
                  "a" * 300],
}


def add_answer(c):
    qs = questions()
    for q in every(qs, 48):
        c.add("answer", q["id"], q["text"])
    for i, q in enumerate(every(match_questions(), 24)):
        c.add("answer", "match-%02d" % i, q)
    # the development set's conversations, in order
    convs = {}
    for q in qs:
        if q.get("channel", "").startswith("conv-"):
            convs.setdefault(q["channel"], []).append(q["text"])
    for ch, lines in sorted(convs.items()):
        c.add("answer", ch, "\n".join(lines))
    for name, lines in CONVERSATIONS.items():
        c.add("answer", name, "\n".join(lines))
    c.add("answer", "invalid-utf8", b"When is the \xff\xfe hearing?\n\xc3(")
    c.add("answer", "nul", b"When is the\x00 hearing?")


def add_batch(c):
    qs = questions()
    chunk = every(qs, 40)
    for i in range(0, len(chunk), 5):
        lines = [dumps({"id": q["id"], "text": q["text"],
                        "channel": q["channel"]}) for q in chunk[i:i + 5]]
        c.add("batch", "questions-%02d" % (i // 5), "\n".join(lines) + "\n")
    convs = {}
    for q in qs:
        if q.get("channel", "").startswith("conv-"):
            convs.setdefault(q["channel"], []).append(q)
    for ch, items in sorted(convs.items())[:4]:
        c.add("batch", ch, "".join(
            dumps({"id": q["id"], "text": q["text"], "channel": ch}) + "\n"
            for q in items))
    c.add("batch", "malformed", "\n".join([
        '{"id": 1, "text": "When is the hearing?"}',
        'not json',
        '{"id": "a", "text": 42}',
        '{"id": "b", "text": "who?", "channel": 7}',
        '{"id": "c"}',
        '[1, 2, 3]',
        '{"id": "d", "text": "when\\u0000 is it?"}',
        '{"id": {"x": 1}, "text": "summary", "channel": null}',
        '{"id": "e", "text": "timeline", "user": "alice"}',
        '{"id": "f", "text": "why?", "channel": ""}',
        '{"id": "g", "text": "\\ud800 broken surrogate"}',
        '',
        '{"id": "h", "text": "' + "x" * 600 + '"}',
    ]) + "\r\n")
    c.add("batch", "no-final-newline",
          '{"id": "z", "text": "What is the article about?", '
          '"channel": "c1"}')
    c.add("batch", "binary", b'{"id": "bin", "text": "\xff\xfe"}\n\x00\n')


# ---- irc ----

IRC_LINES = [
    ":irc.example.net CAP * LS :message-tags server-time echo-message batch",
    ":irc.example.net CAP * LS * :multi-prefix sasl",
    ":irc.example.net CAP newsbot ACK :message-tags server-time",
    ":irc.example.net CAP * NAK :echo-message",
    ":irc.example.net 001 newsbot :Welcome to the ExampleNet IRC Network "
    "newsbot!newsbot@127.0.0.1",
    ":irc.example.net 005 newsbot CASEMAPPING=ascii BOT=B CHANTYPES=# "
    "NICKLEN=30 LINELEN=512 :are supported by this server",
    ":irc.example.net 005 newsbot CASEMAPPING=strict-rfc1459 :are supported",
    ":irc.example.net 433 * newsbot :Nickname is already in use.",
    ":irc.example.net 432 * new$bot :Erroneous Nickname",
    ":irc.example.net 464 newsbot :Password incorrect",
    ":irc.example.net 404 newsbot #news :Cannot send to channel",
    ":irc.example.net 401 newsbot bob :No such nick",
    ":irc.example.net 474 newsbot #banned :Cannot join channel (+b)",
    ":newsbot!newsbot@127.0.0.1 JOIN :#news",
    "@time=2025-04-03T09:15:00.000Z;msgid=abc123 :alice!alice@127.0.0.1 "
    "PRIVMSG #news :newsbot: when is the hearing?",
    ":alice!a@h PRIVMSG newsbot :who asked the court?",
    ":alice!a@h PRIVMSG #news :!news summary",
    ":alice!a@h PRIVMSG #news :NewsBot, what's upcoming?",
    ":alice!a@h PRIVMSG #news :\x01ACTION waves\x01",
    ":alice!a@h PRIVMSG newsbot :\x01VERSION\x01",
    "@bot;inspircd.org/bot :robo!r@h PRIVMSG #news :newsbot: hi",
    "@draft/bot :robo!r@h PRIVMSG #news :newsbot: hi",
    "@inspircd.org/echo :newsbot!newsbot@127.0.0.1 PRIVMSG #news :alice: On "
    "17 April 2025",
    ":alice!a@h NOTICE newsbot :when is the hearing?",
    "PING :irc.example.net",
    "@time=2025-04-03T10:00:00.000Z PING :irc.example.net",
    ":irc.example.net PONG irc.example.net :newsbot",
    ":irc.example.net PONG irc.example.net :newsbot-post-1",
    ":tmi.twitch.tv RECONNECT",
    ":tmi.twitch.tv NOTICE * :Login authentication failed",
    "ERROR :Closing link: (newsbot@127.0.0.1) [Access denied by "
    "configuration]",
    "@badge-info=;badges=broadcaster/1;color=#FF0000;display-name=Alice;"
    "emotes=;id=b34ccfc7-4977-403a-8a94-33c6bac34fb8;mod=0;room-id=1337;"
    "subscriber=0;tmi-sent-ts=1507246572675;turbo=0;user-id=1337;"
    "user-type= :alice!alice@alice.tmi.twitch.tv PRIVMSG #somechannel "
    ":newsbot: timeline",
    "@a=b\\:c\\sd\\\\e\\r\\n\\x\\;k2;k3= :n!u@h CMD p1 p2 :trailing with "
    "spaces",
    "@ :",
    ":alice!a@h",
    ":alice!a@h PRIVMSG",
    ":!@ PRIVMSG #news :newsbot: when is the hearing?",
    "CMD " + " ".join("p%d" % i for i in range(16)),
]


def add_irc(c):
    for i, line in enumerate(IRC_LINES):
        c.add("irc_line", "line-%02d" % i, line)
    c.add("irc_line", "twitch-multi",
          ":tmi.twitch.tv 001 newsbot :Welcome, GLHF!\r\n"
          ":tmi.twitch.tv 002 newsbot :Your host is tmi.twitch.tv\r\n"
          ":tmi.twitch.tv 376 newsbot :>\r\n")
    c.add("irc_line", "bytes", b"\xff\xfe\xc3(\xed\xa0\x80 PING :x\r\n"
          b":a!b@c PRIVMSG #news :when\x00 is it?\n\n\r\n")
    c.add("irc_line", "long-tags",
          "@" + ";".join("k%d=%s" % (i, "v" * 40) for i in range(40)) +
          " :a!b@c PRIVMSG #news :hi")
    c.add("irc_line", "long-line",
          ":a!b@c PRIVMSG #news :" + "word " * 110)

    def seq(*frames):
        return RS.join(f.encode() if isinstance(f, str) else f
                       for f in frames)

    ask = ":alice!alice@127.0.0.1 PRIVMSG #news :newsbot: %s"
    c.add("irc_adapter", "questions", seq(
        ask % "when is the hearing?",
        ":bob!bob@h PRIVMSG newsbot :who asked the court?",
        ":carol!c@h PRIVMSG #world :!news summary",
        "PING :irc.example.net",
        ask % "timeline"))
    c.add("irc_adapter", "followups", seq(
        ask % "Tell me about the concert hall attack",
        ask % "When was that?", ask % "why?"))
    c.add("irc_adapter", "ignored", seq(
        ":alice!a@h NOTICE newsbot :when is the hearing?\r\n"
        ":alice!a@h PRIVMSG newsbot :\x01VERSION\x01\r\n"
        "@bot :robo!r@h PRIVMSG #news :newsbot: hi\r\n"
        ":newsbot!n@h PRIVMSG #news :newsbot: when?\r\n"
        ":NewsBot!n@h PRIVMSG #news :newsbot: when?\r\n"
        ":alice!a@h PRIVMSG #news :when is the hearing?\r\n",
        ask % "when is the hearing?"))
    c.add("irc_adapter", "reminders", seq(
        ask % "remind us", ask % "reminders", cmd("p"),
        ":irc.example.net PONG irc.example.net :newsbot-post-1",
        cmd("p"), ":irc.example.net 404 newsbot #news :Cannot send",
        ":irc.example.net PONG irc.example.net :newsbot-post-2",
        cmd("p"), close(1006), ask % "stop reminders"))
    c.add("irc_adapter", "reconnect-raw", seq(
        ":tmi.twitch.tv RECONNECT", cmd("o"),
        ":irc.example.net CAP * LS :message-tags",
        ":irc.example.net 433 * newsbot :Nickname is already in use",
        ":irc.example.net 433 * newsbot_ :Nickname is already in use",
        ":irc.example.net CAP * ACK :message-tags",
        ":irc.example.net 001 newsbot_2 :Welcome newsbot_2",
        ":irc.example.net 005 newsbot_2 BOT=B :are supported",
        ":newsbot_2!n@127.0.0.1 JOIN #news",
        ":alice!a@h PRIVMSG #news :newsbot_2: when is the hearing?"))
    c.add("irc_adapter", "auth-failure", seq(
        cmd("o"), ":tmi.twitch.tv NOTICE * :Login authentication failed",
        close(1000)))
    c.add("irc_adapter", "bad-password", seq(
        cmd("o"), ":irc.example.net 464 * :Password incorrect",
        "ERROR :Closing link: [Access denied by configuration]",
        close(1000)))
    c.add("irc_adapter", "erroneous-nick", seq(
        cmd("o"), ":irc.example.net 432 * newsbot :Erroneous Nickname"))
    c.add("irc_adapter", "twitch", seq(
        ":tmi.twitch.tv CAP * ACK :twitch.tv/tags twitch.tv/commands\r\n"
        "@badge-info=;color=#FF0000;display-name=Alice;id=b34c;mod=0;"
        "user-id=1337 :alice!alice@alice.tmi.twitch.tv PRIVMSG #news "
        ":newsbot: who is in charge of Afghanistan?\r\n"
        "PING :tmi.twitch.tv\r\n"))
    c.add("irc_adapter", "timeouts", seq(
        ask % "summary", cmd("t", bytes([100])), cmd("t", bytes([200])),
        cmd("T"), ":irc.example.net PONG irc.example.net :newsbot",
        cmd("t", bytes([250]))))
    c.add("irc_adapter", "malformed", seq(
        b":alice!a@h PRIVMSG #news :newsbot: when\x00 is the hearing?",
        b"\xff\xfe\xc3(\xed\xa0\x80 PING :x\r\n",
        "", "\r\n\n", "@ :", ":alice!a@h PRIVMSG #news",
        cmd("b", b":alice!a@h PRIVMSG #news :newsbot: \xff when?"),
        ":a!b@c PRIVMSG #news :newsbot: " + "why " * 120,
        cmd("s"), ask % "when is the hearing?"))


# ---- slack ----

def slack_envelope(event, event_id, eid):
    return dumps({
        "envelope_id": eid, "type": "events_api",
        "accepts_response_payload": False, "retry_attempt": 0,
        "retry_reason": "",
        "payload": {"type": "event_callback", "team_id": "T1",
                    "api_app_id": "A1", "event_id": event_id,
                    "event_time": 1743671700,
                    "authorizations": [{"enterprise_id": None,
                                        "team_id": "T1", "user_id": "UBOT",
                                        "is_bot": True}],
                    "event": event}})


RESPONSE_URL = "https://hooks.slack.com/commands/T1/1/secret"


def slack_mention(q, ts, **extra):
    ev = {"type": "app_mention", "user": "U222",
          "text": "<@UBOT> " + q, "ts": ts, "team": "T1",
          "channel": "C111", "event_ts": ts}
    ev.update(extra)
    return ev


def slack_dm(text, ts, **extra):
    ev = {"type": "message", "channel": "D999", "channel_type": "im",
          "user": "U222", "text": text, "ts": ts, "event_ts": ts,
          "team": "T1"}
    ev.update(extra)
    return ev


def add_slack(c):
    def lines(*frames):
        return b"\n".join(f.encode() if isinstance(f, str) else f
                          for f in frames)

    n = [0]

    def env(ev):
        n[0] += 1
        return slack_envelope(ev, "Ev%08d" % n[0],
                              "e%04d-5b1e-4c4e-9a0d" % n[0])

    c.add("slack", "questions", lines(
        env(slack_mention("when is the hearing?", "1743671700.000100")),
        env(slack_dm("who asked the court?", "1743671701.000100")),
        env(slack_mention("why?", "1743671702.000100",
                          thread_ts="1743671700.000100")),
        env(slack_mention("summary &amp; &lt;timeline&gt;",
                          "1743671703.000100"))))
    same = env(slack_mention("timeline", "1743671710.000100"))
    c.add("slack", "redelivered", lines(same, same))
    c.add("slack", "ignored", lines(
        env(slack_dm("hi", "1743671704.000100", subtype="message_changed")),
        env(slack_dm("hi", "1743671705.000100", bot_id="B2")),
        env(slack_dm("hi", "1743671706.000100", user="UBOT")),
        env(slack_mention("hi", "1743671707.000100", channel_type="channel")),
        env({"type": "reaction_added", "user": "U222"}),
        env({"type": "message", "channel": "C111", "user": "U222",
             "text": "<@UBOT> when?", "ts": "1.2"}),
        dumps({"type": "events_api", "payload": {"event": {}}}),
        dumps({"envelope_id": "x", "type": "slash_commands",
               "payload": {"command": "/news"}}),
        '{"envelope_id":"y","type":"events_api","payload":{"event":',
        "not json", "[]", "{}"))
    for reason in ["refresh_requested", "warning", "too_many_websockets",
                   "link_disabled"]:
        c.add("slack", "disconnect-" + reason, lines(
            dumps({"type": "disconnect", "reason": reason,
                   "debug_info": {"host": "applink-1"}}),
            env(slack_mention("when is the hearing?", "1743671720.000100"))))
    c.add("slack", "reconnects", lines(
        close(1006), env(slack_mention("who?", "1743671730.000100")),
        cmd("o"), cmd("t", bytes([20])),
        dumps({"type": "hello", "num_connections": 2}),
        cmd("h", b"\x02"), close(1001), cmd("T"), cmd("h", b"\x00"),
        cmd("T")))
    c.add("slack", "posts", lines(
        cmd("h", b"\x01"),
        env(slack_mention("remind us", "1743671740.000100")), cmd("T"),
        cmd("h", b"\x07"), cmd("p"), cmd("T"), cmd("h", b"\x00"), cmd("p"),
        env(slack_mention("reminders", "1743671741.000100")),
        env(slack_mention("stop reminders", "1743671742.000100"))))
    def command(text, channel="C111", url=RESPONSE_URL, **extra):
        n[0] += 1
        p = {"token": "unused", "team_id": "T1", "channel_id": channel,
             "user_id": "U222", "command": "/news", "text": text,
             "api_app_id": "A1", "response_url": url,
             "trigger_id": "1.2.%d" % n[0]}
        p.update(extra)
        return dumps({"envelope_id": "c%04d-5b1e" % n[0],
                      "type": "slash_commands",
                      "accepts_response_payload": True, "payload": p})

    # answered in the ack; help; deferred to the response_url (remind us),
    # also with a refused, a plain-text and a missing response_url
    c.add("slack", "commands", lines(
        command("when is the hearing?"), command(""), command("  "),
        command("who asked the court?", channel="D999"),
        command("remind us"), command("reminders", url="ftp://x/y"),
        command("stop reminders", url="http://example.com/commands/x"),
        command("remind us", url=None),
        command("&lt;FSB&gt; &amp; <@UBOT> what?"),
        command("why?", channel=""), command("x", user_id=None),
        cmd("h", b"\x07"), command("reminders")))
    c.add("slack", "auth-refused", lines(cmd("h", b"\x08"), close(1006),
                                         cmd("T")))
    c.add("slack", "binary", lines(cmd("b", b'{"type":"hello"}')))


# ---- discord ----

ALICE = {"id": "u2", "username": "alice", "global_name": "Alice"}


def discord_message(mid, content, s, channel="c1", author=None,
                    mentions=None, **extra):
    d = {"id": mid, "channel_id": channel,
         "author": dict(author or ALICE, discriminator="0", avatar=None),
         "content": content, "mentions": mentions or [],
         "mention_roles": [], "mention_everyone": False, "attachments": [],
         "embeds": [], "pinned": False, "tts": False,
         "timestamp": "2025-04-03T09:15:00.000000+00:00",
         "edited_timestamp": None, "flags": 0, "components": [], "type": 0}
    if channel == "c1":
        d["guild_id"] = "g1"
    d.update(extra)
    return dumps({"op": 0, "s": s, "t": "MESSAGE_CREATE", "d": d})


def discord_interaction(iid, name, s, question=None, channel="c1", **extra):
    d = {"id": iid, "application_id": "900", "type": 2, "token": "tok-" + iid,
         "version": 1, "channel_id": channel, "locale": "en-US",
         "data": {"id": "cmd1", "name": name, "type": 1}}
    if question is not None:
        d["data"]["options"] = [{"name": "question", "type": 3,
                                 "value": question}]
    if channel == "c1":
        d["guild_id"] = "g1"
        d["member"] = {"user": dict(ALICE), "roles": [], "permissions": "0"}
    else:
        d["user"] = dict(ALICE)
    d.update(extra)
    return dumps({"op": 0, "s": s, "t": "INTERACTION_CREATE", "d": d})


def add_discord(c):
    def lines(*frames):
        return b"\n".join(f.encode() if isinstance(f, str) else f
                          for f in frames)

    bot = {"id": "900", "username": "newsbot", "bot": True}
    c.add("discord", "questions", lines(
        discord_message("m1", "<@900> when is the hearing?", 2,
                        mentions=[bot]),
        discord_message("m2", "who asked the court?", 3, channel="dm1"),
        discord_message("m3", "!news summary", 4),
        discord_message("m4", "<@!900> why?", 5, mentions=[bot]),
        dumps({"op": 11}), dumps({"op": 1, "d": None}),
        discord_message("m5", "<@900> timeline", 6, type=19,
                        message_reference={"message_id": "m1"})))
    c.add("discord", "ignored", lines(
        discord_message("m6", "<@900> hi", 7, author=dict(bot)),
        discord_message("m7", "<@900> hi", 8,
                        author={"id": "u9", "username": "robo", "bot": True}),
        discord_message("m8", "<@900> hi", 9, webhook_id="w1"),
        discord_message("m9", "<@900> hi", 10, type=7),
        discord_message("m1", "<@900> when is the hearing?", 11),
        '{"op":0,"t":"MESSAGE_CREATE","s":', "this is not json",
        dumps({"op": 0, "t": "GUILD_CREATE", "s": 12,
               "d": {"id": "g1", "name": "guild"}}),
        dumps({"op": 0, "t": None, "s": None, "d": None}),
        dumps({"op": "0"}), dumps({"op": 99})))
    c.add("discord", "reconnect-resume", lines(
        dumps({"op": 7, "d": None, "s": None, "t": None}),
        discord_message("m10", "<@900> when?", 3, mentions=[bot]),
        close(4000, b"unknown error"),
        dumps({"op": 9, "d": True, "s": None, "t": None}),
        dumps({"op": 9, "d": False, "s": None, "t": None}), cmd("T"),
        close(4009), cmd("T")))
    for code in (4004, 4014, 4010, 4003, 1000):
        c.add("discord", "close-%d" % code, lines(
            close(code, b"closed by the fake"), cmd("T"),
            discord_message("m11", "<@900> when?", 2, mentions=[bot])))
    c.add("discord", "heartbeats", lines(
        cmd("t", bytes([45])), dumps({"op": 11}), cmd("t", bytes([90])),
        cmd("t", bytes([140])), cmd("T")))
    c.add("discord", "rate-limits", lines(
        cmd("h", b"\x09"),
        discord_message("m12", "<@900> timeline", 2, mentions=[bot]),
        discord_message("m13", "<@900> summary", 3, mentions=[bot]),
        cmd("h", b"\x01"),
        discord_message("m14", "<@900> who?", 4, mentions=[bot]),
        cmd("T"), cmd("h", b"\x00"), cmd("T"), cmd("p"), cmd("T")))
    c.add("discord", "interactions", lines(
        discord_interaction("i1", "news", 2, "when is the hearing?"),
        discord_interaction("i2", "news-summary", 3),
        discord_interaction("i3", "news-upcoming", 4, channel="dm1"),
        discord_interaction("i4", "news", 5, "remind us"),
        discord_interaction("i5", "news", 6, "help"),
        discord_interaction("i1", "news", 7, "when is the hearing?"),
        discord_interaction("i6", "other", 8),
        discord_interaction("i7", "news", 9, "why?", type=3),
        cmd("h", b"\x01"),
        discord_interaction("i8", "news", 10, "who asked the court?"),
        cmd("T"), cmd("h", b"\x04"),
        discord_interaction("i9", "news", 11, "stop reminders"),
        cmd("t", bytes([250])), cmd("t", bytes([250])),
        cmd("t", bytes([250])), cmd("t", bytes([250])), cmd("T")))
    c.add("discord", "gateway-refused", lines(
        cmd("h", b"\x03"), close(4000), cmd("T")))
    c.add("discord", "raw-hello", lines(
        cmd("o"),
        dumps({"op": 10, "d": {"heartbeat_interval": 50}}),
        dumps({"op": 0, "s": 1, "t": "READY",
               "d": {"user": {"id": "x" * 70}, "session_id": "s"}}),
        dumps({"op": 0, "s": 2, "t": "READY",
               "d": {"user": {"id": "900"}, "session_id": "s2",
                     "resume_gateway_url": "ws://evil.example.com"}})))


# ---- mattermost ----

def mm_posted(pid, message, seq, channel="c1", root_id="", user="u_alice",
              ctype="O", mention=True, props=None, ptype=""):
    post = {"id": pid, "create_at": 1743671700000,
            "update_at": 1743671700000, "edit_at": 0, "delete_at": 0,
            "is_pinned": False, "user_id": user, "channel_id": channel,
            "root_id": root_id, "original_id": "", "message": message,
            "type": ptype, "props": props or {}, "hashtags": "",
            "pending_post_id": "", "reply_count": 0, "metadata": {}}
    data = {"channel_display_name": "Town Square",
            "channel_name": "town-square", "channel_type": ctype,
            "post": dumps(post), "sender_name": "@alice",
            "set_online": True, "team_id": "t1"}
    if mention:
        data["mentions"] = dumps(["botuid0000"])
    return dumps({"event": "posted", "data": data,
                  "broadcast": {"omit_users": None, "user_id": "",
                                "channel_id": channel, "team_id": ""},
                  "seq": seq})


def add_mattermost(c):
    def lines(*frames):
        return b"\n".join(f.encode() if isinstance(f, str) else f
                          for f in frames)

    c.add("mattermost", "questions", lines(
        mm_posted("p1", "@newsbot when is the hearing?", 1),
        mm_posted("p2", "who asked the court?", 2, channel="d1", ctype="D",
                  mention=False),
        mm_posted("p3", "@NewsBot why?", 3, root_id="p1"),
        mm_posted("p4", "!news summary", 4, mention=False),
        dumps({"status": "OK", "seq_reply": 2}),
        dumps({"event": "typing", "data": {}, "seq": 5})))
    c.add("mattermost", "ignored", lines(
        mm_posted("p5", "@newsbot hi", 1, user="botuid0000"),
        mm_posted("p6", "@newsbot hi", 2, props={"from_bot": "true"}),
        mm_posted("p7", "@newsbot hi", 3, props={"from_webhook": "true"}),
        mm_posted("p8", "alice joined", 4, ptype="system_join_channel"),
        mm_posted("p1", "@newsbot when is the hearing?", 5),
        mm_posted("p1", "@newsbot when is the hearing?", 5),
        dumps({"event": "posted", "data": {
            "post": '{"id":"p11","message":"@newsbot when is'}, "seq": 6}),
        dumps({"event": "posted", "data": {"post": 7}, "seq": 7}),
        "not json", dumps({"seq_reply": "x"}), dumps({"event": 5})))
    c.add("mattermost", "sequence-gap", lines(
        mm_posted("p9", "@newsbot when?", 1),
        mm_posted("p10", "@newsbot who?", 5),
        mm_posted("p11", "@newsbot why?", 2),
        mm_posted("p12", "@newsbot timeline", 3)))
    c.add("mattermost", "resume", lines(
        mm_posted("p13", "@newsbot when?", 1), close(1006),
        mm_posted("p14", "@newsbot who?", 2),
        dumps({"event": "hello", "data": {
            "connection_id": "othercid00000000000000000a"}, "seq": 0}),
        cmd("o"), dumps({"status": "OK", "seq_reply": 1}),
        mm_posted("p15", "@newsbot summary", 1)))
    c.add("mattermost", "auth-fail", lines(
        cmd("o"), dumps({"status": "FAIL", "seq_reply": 1,
                         "error": {"id": "api.web_socket_router.not_authenticated.app_error"}})))
    c.add("mattermost", "timeouts", lines(
        cmd("t", bytes([31])), cmd("t", bytes([60])), cmd("o"),
        cmd("t", bytes([11])), cmd("T")))
    c.add("mattermost", "posts", lines(
        mm_posted("p16", "@newsbot remind us", 1), cmd("h", b"\x02"),
        cmd("p"), cmd("T"), cmd("T"), cmd("h", b"\x01"),
        mm_posted("p17", "@newsbot reminders", 2), cmd("T"),
        cmd("h", b"\x00"), cmd("T"), cmd("s"),
        mm_posted("p18", "@newsbot stop reminders", 3)))
    c.add("mattermost", "me-refused", lines(cmd("h", b"\x03"), close(1006),
                                            cmd("T")))


# ---- dotenv ----

def add_dotenv(c):
    with open(os.path.join(ROOT, ".env.example"), "rb") as f:
        example = f.read()
    c.add("dotenv", "env-example", example)
    c.add("dotenv", "irc", "\n".join([
        "NEWSBOT_PLATFORMS=irc",
        "IRC_URL=wss://irc.example.net/",
        "IRC_NICK=newsbot",
        "IRC_CHANNELS=#news, #world ,&local",
        "IRC_PASSWORD='oauth:xxxxxxxxxxxx' # the token",
        "IRC_RATE=20/30",
        "IRC_PING=60"]) + "\n")
    c.add("dotenv", "slack", "\r\n".join([
        "\ufeffexport NEWSBOT_PLATFORMS=slack",
        'SLACK_APP_TOKEN="xapp-1-A1-123"',
        "SLACK_BOT_TOKEN=xoxb-123-456",
        "SLACK_API_URL=http://127.0.0.1:8080/api"]))
    c.add("dotenv", "discord-mattermost", "\n".join([
        "NEWSBOT_PLATFORMS=discord,mattermost,console",
        "DISCORD_BOT_TOKEN=abc.def.ghi",
        "DISCORD_INTENTS=4609",
        "DISCORD_SHARD=1/2",
        "DISCORD_GATEWAY_URL=wss://gateway.discord.gg",
        "MATTERMOST_URL=https://chat.example.com/",
        "MATTERMOST_TOKEN=  tok-123  ",
        "NEWSBOT_ALLOW_INSECURE=1"]))
    c.add("dotenv", "general", "\n".join([
        "NEWSBOT_PREFIX=!news",
        "NEWSBOT_TZ=Europe/Berlin",
        "NEWSBOT_NOW=2025-04-16T23:59:59",
        "NEWSBOT_LOG_LEVEL=debug",
        "NEWSBOT_LOG_FORMAT=json",
        "NEWSBOT_RATE_USER=5/60",
        "NEWSBOT_RATE_CHANNEL=0",
        "NEWSBOT_REMIND_LEADS=7d,1d,0d@09:00",
        "NEWSBOT_DB=/var/lib/newsbot/newsbot.db",
        "NEWSBOT_KNOWLEDGE=/srv/knowledge",
        "UNRELATED=1"]))
    c.add("dotenv", "bad", "\n".join([
        "NEWSBOT_PLATFORMS=irc",
        "IRC_URL=ws://irc.example.net/",
        "IRC_CHANNELS=news",
        "IRC_NICK=9bad nick",
        "=novalue",
        "NEWSBOT_RATE_USER=abc",
        "KEY WITH SPACES=1",
        "QUOTED='unterminated",
        'DOUBLE="a\\"b"',
        "export",
        "# a comment",
        "   ",
        "NEWSBOT_PLATFORMS=telegram"]))


# ---- knowledge ----

def add_knowledge(c):
    with open(os.path.join(ROOT, "knowledge", "facts.json"), "rb") as f:
        raw = f.read()
    c.add("knowledge", "facts-full", raw)
    kb = json.loads(raw)

    def cut(nfacts, keep_syn=True):
        facts = kb["facts"][:nfacts]
        used = set()

        def walk(o):
            if isinstance(o, dict):
                for v in o.values():
                    walk(v)
            elif isinstance(o, list):
                for v in o:
                    walk(v)
            elif isinstance(o, str):
                used.add(o)
        walk(facts)
        ents = [e for e in kb["entities"] if e["id"] in used]
        out = dict(kb)
        out["facts"] = facts
        out["entities"] = ents
        if not keep_syn:
            out.pop("synonyms", None)
            out.pop("antonyms", None)
        return out

    for n in (1, 3, 8):
        c.add("knowledge", "facts-%d" % n,
              json.dumps(cut(n), indent=1, ensure_ascii=False))
    c.add("knowledge", "facts-2-compact",
          dumps(cut(2, keep_syn=False)))
    bad = cut(2)
    bad["format"] = 2
    c.add("knowledge", "bad-format", dumps(bad))
    bad = cut(2)
    bad["meta"] = dict(bad["meta"], article="../article.txt")
    c.add("knowledge", "bad-article", dumps(bad))
    bad = cut(2)
    bad["facts"] = [dict(bad["facts"][0], quote="words the article lacks")]
    c.add("knowledge", "bad-quote", dumps(bad))
    bad = cut(2)
    bad["meta"] = dict(bad["meta"], published="2025-13")
    c.add("knowledge", "bad-date", dumps(bad))
    c.add("knowledge", "duplicate-key", '{"format": 1, "format": 1}')


# ---- dictionaries ----

# Words as the input holds them; dict_entry() escapes them.
JSON_TOKENS = ["{", "}", "[", "]", ":", ",", '"', "\\", "true", "false",
               "null", "0", "-1", "1e999", "\\u0000", "\\ud800", "\\u00e9",
               "\\n", '\\"', '""', "{}", "[]"]
# Harness commands (tests/fuzz/harness.h) at the start of a frame, and
# close codes 4004, 4000, 4014 and 1000.
COMMANDS = ["\n\x01c", "\n\x01o", "\n\x01t", "\n\x01T", "\n\x01h",
            "\n\x01p", "\n\x01s", "\n\x01b", "\x0f\xa4", "\x0f\xa0",
            "\x0f\xae", "\x03\xe8"]
SLACK_WORDS = ["type", "envelope_id", "payload", "event", "event_id",
               "events_api", "hello", "disconnect", "reason", "app_mention",
               "message", "channel_type", "im", "channel", "thread_ts", "ts",
               "user", "text", "subtype", "bot_id", "link_disabled",
               "refresh_requested", "warning", "too_many_websockets", "UBOT",
               "C111", "D999", "U222", "slash_commands", "interactive",
               "accepts_response_payload", "command", "/news", "channel_id",
               "user_id", "response_url", "trigger_id",
               "https://hooks.slack.com/commands/T1/1/x",
               "http://127.0.0.1:1/commands/T1/1/x"]
SLACK_TEXT = ["<@UBOT>", "<@UBOT|newsbot>", "&lt;", "&gt;", "&amp;"]
DISCORD_WORDS = ["op", "d", "s", "t", "READY", "RESUMED", "MESSAGE_CREATE",
                 "heartbeat_interval", "session_id", "resume_gateway_url",
                 "user", "id", "channel_id", "content", "author", "bot",
                 "webhook_id", "guild_id", "mentions", "type",
                 "message_reference", "900", "wss://gateway.discord.gg",
                 "ws://127.0.0.1:1", "INTERACTION_CREATE", "token",
                 "application_id", "application", "data", "name", "options",
                 "value", "member", "news", "news-summary", "news-upcoming",
                 "question"]
DISCORD_TEXT = ["<@900>", "<@!900>", "!news"]
MM_WORDS = ["event", "data", "seq", "seq_reply", "status", "OK", "FAIL",
            "hello", "posted", "connection_id", "post", "channel_type", "D",
            "O", "mentions", "id", "user_id", "channel_id", "message",
            "root_id", "type", "props", "from_bot", "from_webhook",
            "botuid0000", "system_join_channel"]
MM_TEXT = ["@newsbot", "!news", '[\\"botuid0000\\"]', '{\\"id\\":\\"',
           '\\",\\"message\\":\\"']
IRC_WORDS = ["PRIVMSG", "NOTICE", "PING", "PONG", "CAP", "LS", "ACK", "NAK",
             "END", "JOIN", "MODE", "QUIT", "ERROR", "RECONNECT", "001",
             "005", "433", "436", "432", "464", "404", "401", "403", "471",
             "473", "474", "475", "CASEMAPPING=", "rfc1459", "ascii",
             "strict-rfc1459", "BOT=B", "@bot", "draft/bot", "time=",
             "msgid=", ":newsbot", "newsbot:", "newsbot,", "newsbot_",
             "#news", "!news", "\x01VERSION\x01", "\x01ACTION ",
             "newsbot-post-", "tmi.twitch.tv", "\r\n", "\\:", "\\s", "\\\\",
             "Login authentication failed", "Access denied", "assword",
             ":alice!a@h ", "\x1e", "\x1e\x01c", "\x1e\x01o", "\x1e\x01t",
             "\x1e\x01T", "\x1e\x01p", "\x1e\x01s"]
QUESTION_WORDS = ["when", "who", "what", "where", "why", "how", "how many",
                  "how long", "which", "is", "was", "will", "did", "?",
                  "summary", "timeline", "help", "tl;dr", "key dates",
                  "what's upcoming?", "in 3 sentences", "remind us",
                  "reminders", "stop reminders", "why?", "When?", "he", "she",
                  "they", "it", "that", "the hearing", "Supreme Court",
                  "Taliban", "Russia", "Putin", "IS-K", "Moscow",
                  "Afghanistan", "2024", "17 April", "tomorrow", "yesterday",
                  "next month", "days until", "\n"]
ENV_WORDS = ["NEWSBOT_PLATFORMS=", "IRC_URL=", "IRC_NICK=", "IRC_CHANNELS=",
             "IRC_PASSWORD=", "IRC_RATE=", "IRC_PING=", "SLACK_APP_TOKEN=",
             "SLACK_BOT_TOKEN=", "SLACK_API_URL=", "DISCORD_BOT_TOKEN=",
             "DISCORD_INTENTS=", "DISCORD_SHARD=", "DISCORD_API_URL=",
             "DISCORD_GATEWAY_URL=", "MATTERMOST_URL=", "MATTERMOST_TOKEN=",
             "NEWSBOT_PREFIX=", "NEWSBOT_TZ=", "NEWSBOT_NOW=",
             "NEWSBOT_LOG_LEVEL=", "NEWSBOT_LOG_FORMAT=",
             "NEWSBOT_RATE_USER=", "NEWSBOT_RATE_CHANNEL=",
             "NEWSBOT_ALLOW_INSECURE=", "NEWSBOT_REMIND_LEADS=",
             "NEWSBOT_DB=", "NEWSBOT_KNOWLEDGE=", "export ", "#", "'", '"',
             "\n", "\r\n", "\ufeff", "irc", "slack", "discord", "mattermost",
             "console", "ws://", "wss://", "http://", "https://",
             "127.0.0.1", "[::1]", "localhost", "xapp-", "xoxb-", "#news",
             "5/60", "0", "json", "debug", "7d,1d,0d@09:00"]


def dict_entry(word):
    """A libFuzzer dictionary line holding exactly @word's bytes."""
    out = []
    for b in word.encode("utf-8"):
        if b in (0x22, 0x5C):
            out.append("\\" + chr(b))
        elif 0x20 <= b < 0x7F:
            out.append(chr(b))
        else:
            out.append("\\x%02x" % b)
    return '"%s"\n' % "".join(out)


def write_dicts():
    def quoted(words):
        return ['"%s"' % w for w in words]

    with open(os.path.join(ROOT, "knowledge", "facts.json")) as f:
        kb = json.load(f)
    keys = set()

    def walk(o):
        if isinstance(o, dict):
            for k, v in o.items():
                keys.add(k)
                walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)
    walk(kb)
    types = {e.get("type", "") for e in kb["entities"]}
    dicts = {
        "slack": JSON_TOKENS + quoted(SLACK_WORDS) + SLACK_TEXT + COMMANDS,
        "discord": JSON_TOKENS + quoted(DISCORD_WORDS) + DISCORD_TEXT +
        COMMANDS,
        "mattermost": JSON_TOKENS + quoted(MM_WORDS) + MM_TEXT + COMMANDS,
        "batch": JSON_TOKENS + quoted(["id", "text", "channel", "user"]) +
        QUESTION_WORDS,
        "knowledge": JSON_TOKENS + quoted(sorted(keys | types)) +
        ["2025-04-17", "2024-07", "2003", "1980s", "2023-end",
         "2024-start", "2024-mid", "article.txt"],
        "irc_line": IRC_WORDS,
        "irc_adapter": IRC_WORDS,
        "answer": QUESTION_WORDS,
        "dotenv": ENV_WORDS,
    }
    for name, words in sorted(dicts.items()):
        with open(os.path.join(ROOT, "tests", "fuzz", name + ".dict"),
                  "w") as f:
            f.write("# libFuzzer dictionary for fuzz_%s, written by "
                    "tests/fuzz/make_corpus.py\n" % name)
            seen = set()
            for w in words:
                if w not in seen:
                    seen.add(w)
                    f.write(dict_entry(w))


def main():
    c = Corpus()
    add_answer(c)
    add_batch(c)
    add_irc(c)
    add_slack(c)
    add_discord(c)
    add_mattermost(c)
    add_dotenv(c)
    add_knowledge(c)
    c.write()
    write_dicts()
    return 0


if __name__ == "__main__":
    sys.exit(main())
