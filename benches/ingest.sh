#!/usr/bin/env bash
# Benchmark: ingest of a generated 1,000,000-row month, set against reading
# the same files with the plain csv crate. Prints MB/s and peak memory.
#
#   benches/ingest.sh [ROWS]        (default 1000000)
#
# Data is generated once into target/bench-data/ingest-ROWS.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
data="target/bench-data/ingest-$rows"

cargo build --release --quiet --bin vroegsignaal --example gen-fixtures --example plain-read
bin=target/release
if [ ! -d "$data/exports" ]; then
  echo "generating $rows signals into $data ..."
  "$bin/examples/gen-fixtures" --inhabitants 1000000 --months 1 --signals "$rows" --seed 7 --out "$data"
fi
month=$(ls "$data/exports" | head -1)
files=("$data"/exports/"$month"/*.csv)
mb=$(du -cb "${files[@]}" | tail -1 | awk '{printf "%.1f", $1/1e6}')

# A config for the generated month: the example partners' profiles.
repo=$(pwd)
sed -e "s#\.\./fixtures#$repo/$data#g" -e "s#\"partners/#\"$repo/config/partners/#g" \
    -e "s#brp-profile.toml#$repo/config/brp-profile.toml#" config/vroegsignaal.toml > "$data/bench.toml"

measure() { # label, command...
  local label=$1; shift
  local best=999999 rss=0
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$data/time.txt" "$@" > /dev/null
    read -r secs kb < "$data/time.txt"
    best=$(awk -v a="$best" -v b="$secs" 'BEGIN{print (b<a)?b:a}')
    rss=$kb
  done
  awk -v l="$label" -v s="$best" -v mb="$mb" -v kb="$rss" \
    'BEGIN{printf "%-28s %6.2f s  %7.1f MB/s  peak %6.0f MiB\n", l, s, mb/s, kb/1024}'
}

echo "input: ${#files[@]} files, $mb MB, $rows signals ($month)"
measure "plain csv (ByteRecord)" "$bin/examples/plain-read" "${files[@]}"
measure "vroegsignaal ingest" "$bin/vroegsignaal" ingest --config "$data/bench.toml" --month "$month" \
  --out "$data/out" --quiet --format json
