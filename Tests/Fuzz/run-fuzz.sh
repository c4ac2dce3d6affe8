#!/usr/bin/env bash
# Runs fuzz targets built with the command in README.md, each for SECONDS, on its corpus,
# saving crashes to findings/<target>/. Extra arguments go to libFuzzer.
#
#   Tests/Fuzz/run-fuzz.sh fuzz-twarc2 600          # one target, ten minutes
#   Tests/Fuzz/run-fuzz.sh all 300 -jobs=4 -workers=4
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
which="${1:-all}"
seconds="${2:-300}"
shift $(( $# > 2 ? 2 : $# ))
targets=(fuzz-interchange fuzz-event-decoder fuzz-twarc2 fuzz-csv fuzz-checkpoint)
[[ "$which" != all ]] && targets=("$which")
[[ -d corpus ]] || ./make-corpus.sh
for target in "${targets[@]}"; do
    binary=".build/release/$target"
    [[ -x "$binary" ]] || { echo "build first: see README.md ($binary is missing)" >&2; exit 66; }
    mkdir -p "corpus/$target" "findings/$target"
    echo "== $target for $seconds s"
    # Leak detection is off: FoundationEssentials keeps a 4 KB buffer when it reads an empty
    # file (FileManager.contents(atPath:)), which is not ours and ends every CSV run. Swift's own
    # backtracer is off too: it fights ASan over the signal after an oracle's abort().
    ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}" SWIFT_BACKTRACE="enable=no" "$binary" "corpus/$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=4096 \
        -detect_leaks=0 -dict=dictionaries/json.dict -artifact_prefix="findings/$target/" -print_final_stats=1 "$@" \
        2>&1 | tee "fuzz-$target.log" | grep -E "^#[0-9]+[[:space:]]+(pulse|DONE)|^Done|ERROR|FUZZ ORACLE|Test unit written|stat::" || true
done
