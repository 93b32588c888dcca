#!/bin/sh
# cli.commands: the newsbot command line as a user drives it.
# usage: cli_test.sh path/to/newsbot SOURCE_DIR
set -u
bot=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fails=0
checks=0

fail() {
    echo "FAIL: $*"
    fails=$((fails + 1))
}

# expect_status WANT CMD...: run CMD with stdin from /dev/null, keep output.
expect_status() {
    want=$1
    shift
    checks=$((checks + 1))
    "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
    got=$?
    [ "$got" -eq "$want" ] || fail "'$*' exited $got, want $want: $(cat "$tmp/err")"
}

# expect_in FILE TEXT: FILE contains TEXT.
expect_in() {
    checks=$((checks + 1))
    grep -qF -- "$2" "$1" || fail "$1 lacks '$2': $(head -c 400 "$1")"
}

expect_not_in() {
    checks=$((checks + 1))
    if grep -qF -- "$2" "$1"; then fail "$1 has '$2'"; fi
}

# Help, version and bad usage.
expect_status 0 "$bot" --help
expect_in "$tmp/out" "usage: newsbot"
expect_status 0 "$bot" --version
expect_in "$tmp/out" "newsbot "
expect_status 2 "$bot" --no-such-option
expect_in "$tmp/err" "unknown option"
expect_status 2 "$bot" ask
expect_in "$tmp/err" "needs a question"
expect_status 2 "$bot" frobnicate
expect_status 2 "$bot" --now 2025-13-45 ask "when is the hearing?"
expect_in "$tmp/err" "bad date"
expect_status 2 "$bot" --knowledge

# ask works from any directory, with the knowledge found on its own.
(cd "$tmp" && expect_status 0 "$bot" ask "When is the Supreme Court hearing?")
expect_in "$tmp/out" "17 April 2025"
expect_status 0 "$bot" ask --explain "Who asked the court to lift the ban?"
expect_in "$tmp/out" "Prosecutor General"
expect_in "$tmp/out" "Read as a who question"
expect_status 0 "$bot" --now 2025-04-03 ask "how many days until the hearing?"
expect_in "$tmp/out" "14 days"

# kb check: valid knowledge, every sentence covered.
expect_status 0 "$bot" kb check
expect_in "$tmp/out" "every sentence is covered"

# Any article: a folder with article.txt and meta.json only is built at load.
mkdir "$tmp/any"
printf '%s\n' "Lakeside library to close for repairs" \
    "The Brackwell Lakeside Library will close on Monday for six weeks of roof repairs, the town council said on Tuesday." \
    "Chief librarian Anneke Soutar said about 40,000 books would be moved to the Old Mill branch because the roof leaks." \
    >"$tmp/any/article.txt"
printf '%s\n' '{"title": "Lakeside library to close", "outlet": "Brackwell Post", "published": "2026-05-06"}' \
    >"$tmp/any/meta.json"
expect_status 0 "$bot" --knowledge "$tmp/any" --now 2026-05-06 ask "when will the library close?"
expect_in "$tmp/out" "11 May 2026"
expect_status 0 "$bot" kb build "$tmp/any"
expect_in "$tmp/out" '"format": 1'
expect_in "$tmp/out" '"date": "2026-05-11"'
expect_status 0 "$bot" kb show "$tmp/any"
expect_in "$tmp/out" "Anneke Soutar (person"
expect_in "$tmp/out" "also: Soutar"
expect_in "$tmp/out" "why: the roof leaks"
expect_in "$tmp/out" "timeline"
expect_status 0 "$bot" kb check "$tmp/any"
# kb build's output, saved as facts.json, loads as the same table
"$bot" kb build "$tmp/any" >"$tmp/built.json" 2>/dev/null
mv "$tmp/built.json" "$tmp/any/facts.json"
expect_status 0 "$bot" kb check "$tmp/any"
rm "$tmp/any/facts.json"
# meta.json errors name the field; a folder that does not load exits 1
printf '%s\n' '{"published": "May 6"}' >"$tmp/any/meta.json"
expect_status 1 "$bot" kb check "$tmp/any"
expect_in "$tmp/err" '"published" must be a date'
printf '%s\n' '{"published": "2026-05-06", "outlet": 5}' >"$tmp/any/meta.json"
expect_status 1 "$bot" kb show "$tmp/any"
expect_in "$tmp/err" '"outlet" must be a string'
# kb show lists what readers asked and were not answered (NEWSBOT_UNANSWERED)
printf '%s\n' '{"published": "2026-05-06", "title": "Lakeside library to close"}' >"$tmp/any/meta.json"
printf '%s\n' '{"article": "Lakeside library to close", "question": "Who pays for the roof?"}' \
    '{"article": "Other", "question": "who pays for the roof?"}' \
    '{"article": "Lakeside library to close", "question": "who pays for the roof?"}' \
    '{"article": "Lakeside library to close", "question": "is it haunted?"}' \
    'not json' >"$tmp/unanswered.jsonl"
NEWSBOT_UNANSWERED="$tmp/unanswered.jsonl" expect_status 0 "$bot" kb show "$tmp/any"
expect_in "$tmp/out" "    2  who pays for the roof?"
expect_in "$tmp/out" "    1  is it haunted?"

# a table that loads but leaves sentences without a fact exits 3
mkdir "$tmp/part"
cp "$src/knowledge/article.txt" "$tmp/part/"
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); d["facts"] = d["facts"][:5]; json.dump(d, open(sys.argv[2], "w"))' \
    "$src/knowledge/facts.json" "$tmp/part/facts.json"
expect_status 3 "$bot" kb check "$tmp/part"
expect_in "$tmp/out" "no fact covers"
expect_status 2 "$bot" kb frob

# A missing or corrupt knowledge folder: a clear message naming the file.
expect_status 1 "$bot" --knowledge "$tmp/nowhere" ask "hi"
expect_in "$tmp/err" "nowhere: No such file or directory"
mkdir "$tmp/bad"
cp "$src/knowledge/article.txt" "$tmp/bad/"
printf '{"format": 1, "meta": ' >"$tmp/bad/facts.json"
expect_status 1 "$bot" --knowledge "$tmp/bad" ask "hi"
expect_in "$tmp/err" "facts.json"
sed 's/is due to consider the move/will surely consider the move/' \
    "$src/knowledge/facts.json" >"$tmp/bad/facts.json"
NEWSBOT_KNOWLEDGE="$tmp/bad" expect_status 1 "$bot" kb check
expect_in "$tmp/err" "quote is not in the article"

# batch: one line out per line in, malformed lines reported, order kept.
printf '%s\n' '{"id": 1, "text": "When did Russia ban the Taliban?"}' \
    'not json' '{"id": "b", "text": "Who is Donald Trump?"}' \
    '{"id": 3}' >"$tmp/in"
checks=$((checks + 1))
"$bot" batch --now 2026-11-29 <"$tmp/in" >"$tmp/out" 2>"$tmp/err" ||
    fail "batch exited $?"
[ "$(wc -l <"$tmp/out")" -eq 4 ] || fail "batch: want 4 lines, got $(cat "$tmp/out")"
sed -n 1p "$tmp/out" >"$tmp/l1"
expect_in "$tmp/l1" '"id":1,"answered":true'
expect_in "$tmp/l1" "2003"
sed -n 2p "$tmp/out" >"$tmp/l2"
expect_in "$tmp/l2" '"id":null,"error"'
sed -n 3p "$tmp/out" >"$tmp/l3"
expect_in "$tmp/l3" '"id":"b"'
sed -n 4p "$tmp/out" >"$tmp/l4"
expect_in "$tmp/l4" '"error"'

# console: a conversation on stdin, and newsbot alone starts it.
printf '%s\n' "Tell me about the concert hall attack" "When was that?" quit \
    >"$tmp/in"
checks=$((checks + 1))
"$bot" console <"$tmp/in" >"$tmp/out" 2>&1 || fail "console exited $?"
expect_in "$tmp/out" "March 2024"
checks=$((checks + 1))
printf 'summary\n' | "$bot" >"$tmp/out" 2>&1 || fail "newsbot exited $?"
expect_in "$tmp/out" "Taliban"

# Bad input never crashes: huge, invalid UTF-8, control characters.
head -c 10000 /dev/zero | tr '\0' 'a' >"$tmp/big"
expect_status 0 "$bot" ask "$(cat "$tmp/big")"
expect_in "$tmp/out" "too long"
expect_status 0 "$bot" ask "$(printf 'when \377\376 hearing')"
expect_in "$tmp/out" "not valid UTF-8"
expect_status 0 "$bot" ask "$(printf 'when\001\002 is the\033[31m hearing')"
expect_in "$tmp/out" "17 April 2025"
expect_status 0 "$bot" ask "   "
expect_not_in "$tmp/out" "17 April"

# Configuration: .env plus environment, secrets masked, clear refusals.
mkdir "$tmp/cfg"
printf 'NEWSBOT_PLATFORMS=irc\nIRC_URL=ws://127.0.0.1:6667/\nIRC_CHANNELS=#news\nIRC_PASSWORD=topsecret-1\nNEWSBOT_PREFIX=!fromfile\n' \
    >"$tmp/cfg/.env"
(cd "$tmp/cfg" && NEWSBOT_PREFIX='!fromenv' expect_status 0 "$bot" check-config)
expect_in "$tmp/out" "IRC_PASSWORD=****"
expect_not_in "$tmp/out" "topsecret-1"
expect_in "$tmp/out" "prefix: !fromenv"
(cd "$tmp/cfg" && NEWSBOT_PLATFORMS=irc,smoke expect_status 2 "$bot" check-config)
expect_in "$tmp/err" "unknown platform"
(cd "$tmp/cfg" && IRC_URL=ws://irc.example.com/ expect_status 2 "$bot" check-config)
expect_in "$tmp/err" "IRC_URL"
(cd "$tmp/cfg" && IRC_URL=ws://irc.example.com/ NEWSBOT_ALLOW_INSECURE=1 \
    expect_status 0 "$bot" check-config)
(cd "$tmp/cfg" && IRC_PASSWORD='x y' IRC_URL='nope' expect_status 2 "$bot" check-config)
expect_not_in "$tmp/err" "x y"

# check-config runs every start-up check and names what is wrong, once.
mkdir "$tmp/bad-cfg"
printf 'NEWSBOT_PLATFORMS=discord\nDISCORD_BOT_TOKEN=sekrit-abc\nDISCORD_INTENTS=foo\nNEWSBOT_REMIND_LEADS=7x\nNEWSBOT_TZ=Mars/Olympus\nSLACK_TOKEN=xoxb-hidden\nNEWSBOT_DB=%s/db/x.db\n' "$tmp" \
    >"$tmp/bad-cfg/.env"
(cd "$tmp/bad-cfg" && expect_status 2 "$bot" check-config)
expect_in "$tmp/err" "DISCORD_INTENTS must be a number"
expect_in "$tmp/err" "NEWSBOT_REMIND_LEADS: '7x'"
expect_in "$tmp/err" "NEWSBOT_TZ: 'Mars/Olympus' is not a time zone"
expect_in "$tmp/err" "unknown key SLACK_TOKEN (.env); did you mean SLACK_BOT_TOKEN?"
expect_not_in "$tmp/err" "sekrit-abc"
expect_not_in "$tmp/err" "xoxb-hidden"
checks=$((checks + 1))
[ "$(grep -c "Mars/Olympus" "$tmp/err")" -eq 1 ] || fail "the time zone is reported more than once"
# A knowledge folder that does not load fails check-config.
(cd "$tmp/cfg" && NEWSBOT_KNOWLEDGE="$tmp/nowhere" expect_status 2 "$bot" check-config)
expect_in "$tmp/err" "does not load"
(cd "$tmp/cfg" && NEWSBOT_DB="$tmp/cfg/.env/x.db" expect_status 2 "$bot" check-config)
expect_in "$tmp/err" "reminders' database $tmp/cfg/.env/x.db cannot be written"
# A PostgreSQL server that does not answer: named, its password never.
(cd "$tmp/cfg" && NEWSBOT_DB="postgresql://bot:pw-hidden-7@127.0.0.1:1/news" \
    expect_status 2 "$bot" check-config)
expect_in "$tmp/err" "NEWSBOT_DB: cannot connect to postgresql://bot@127.0.0.1:1/news"
expect_in "$tmp/out" "NEWSBOT_DB=postgresql://bot@127.0.0.1:1/news (environment)"
expect_not_in "$tmp/err" "pw-hidden-7"
expect_not_in "$tmp/out" "pw-hidden-7"
(cd "$tmp/cfg" && expect_status 0 "$bot" check-config)
expect_in "$tmp/out" "configuration OK"
expect_in "$tmp/out" "knowledge: "

# .env elsewhere: --env FILE or NEWSBOT_ENV; a named file must exist.
expect_status 0 "$bot" --env "$tmp/cfg/.env" check-config
expect_in "$tmp/out" "configuration file: $tmp/cfg/.env"
expect_in "$tmp/out" "platforms: irc"
NEWSBOT_ENV="$tmp/cfg/.env" expect_status 0 "$bot" check-config
expect_in "$tmp/out" "platforms: irc"
expect_status 2 "$bot" --env "$tmp/no-such.env" check-config
expect_in "$tmp/err" "$tmp/no-such.env (named by --env) does not exist"
NEWSBOT_ENV="$tmp/gone.env" expect_status 2 "$bot" check-config
expect_in "$tmp/err" "$tmp/gone.env (named by NEWSBOT_ENV) does not exist"

echo "$((checks - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
