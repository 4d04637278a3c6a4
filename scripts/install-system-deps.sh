#!/usr/bin/env bash
# System packages the test suite and benchmarks need: Dovecot (a real IMAP server for the sync
# tests), isync (mbsync, the benchmark's reference client) and openssl (the tests' self-signed
# certificate). Debian/Ubuntu only; quick and silent when everything is already there.
#
# The tests never use a system Dovecot: each run starts its own from a temporary config on a free
# loopback port. When this script is the one installing Dovecot, it stops and disables the
# service the package may have started, so no stray server listens on 143/993 afterwards. A
# Dovecot that was installed before is left alone (it may be somebody's real mail server).
set -euo pipefail

need=()
command -v dovecot >/dev/null 2>&1 || need+=(dovecot-imapd)
command -v mbsync >/dev/null 2>&1 || need+=(isync)
command -v openssl >/dev/null 2>&1 || need+=(openssl)

if [ ${#need[@]} -eq 0 ]; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-system-deps: missing ${need[*]} and no apt-get here;" \
        "install Dovecot (imapd), isync (mbsync) and openssl with your package manager" >&2
    exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
else
    echo "install-system-deps: missing ${need[*]}; run as root (or with password-less sudo):" >&2
    echo "  apt-get install -y --no-install-recommends ${need[*]}" >&2
    exit 1
fi

installing_dovecot=false
for package in "${need[@]}"; do
    [ "$package" = dovecot-imapd ] && installing_dovecot=true
done

echo "install-system-deps: installing ${need[*]}"
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${need[@]}"

if $installing_dovecot; then
    # The package starts a system Dovecot where an init system runs; the tests do not want it.
    if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
        "${as_root[@]}" systemctl disable --now dovecot.service >/dev/null 2>&1 || true
    elif command -v service >/dev/null 2>&1; then
        "${as_root[@]}" service dovecot stop >/dev/null 2>&1 || true
    fi
fi

for tool in dovecot mbsync openssl; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "install-system-deps: $tool is still missing after apt-get install" >&2
        exit 1
    fi
done
