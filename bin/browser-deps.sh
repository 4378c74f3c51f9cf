# Sourced by bin/test: what the browser tests (BrowserIT) need besides the JDK — Node.js,
# playwright-core from npm (pinned in server/src/test/browser/package-lock.json) and the system's Chromium.
# Installs what is missing where it can (Chromium through apt-get when running as root).
if ! command -v node >/dev/null 2>&1; then
  echo "The browser tests need Node.js 20+ on the PATH." >&2
  exit 1
fi
if [ ! -d server/src/test/browser/node_modules/playwright-core ]; then
  (cd server/src/test/browser && npm ci --no-audit --no-fund --loglevel=error)
fi
chromium_bin="${PARLEY_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium_bin" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Chromium for the browser tests (apt-get)..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "The browser tests need Chromium at $chromium_bin (Debian: apt-get install chromium), or PARLEY_CHROMIUM set." >&2
    exit 1
  fi
fi
