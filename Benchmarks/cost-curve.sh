#!/usr/bin/env bash
# Cost curves of issue 8, measured on the release CLI as a person would run it, each beside a
# baseline taken in the same run with the sqlite3 CLI on the same machine:
#   import events/s at 10k and 100k (and 1M with FACTLEDGER_COST_1M=1) vs sqlite3 inserting the
#   same event bytes, 1,000 rows a transaction; append cost per event on top of a log of N events,
#   for a 10,000-event import and for one `observe` in its own transaction;
#   replay and verify rates (medians of FACTLEDGER_COST_LONG_RUNS runs, default 3);
#   `prove inclusion` latency; bytes per event; one `observe` from a fresh process vs the sqlite3
#   CLI inserting one row into the same file (medians of FACTLEDGER_COST_RUNS runs, default 15,
#   with hyperfine when installed unless FACTLEDGER_COST_NO_HYPERFINE is set).
# Writes a Markdown table to stdout and progress to stderr.
#
# Usage: bash Benchmarks/cost-curve.sh            (builds the CLI with `swift build -c release`)
#        FACTLEDGER_BIN=path/to/factledger bash Benchmarks/cost-curve.sh   (uses that binary)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sizes="10000 100000"
if [ -n "${FACTLEDGER_COST_1M:-}" ]; then sizes="$sizes 1000000"; fi
sizes=${FACTLEDGER_COST_SIZES:-$sizes}   # e.g. "2000" for a quick check
runs=${FACTLEDGER_COST_RUNS:-15}
append_chunk=${FACTLEDGER_COST_APPEND:-10000}
long_runs=${FACTLEDGER_COST_LONG_RUNS:-3}

command -v sqlite3 >/dev/null || { echo "cost-curve: the sqlite3 CLI is needed (apt-get install -y sqlite3)" >&2; exit 69; }
bin=${FACTLEDGER_BIN:-}
if [ -z "$bin" ]; then
    echo "building the release CLI in $root ..." >&2
    (cd "$root" && swift build -c release --product factledger >&2)
    bin="$root/.build/release/factledger"
fi
[ -x "$bin" ] || { echo "cost-curve: no executable at $bin" >&2; exit 66; }

work=$(mktemp -d "${TMPDIR:-/tmp}/factledger-cost-XXXXXX")
trap 'rm -rf "$work"' EXIT
# Keys stay inside the temporary folder; nothing of the caller's environment leaks in.
export XDG_CONFIG_HOME="$work/config"
unset FACTLEDGER_LEDGER FACTLEDGER_REVIEWER NO_COLOR || true

log() { echo "cost-curve: $*" >&2; }
now_ns() { date +%s%N; }
# seconds between two date +%s%N readings, with 4 decimals
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", (b - a) / 1e9 }'; }
# the median of the numbers on stdin
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "nan"; exit } if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
ms() { awk -v s="$1" 'BEGIN { printf "%.1f", s * 1000 }'; }
# Runs `$@` once and prints its wall time in seconds; its output goes to stderr.
timed() { local t0 t1; t0=$(now_ns); "$@" >&2; t1=$(now_ns); seconds "$t0" "$t1"; }

# Median wall time in seconds of `runs` runs of a command template in which {i} is replaced by
# the run number (1, 2, …), so each run can write a new row. hyperfine when installed, else a loop.
median_runs() {
    local template=$1 file="$work/runs.csv"
    if [ -z "${FACTLEDGER_COST_NO_HYPERFINE:-}" ] && command -v hyperfine >/dev/null; then
        hyperfine -N --style none --runs 1 --parameter-scan i 1 "$runs" --export-csv "$file" "$template" >&2
        tail -n +2 "$file" | cut -d, -f4 | median
    else
        local i t0 t1
        for i in $(seq 1 "$runs"); do
            t0=$(now_ns); eval "${template//\{i\}/$i}" >/dev/null; t1=$(now_ns)
            seconds "$t0" "$t1"; echo
        done | median
    fi
}

rows=()
row() { rows+=("| $1 | $2 | $3 | $4 | $5 |"); }

for n in $sizes; do
    dir="$work/n$n"
    mkdir -p "$dir"
    ledger="$dir/ledger.db"
    workload="$dir/workload.jsonl"
    log "N=$n: generating the workload"
    "$bin" generate --events "$n" --seed 1 --out "$workload"
    "$bin" generate --events "$append_chunk" --seed 2 --prefix x --out "$dir/more.jsonl"
    "$bin" init --ledger "$ledger" --org "Cost Curve" --admin bench --json >&2

    log "N=$n: import"
    # Written files are flushed first, so their write-back does not compete with what is timed.
    sync
    import_s=$(timed "$bin" import "$workload" --ledger "$ledger" --as bench)
    events=$(sqlite3 "$ledger" "SELECT MAX(position) FROM events")

    # Baseline: the same event bytes (each row's data), inserted by the sqlite3 CLI, 1,000 rows
    # per transaction, WAL and synchronous FULL, into a plain table: no Merkle, no encoding.
    {
        echo "PRAGMA synchronous=FULL;"
        sqlite3 "$ledger" "SELECT CASE WHEN position % 1000 = 1 THEN 'BEGIN;' ELSE '' END
            || 'INSERT INTO rows VALUES(' || position || ',X''' || hex(data) || ''');'
            || CASE WHEN position % 1000 = 0 THEN 'COMMIT;' ELSE '' END FROM events ORDER BY position"
        sqlite3 "$ledger" "SELECT CASE WHEN MAX(position) % 1000 != 0 THEN 'COMMIT;' ELSE '' END FROM events"
    } > "$dir/raw.sql"
    sqlite3 "$dir/raw.db" "PRAGMA journal_mode=WAL; CREATE TABLE rows (position INTEGER PRIMARY KEY, data BLOB NOT NULL);" >/dev/null
    sync
    raw_s=$(timed sqlite3 -bail "$dir/raw.db" ".read '$dir/raw.sql'")
    import_rate=$(rate "$events" "$import_s")
    raw_rate=$(rate "$events" "$raw_s")
    row "import $n interchange events" "$import_rate events/s" "sqlite3 CLI inserting the same $events rows: $raw_rate rows/s" "$(ratio "$import_rate" "$raw_rate")" "≥ 0.50 and ≥ 100,000 events/s"

    log "N=$n: append $append_chunk more on top of $events"
    append_s=$(timed "$bin" import "$dir/more.jsonl" --ledger "$ledger" --as bench)
    append_us=$(awk -v s="$append_s" -v n="$append_chunk" 'BEGIN { printf "%.1f", s * 1e6 / n }')
    first_append_us=${first_append_us:-$append_us}
    row "append $append_chunk more events onto a log of $events" "$append_us µs/event" "the same on the smallest log: $first_append_us µs/event" "$(ratio "$append_us" "$first_append_us")" "flat: ≈ 1.00 at every N"
    events=$(sqlite3 "$ledger" "SELECT MAX(position) FROM events")

    log "N=$n: replay and verify"
    # As before the import: the files written so far (the baseline's SQL text and database, a
    # gigabyte at 1M) are flushed first, so their write-back does not compete with the replay.
    sync
    # Replay and verify are medians of FACTLEDGER_COST_LONG_RUNS runs (default 3): one run of a
    # couple of seconds moves by 10–20% with whatever else the machine is doing.
    replay_runs=(); verify_runs=(); peak_kb=0
    for _ in $(seq 1 "$long_runs"); do
        if [ -x /usr/bin/time ]; then
            replay_runs+=("$(timed /usr/bin/time -f %M -o "$dir/replay.rss" "$bin" replay --ledger "$ledger")")
            peak_kb=$(awk -v a="$peak_kb" '{ print ($1 > a ? $1 : a) }' "$dir/replay.rss")
        else
            replay_runs+=("$(timed "$bin" replay --ledger "$ledger")")
        fi
        verify_runs+=("$(timed "$bin" verify --ledger "$ledger")")
    done
    replay_s=$(printf '%s\n' "${replay_runs[@]}" | median)
    verify_s=$(printf '%s\n' "${verify_runs[@]}" | median)
    peak=""
    if [ "$peak_kb" != 0 ]; then peak="; peak RSS $(awk -v k="$peak_kb" 'BEGIN { printf "%.0f MB", k / 1024 }')"; fi
    row "replay $events events (\`factledger replay\`, every projection; median of $long_runs)" "$(rate "$events" "$replay_s") events/s$peak" "" "" "≥ 500,000 events/s; < 300 MB at 1M"
    row "verify $events events (median of $long_runs)" "$(printf '%.2f' "$verify_s") s ($(rate "$events" "$verify_s") events/s)" "" "" "1M in ≤ 10 s"

    log "N=$n: prove inclusion"
    prove_s=$(median_runs "$bin prove inclusion {i}00 --ledger $ledger")
    row "\`prove inclusion\` on $events events (median of $runs)" "$(ms "$prove_s") ms" "" "" "≤ 50 ms"

    sqlite3 "$ledger" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
    bytes=$(stat -c %s "$ledger")
    row "storage, $events events" "$(awk -v b="$bytes" -v n="$events" 'BEGIN { printf "%.0f", b / n }') bytes/event" "the author's data bytes alone: $(sqlite3 "$ledger" "SELECT CAST(AVG(length(data)) AS INTEGER) FROM events") bytes/event" "" "≤ 700 bytes/event"

    log "N=$n: one observe from a fresh process vs one sqlite3 INSERT"
    "$bin" account add twitter:cost_curve --name "Cost Curve" --kind diplomat --country CN --ledger "$ledger" --as bench >&2
    sqlite3 "$ledger" "CREATE TABLE IF NOT EXISTS bench_raw (id INTEGER PRIMARY KEY, body BLOB NOT NULL);"
    observe_s=$(median_runs "$bin observe twitter:77{i} --account twitter:cost_curve --url https://twitter.com/cost_curve/status/77{i} --posted-at 2020-03-12T14:03:00Z --kind original --text Benchmark --ledger $ledger --as bench")
    insert_s=$(median_runs "sqlite3 $ledger \"PRAGMA synchronous=FULL; INSERT INTO bench_raw (body) VALUES (randomblob(400));\"")
    row "one \`observe\` from a fresh process, log of $events (median of $runs)" "$(ms "$observe_s") ms" "sqlite3 CLI one-row INSERT, same file: $(ms "$insert_s") ms" "$(ratio "$observe_s" "$insert_s")" "≤ 2.00"
    # The same single append (its own transaction, fsyncs included) as the log grows.
    first_observe_s=${first_observe_s:-$observe_s}
    row "one append in its own transaction (that \`observe\`), log of $events" "$(ms "$observe_s") ms" "the same on the smallest log: $(ms "$first_observe_s") ms" "$(ratio "$observe_s" "$first_observe_s")" "flat: ≈ 1.00 at every N"
done

echo "| measure | FactLedger (median) | baseline, same run | ratio | target |"
echo "| --- | --- | --- | --- | --- |"
printf '%s\n' "${rows[@]}"
echo
swift_version=$(swift --version 2>/dev/null | head -1 || true)
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); disk $(df -h "$work" | awk 'NR == 2 { print $1 }'); ${swift_version:-Swift unknown}; sqlite3 $(sqlite3 --version | cut -d' ' -f1); factledger $("$bin" --version 2>/dev/null || echo unknown)."
