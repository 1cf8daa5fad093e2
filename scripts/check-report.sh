#!/usr/bin/env bash
# Opens a vroegsignaal report in headless Chromium and checks that it
# renders without errors: every section's table and chart is in the DOM the
# browser built, the console shows no error, and a screenshot is taken.
#
#   scripts/check-report.sh uitvoer/2026-10/rapport-2026-10.html [screenshot.png]
#
# Needs Debian's chromium (`apt-get install chromium`); nothing is fetched.
set -euo pipefail
report=$(realpath "$1")
shot=${2:-$(mktemp --suffix=.png)}
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "check-report: chromium not found (apt-get install chromium)" >&2
  exit 2
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --user-data-dir="$profile" --enable-logging=stderr --v=0)
dom=$("$browser" "${flags[@]}" --dump-dom "file://$report" 2>"$profile/console.log")
"$browser" "${flags[@]}" --window-size=1200,4000 --screenshot="$shot" "file://$report" 2>>"$profile/console.log" >/dev/null
fail=0
for id in per-partner per-partnertype per-1000 huishoudens brp screening werklijsten wijken contactpogingen behandelaars eindresultaten terugkoppeling open; do
  if ! grep -q "<table id=\"$id\">" <<<"$dom"; then
    echo "check-report: table $id missing in the rendered page" >&2
    fail=1
  fi
done
charts=$(grep -o "<svg" <<<"$dom" | wc -l)
if [ "$charts" -lt 8 ]; then
  echo "check-report: only $charts charts rendered" >&2
  fail=1
fi
# Errors the page itself causes (not the sandbox's own start-up noise).
if grep -E "Uncaught|CONSOLE.*[Ee]rror|Failed to load resource|net::ERR_" "$profile/console.log" >&2; then
  echo "check-report: the page caused errors" >&2
  fail=1
fi
[ -s "$shot" ] || { echo "check-report: no screenshot" >&2; fail=1; }
if [ "$fail" -eq 0 ]; then
  echo "check-report: $1 renders: $charts charts, every table; screenshot $shot"
fi
exit "$fail"
