#!/usr/bin/env bash
# Builds newsbot's Debian package, installs it with apt-get, runs the
# installed files, verifies the unit and removes the package again.
#   packaging/check-package.sh [BUILD_DIR]   (default build-deb; as root,
#   or with sudo)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-deb}
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
fail() {
    echo "check-package: $*" >&2
    exit 1
}

echo "== the package (release build, prefix /usr)"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
    -DBUILD_TESTING=OFF
cmake --build "$build" -j"$(nproc 2>/dev/null || echo 2)"
rm -f "$build"/newsbot_*.deb
(cd "$build" && cpack -G DEB)
deb=$(realpath "$build"/newsbot_*_*.deb)
dpkg-deb -I "$deb"
dpkg-deb -c "$deb"
# lintian, where it is installed (CI does not install it): errors fail.
# The one warning left, 0640 on etc/newsbot/newsbot.env, is on purpose:
# the file holds the tokens.
if command -v lintian >/dev/null; then
    echo "== lintian"
    lintian "$deb" || fail "lintian reports errors"
fi

echo "== installing $deb"
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$deb"

echo "== running the installed files, away from the source tree"
cd /tmp
newsbot --version
version=$(dpkg-query -W -f '${Version}' newsbot)
top=$(zcat /usr/share/doc/newsbot/changelog.gz | sed -n 1p)
[[ $top == "newsbot ($version) "* ]] ||
    fail "changelog.gz starts with '$top', not the entry for $version"
answer=$(newsbot ask "when is the hearing?")
echo "$answer"
grep -q "17 April" <<<"$answer" || fail "no 17 April in the answer"
config=$(newsbot check-config)
echo "$config"
grep -q "^knowledge: /usr/bin/../share/newsbot/knowledge (1 article)" <<<"$config" ||
    fail "the installed knowledge is not the one in use"
# verify reports a bad setting as a warning and still exits 0: any output
# counts as a failure.
verify=$(systemd-analyze verify /lib/systemd/system/newsbot.service 2>&1) ||
    fail "systemd-analyze verify failed: $verify"
[ -z "$verify" ] || fail "systemd-analyze verify: $verify"
echo "systemd-analyze verify: clean"
# the replicas' template, as an instance
verify=$(systemd-analyze verify /lib/systemd/system/newsbot@a.service 2>&1) ||
    fail "systemd-analyze verify newsbot@a failed: $verify"
[ -z "$verify" ] || fail "systemd-analyze verify newsbot@a: $verify"
echo "systemd-analyze verify newsbot@a: clean"
# systemctl reload hands the edited settings over through 'newsbot
# reload'; the settings file holds tokens and stays closed to others.
grep -qx 'ExecReload=/usr/bin/newsbot reload $MAINPID' \
    /lib/systemd/system/newsbot.service || fail "ExecReload is not newsbot reload"
mode=$(stat -c %a /etc/newsbot/newsbot.env)
[ "$mode" = 640 ] || fail "/etc/newsbot/newsbot.env has mode $mode, not 640"
if reload=$(env -u RUNTIME_DIRECTORY newsbot reload 2147483647 2>&1); then
    fail "newsbot reload outside a unit succeeded"
fi
grep -q RUNTIME_DIRECTORY <<<"$reload" || fail "newsbot reload: $reload"
echo "ExecReload, the settings' mode and newsbot reload: ok"
cd - >/dev/null

echo "== removing the package"
DEBIAN_FRONTEND=noninteractive $sudo apt-get remove -y -qq newsbot
[ ! -e /usr/bin/newsbot ] || fail "/usr/bin/newsbot is still there"
# remove keeps the conffile; purge leaves the machine as it was.
DEBIAN_FRONTEND=noninteractive $sudo apt-get purge -y -qq newsbot
echo "check-package: ok"
