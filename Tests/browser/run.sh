#!/usr/bin/env bash
# The board in real headless Chromium: Playwright for Python (PyPI) driving
# Debian's `chromium` through `executable_path` — no browser is ever downloaded
# (never `playwright install`). Builds the two debug binaries, then runs pytest.
# Skips, saying so, when chromium or Playwright cannot be had.
set -euo pipefail
cd "$(dirname "$0")/../.."

chromium=""
for c in /usr/lib/chromium/chromium "$(command -v chromium || true)"; do
  if [ -n "$c" ] && [ -x "$c" ]; then chromium="$c"; break; fi
done
if [ -z "$chromium" ]; then
  echo "browser tests skipped: Debian's chromium is not installed (apt-get install chromium)"
  exit 0
fi
if ! python3 -c "import playwright, pytest" 2>/dev/null; then
  python3 -m pip install --quiet playwright pytest \
    || python3 -m pip install --quiet --break-system-packages playwright pytest || true
fi
if ! python3 -c "import playwright, pytest" 2>/dev/null; then
  echo "browser tests skipped: Playwright for Python could not be installed (pip install playwright pytest)"
  exit 0
fi

swift build --product incident >&2
swift build --product incident-serve >&2
bin="$(swift build --show-bin-path)"
export INCIDENT_BIN="$bin/incident" INCIDENT_SERVE_BIN="$bin/incident-serve" CHROMIUM="$chromium"
# Playwright's own browser download is never used.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
start=$(date +%s)
python3 -m pytest -q -p no:cacheprovider Tests/browser "$@"
echo "browser tests: $(( $(date +%s) - start )) s"
