#!/usr/bin/env bash
# Installs what the product needs on a Debian-like machine: the system libraries WeasyPrint uses (and
# poppler-utils, whose pdffonts and pdftotext the tests use to check the PDF reports), and what the
# browser tests (make test-e2e) use: Debian's chromium, CJK fonts for its screenshots, Java for the Nu
# HTML Checker and npm to fetch it (when run as root; otherwise says which to install), a virtualenv in
# .venv and the pinned packages. Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils"
missing=""
for pkg in $SYSTEM_PACKAGES; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
done
# Browser tests: Chromium at /usr/bin/chromium (Playwright cannot download browsers here); Java and npm
# only when there is none (a Node.js from elsewhere brings its own npm).
missing_e2e=""
[ -x /usr/bin/chromium ] || missing_e2e="$missing_e2e chromium"
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing_e2e="$missing_e2e fonts-noto-cjk"
command -v java >/dev/null || missing_e2e="$missing_e2e default-jre-headless"
command -v npm >/dev/null || missing_e2e="$missing_e2e npm"
if [ -n "$missing$missing_e2e" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "安装系统库:$missing$missing_e2e"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing $missing_e2e >/dev/null
  else
    if [ -n "$missing" ]; then
      echo "提示：生成 PDF 需要系统库:$missing" >&2
      echo "      请以 root 运行：apt-get install -y$missing（缺少 libharfbuzz-subset0 时中文 PDF 会慢约 10 倍）" >&2
    fi
    if [ -n "$missing_e2e" ]; then
      echo "提示：浏览器测试（make test-e2e）需要:$missing_e2e；请以 root 运行：apt-get install -y$missing_e2e" >&2
    fi
  fi
fi

PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
  echo "需要 Python 3.11（当前 $("$PYTHON" --version 2>&1)）。可用 PYTHON=/path/to/python3.11 指定。" >&2
  exit 1
fi
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
stamp=.venv/.requirements.sha256
want=$(cat requirements.txt requirements-dev.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r requirements-dev.txt
  echo "$want" > "$stamp"
fi
