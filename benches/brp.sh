#!/usr/bin/env bash
# Benchmark of brp-check: quality against the generator's truth, time and
# peak memory, set against plainly reading the same register with the csv
# crate; then the later stages on the same month (match, prioritise,
# export-feedback, export-ddas, report).
#
#   benches/brp.sh city        # 1,000,000 register rows, 20,000 signals
#   benches/brp.sh national    # 18,000,000 register rows, 100,000 signals
#   benches/brp.sh holdout     # a city from the hold-out error model (other
#                              # name pools, more variation, another seed):
#                              # data the matching was not developed on
set -euo pipefail
cd "$(dirname "$0")/.."
seed=11; extra=""
case "${1:-city}" in
  city) inhabitants=1000000; signals=20000 ;;
  national) inhabitants=18000000; signals=100000 ;;
  holdout) inhabitants=1000000; signals=20000; seed=23; extra="--holdout" ;;
  *) echo "usage: benches/brp.sh city|national|holdout" >&2; exit 64 ;;
esac
data="target/bench-data/brp-$inhabitants-$signals${extra:+-holdout}"
cargo build --release --quiet --bin vroegsignaal --example gen-fixtures --example plain-read --example brp-quality
bin=target/release
if [ ! -f "$data/brp/brp-rijnvelde.csv" ]; then
  echo "generating $inhabitants inhabitants, $signals signals into $data ..."
  "$bin/examples/gen-fixtures" --inhabitants "$inhabitants" --months 1 --signals "$signals" --seed "$seed" $extra --out "$data"
fi
month=$(ls "$data/exports" | head -1)
repo=$(pwd)
sed -e "s#\.\./fixtures#$repo/$data#g" -e "s#\"partners/#\"$repo/config/partners/#g" \
    -e "s#\"brp-profile.toml\"#\"$repo/config/brp-profile.toml\"#" -e "s#\"lijsten/#\"$repo/config/lijsten/#g" \
    -e "s#\"rulebook.toml\"#\"$repo/config/rulebook.toml\"#" \
    -e "s#\"templates/#\"$repo/config/templates/#g" \
    config/vroegsignaal.toml > "$data/bench.toml"
mkdir -p "$data/lijsten"
cp -n fixtures/lijsten/wijken.csv "$data/lijsten/wijken.csv"
if [ ! -f "$data/lijsten/shv-clienten.csv" ]; then   # data generated before the lists existed
  sed -i -e '/^\[shv\]/,/^profile/d' -e '/^\[opt_out\]/,/^profile/d' "$data/bench.toml"
fi
rows=$(($(wc -l < "$data/brp/brp-rijnvelde.csv") - 1))
mb=$(du -b "$data/brp/brp-rijnvelde.csv" | awk '{printf "%.0f", $1/1e6}')
"$bin/vroegsignaal" ingest --config "$data/bench.toml" --month "$month" --out "$data/out" --quiet --format json > /dev/null

measure() { # label, command...   (its output kept in $data/last.json)
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$data/time.txt" "$@" > "$data/last.json"
  read -r secs kb < "$data/time.txt"
  printf "%-26s %6.2f s   peak %6.0f MiB\n" "$label" "$secs" "$(echo "$kb / 1024" | bc -l)"
}
echo "register: $rows rows, $mb MB; signals: $(($(wc -l < "$data/truth/$month.csv") - 1)) rows"
measure "plain csv read of register" "$bin/examples/plain-read" "$data/brp/brp-rijnvelde.csv"
cp "$data/time.txt" "$data/plain.txt"
measure "vroegsignaal brp-check" "$bin/vroegsignaal" brp-check --config "$data/bench.toml" --month "$month" \
  --out "$data/out" --quiet --format json
read -r secs _ < "$data/time.txt"
read -r plain _ < "$data/plain.txt"
echo "brp-check against the plain read: $(echo "$secs / $plain" | bc -l | xargs printf '%.1f')x"
rm -f "$data/out/historie.sqlite"
measure "vroegsignaal match" "$bin/vroegsignaal" match --config "$data/bench.toml" --month "$month" \
  --out "$data/out" --quiet --format json
measure "vroegsignaal prioritise" "$bin/vroegsignaal" prioritise --config "$data/bench.toml" --month "$month" \
  --out "$data/out" --quiet --format json
# Everything due 40 days after the month: every signal gets its code
# (`--again`, so a re-run of the bench measures the same work).
as_of=$(date -d "$month-01 +1 month +40 days" +%F)
measure "vroegsignaal export-feedback" "$bin/vroegsignaal" export-feedback --config "$data/bench.toml" \
  --month "$month" --out "$data/out" --as-of "$as_of" --again --quiet --format json
measure "vroegsignaal export-ddas" "$bin/vroegsignaal" export-ddas --config "$data/bench.toml" --from "$month" \
  --input "$data/out" --out "$data/out/ddas.json" --as-of "$as_of" --leave-out --quiet --format json
measure "vroegsignaal report" "$bin/vroegsignaal" report --config "$data/bench.toml" --month "$month" \
  --input "$data/out" --out "$data/out/rapport.html" --as-of "$as_of" --quiet --format json
# The whole month in one command, into a fresh folder, then again (a
# later run of the month: the lists are read back and kept).
rm -rf "$data/run"
measure "vroegsignaal run (fresh)" "$bin/vroegsignaal" run --config "$data/bench.toml" --month "$month" \
  --out "$data/run" --as-of "$as_of" --quiet --format json
measure "vroegsignaal run (again)" "$bin/vroegsignaal" run --config "$data/bench.toml" --month "$month" \
  --out "$data/run" --as-of "$as_of" --quiet --format json
# One more partner file of 100 signals on the month, in a copy of the
# exports, run the next day as an officer would: every stage again (the
# month's BRP parameters and verdicts kept, only the rows the signals point
# at read from the extract, the letters of that day's households).
inc="$data/incremental"
rm -rf "$inc" && mkdir -p "$inc/exports/$month"
cp "$data/exports/$month/"*.csv "$inc/exports/$month/"
sed "s#$repo/$data/exports#$repo/$inc/exports#g" "$data/bench.toml" > "$inc/bench.toml"
"$bin/vroegsignaal" run --config "$inc/bench.toml" --month "$month" --out "$inc/out" --as-of "$as_of" --quiet --format json > /dev/null
first=$(ls "$inc/exports/$month/"*.csv | head -1)
{ head -1 "$first"; sed -n 2,101p "$first" | sed 's/^\([A-Z]*-[0-9]*-\)/\19/'; } > "${first%.csv}-extra.csv"
measure "run (+1 file, next day)" "$bin/vroegsignaal" run --config "$inc/bench.toml" --month "$month" \
  --out "$inc/out" --as-of "$(date -d "$as_of +1 day" +%F)" --quiet --format json
echo "  BRP verdicts kept from the first run: $(grep -o '"kept_verdicts": [0-9]*' "$data/last.json" | grep -o '[0-9]*$') of $(grep -o '"signals": [0-9]*' "$data/last.json" | head -1 | grep -o '[0-9]*$') signals"
echo "  register rows read: $(grep -o '"register_rows_read": [0-9]*' "$data/last.json" | grep -o '[0-9]*$') of $rows"
rm -rf "$inc"
measure "rulebook check (7 files)" "$bin/vroegsignaal" rulebook check config/rulebook.toml config/examples/g1.toml \
  config/examples/g2.toml config/examples/g3.toml config/examples/g4.toml config/examples/g5.toml config/examples/g6.toml
echo "ddas: $(grep -c '"ID"' "$data/out/ddas.json") IDs written; left out (no BSN, postcode or house number): $("$bin/vroegsignaal" export-ddas --config "$data/bench.toml" --from "$month" --input "$data/out" --out "$data/out/ddas.json" --as-of "$as_of" --leave-out --quiet --format json | grep -c '"[0-9]\{4\}-[0-9][0-9]:')"
"$bin/examples/brp-quality" "$data/truth/$month.csv" "$data/out/$month/gecontroleerd.csv"
