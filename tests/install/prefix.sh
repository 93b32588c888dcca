#!/bin/sh
# install.prefix: cmake --install into a fresh prefix, then run the
# installed newsbot from elsewhere: it must answer from the installed
# knowledge, and check-config must name that folder, not the source tree.
#   prefix.sh BUILD_DIR SOURCE_DIR
set -eu
build=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() {
    echo "install.prefix: $*" >&2
    exit 1
}

cmake --install "$build" --prefix "$tmp/p" >/dev/null
for f in bin/newsbot share/newsbot/knowledge/article.txt \
    share/man/man1/newsbot.1 share/doc/newsbot/copyright \
    share/doc/newsbot/changelog \
    share/doc/newsbot/newsbot.env.example lib/systemd/system/newsbot.service \
    etc/newsbot/newsbot.env; do
    [ -e "$tmp/p/$f" ] || fail "$f was not installed"
done
grep -q "^ExecStart=$tmp/p/bin/newsbot\$" \
    "$tmp/p/lib/systemd/system/newsbot.service" || fail "unit's ExecStart"

mkdir "$tmp/run"
cd "$tmp/run"
unset NEWSBOT_KNOWLEDGE NEWSBOT_NOW
answer=$("$tmp/p/bin/newsbot" ask "when is the hearing?")
echo "$answer"
echo "$answer" | grep -q "17 April" || fail "no 17 April in the answer"
config=$("$tmp/p/bin/newsbot" check-config)
echo "$config" | grep -q "^knowledge: $tmp/p/bin/../share/newsbot/knowledge (1 article)\$" ||
    fail "not the installed knowledge: $(echo "$config" | grep knowledge)"
echo "$config" | grep -q "$src" && fail "the source tree is named"
# The settings file as installed passes check-config.
cp "$tmp/p/etc/newsbot/newsbot.env" .env
"$tmp/p/bin/newsbot" check-config >/dev/null || fail "newsbot.env is refused"
echo "install.prefix: ok"
