#!/usr/bin/env bash
# Opens a vroegsignaal report in headless Chromium and checks that it
# renders without errors: every section's table and chart is in the DOM the
# browser built, no chart label sticks out of its chart (each text box is
# measured against its chart's box in the browser's layout), the console
# shows no error, and a screenshot is taken.
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
# The same page with a measuring script added at its end (the report itself
# runs no script): every chart label's box against its chart's box.
cat > "$profile/measure.js" <<'JS'
(function () {
  var bad = [], n = 0, svgs = document.querySelectorAll("svg");
  for (var i = 0; i < svgs.length; i++) {
    var box = svgs[i].getBoundingClientRect(), texts = svgs[i].querySelectorAll("text");
    for (var j = 0; j < texts.length; j++) {
      n++;
      var r = texts[j].getBoundingClientRect();
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5 ||
          r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5) {
        bad.push(texts[j].textContent);
      }
    }
  }
  var pre = document.createElement("pre");
  pre.id = "label-check";
  pre.textContent = "labels " + n + " clipped " + bad.length + "\n" + bad.join("\n");
  document.body.appendChild(pre);
})();
JS
sed 's#</body>#<script src="measure.js"></script></body>#' "$report" > "$profile/measured.html"
measured=$("$browser" "${flags[@]}" --dump-dom "file://$profile/measured.html" 2>>"$profile/console.log")
labels=$(grep -o 'labels [0-9]* clipped [0-9]*' <<<"$measured" || true)
"$browser" "${flags[@]}" --window-size=1200,4000 --screenshot="$shot" "file://$report" 2>>"$profile/console.log" >/dev/null
fail=0
for id in per-partner per-partnertype per-1000 huishoudens brp screening werklijsten wijken contactpogingen behandelaars eindresultaten terugkoppeling open; do
  if ! grep -q "<table id=\"$id\">" <<<"$dom"; then
    echo "check-report: table $id missing in the rendered page" >&2
    fail=1
  fi
done
if [ -z "$labels" ]; then
  echo "check-report: the chart labels could not be measured" >&2
  fail=1
elif [ "$(awk '{print $4}' <<<"$labels")" != "0" ] || [ "$(awk '{print $2}' <<<"$labels")" = "0" ]; then
  echo "check-report: $labels; sticking out of their chart:" >&2
  sed -n '/<pre id="label-check">/,/<\/pre>/p' <<<"$measured" | sed -e '1d' -e 's#</pre>.*##' -e 's/^/  /' >&2
  fail=1
fi
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
  echo "check-report: $1 renders: $charts charts, every table, $labels; screenshot $shot"
fi
exit "$fail"
