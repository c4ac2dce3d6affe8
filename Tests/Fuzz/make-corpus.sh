#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets from ../shared/samples and from a ledger made
# with the factledger binary, into corpus/<target>/ (gitignored). Safe to re-run: it replaces
# the seeds it writes and leaves files libFuzzer added alone.
#
#   Tests/Fuzz/make-corpus.sh            # uses ../../.build/debug/factledger, or FACTLEDGER_BIN
#
# Needs bash, split and base64 (coreutils); python3 is used, when present, to cut `log --json`
# leaves out; without it the event-decoder corpus gets only the hand-written seeds below.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
samples="${FACTLEDGER_SAMPLES:-$root/../shared/samples/twarc2}"
binary="${FACTLEDGER_BIN:-$root/.build/debug/factledger}"
corpus="$here/corpus"
mkdir -p "$corpus"/{fuzz-interchange,fuzz-event-decoder,fuzz-twarc2,fuzz-csv,fuzz-checkpoint}

# One file per line of $1, named $2-<n>, in folder $3.
split_lines() {
    local file="$1" prefix="$2" folder="$3" n=0
    while IFS= read -r line || [[ -n "$line" ]]; do
        [[ -z "${line// }" ]] && continue
        n=$((n + 1))
        printf '%s\n' "$line" > "$folder/$prefix-$n"
    done < "$file"
}

# twarc2: every sample whole, and each of its lines alone (the broken line 8 of the streaming
# capture included, as captured).
if [[ -d "$samples" ]]; then
    for file in "$samples"/*.jsonl; do
        name="$(basename "$file" .jsonl)"
        cp "$file" "$corpus/fuzz-twarc2/sample-$name"
        split_lines "$file" "line-$name" "$corpus/fuzz-twarc2"
    done
else
    echo "make-corpus: no samples at $samples (set FACTLEDGER_SAMPLES)" >&2
fi

# interchange and CSV: hand-written seeds of every shape.
cat > "$corpus/fuzz-interchange/seed-all-types" <<'JSONL'
{"type":"AccountRegistered","data":{"account":"twitter:zlj517","display_name":"Lijian Zhao 赵立坚","kind":"diplomat","country":"CN","person":"Zhao Lijian","title":"Spokesperson","profile_url":"https://twitter.com/zlj517","platform_user_id":"2882703476"}}
{"type":"OutletRegistered","data":{"domain":"globalresearch.ca","name":"Global Research","affiliation":"unknown","country":"CA","basis":"Cited by officials","evidence_url":"https://en.wikipedia.org/wiki/Centre_for_Research_on_Globalization"}}
{"type":"PostObserved","occurred_at":"2020-03-12T14:03:00Z","data":{"post":"twitter:1238291234","account":"twitter:zlj517","url":"https://twitter.com/zlj517/status/1238291234","posted_at":"2020-03-12T14:03:00Z","kind":"original","text":"It might be US army who brought the epidemic to Wuhan. 🦠","language":"en","linked_urls":["https://www.globalresearch.ca/covid-19-further-evidence/5706078"],"hashtags":["COVID19"],"engagement":{"likes":12000,"reposts":4200,"replies":3100,"quotes":800,"views":1500000},"archive_url":"https://web.archive.org/web/2020/https://twitter.com/zlj517/status/1238291234"}}
{"type":"PostObserved","data":{"post":"twitter:1238291299","account":"twitter:zlj517","url":"https://twitter.com/zlj517/status/1238291299","posted_at":"2020-03-13T01:00:00.250Z","kind":"quote","text":"Read this","amplifies":"https://www.globalresearch.ca/covid-19-further-evidence/5706078","language":"zh"}}
{"type":"EngagementObserved","data":{"post":"twitter:1238291234","observed_at":"2020-03-15T00:00:00Z","likes":20000,"reposts":5000,"replies":3300,"quotes":900,"views":2000000}}
{"type":"ClaimFlagged","id":"0190f2a4-1c2b-7d3e-8f40-123456789abc","data":{"claim":"c-usarmy","summary":"The US army brought the coronavirus to Wuhan","post":"twitter:1238291234","text":"It might be US army who brought the epidemic to Wuhan.","language":"en","topics":["covid-origin"]}}
{"type":"AppearanceRecorded","data":{"claim":"c-usarmy","post":"twitter:1238291299","relation":"amplifies"}}
{"type":"SourceAttributed","data":{"outlet":"globalresearch.ca","claim":"c-usarmy","post":"twitter:1238291299","via":"link","confidence":"confirmed","evidence_url":"https://www.globalresearch.ca/covid-19-further-evidence/5706078"}}
{"type":"VerdictRecorded","data":{"verdict":"v-usarmy-1","claim":"c-usarmy","label":"false","rationale":"No evidence; genome studies trace the virus elsewhere.","scale":"factledger/1","evidence":["https://www.who.int/report"]}}
{"type":"VerdictPublished","data":{"verdict":"v-usarmy-1","url":"https://factcheck.example.org/usarmy","published_at":"2020-03-20T09:00:00Z"}}
{"type":"VerdictRevised","data":{"claim":"c-usarmy","supersedes":"v-usarmy-1","verdict":"v-usarmy-2","label":"mostly-false","correction_class":"rating_change","reason":"New evidence","public_note":"Updated"}}
{"type":"EntryRetracted","data":{"event":"0190f2a4-1c2b-7d3e-8f40-123456789abc","reason":"Flagged in error"}}
JSONL
split_lines "$corpus/fuzz-interchange/seed-all-types" "seed-line" "$corpus/fuzz-interchange"

header="post,account,url,posted_at,kind,text,amplifies,language,linked_urls,hashtags,likes,reposts,replies,quotes,views,archive_url"
printf '%s\r\n%s\r\n%s\r\n' "$header" \
    'twitter:1300000001,twitter:mfa_spox,https://twitter.com/mfa_spox/status/1300000001,2020-08-30T10:00:00Z,original,"Press briefing, 30 August: ""vaccines"" 疫苗",,zh,https://www.globaltimes.cn/content/1199,COVID19;疫苗,120,45,6,3,9000,' \
    'twitter:1300000002,twitter:mfa_spox,https://twitter.com/mfa_spox/status/1300000002,2020-08-30T11:00:00.5Z,repost,,twitter:1300000001,,,,1,2,3,4,,https://web.archive.org/web/2020/x' \
    > "$corpus/fuzz-csv/seed-full-header"
printf '\xEF\xBB\xBFkind,posted_at,url,account,post\n' > "$corpus/fuzz-csv/seed-bom-reordered"
printf 'original,2020-08-31T09:15:00Z,https://twitter.com/e/status/3,twitter:e,twitter:3\nquote,2020-08-31T09:16:00Z,https://twitter.com/e/status/4,twitter:e,twitter:4\n' >> "$corpus/fuzz-csv/seed-bom-reordered"
printf 'post,account,url,posted_at,kind,text\ntwitter:5,twitter:e,https://twitter.com/e/status/5,2020-08-31T09:15:00Z,original,"Multi\nline ""quoted"" text"\n' > "$corpus/fuzz-csv/seed-multiline"

# From a real ledger: generated interchange lines, stored leaves and bodies, checkpoints.
if [[ -x "$binary" ]]; then
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    export XDG_CONFIG_HOME="$work/config" NO_COLOR=1
    ledger="$work/ledger.db"
    "$binary" init --org "Fuzz Corpus Desk" --admin alice --ledger "$ledger" > /dev/null
    "$binary" generate --events 60 --seed 9 --out "$work/generated.jsonl"
    split_lines "$work/generated.jsonl" "generated" "$corpus/fuzz-interchange"
    "$binary" import "$work/generated.jsonl" --as alice --ledger "$ledger" > /dev/null
    "$binary" import "$corpus/fuzz-interchange/seed-all-types" --as alice --ledger "$ledger" > /dev/null 2>&1 || true
    "$binary" checkpoint --ledger "$ledger" > "$corpus/fuzz-checkpoint/seed-note"
    "$binary" ledger-key --ledger "$ledger" > "$corpus/fuzz-checkpoint/seed-key"
    { cat "$corpus/fuzz-checkpoint/seed-key"; cat "$corpus/fuzz-checkpoint/seed-note"; } > "$corpus/fuzz-checkpoint/seed-key-then-note"
    sed -n '1,/^$/p' "$corpus/fuzz-checkpoint/seed-note" | sed '$d' > "$corpus/fuzz-checkpoint/seed-body"
    if command -v python3 > /dev/null; then
        "$binary" log --json --ledger "$ledger" | python3 -c '
import base64, json, sys
folder = sys.argv[1]
for number, line in enumerate(sys.stdin, 1):
    leaf = base64.b64decode(json.loads(line)["leaf"])
    open(f"{folder}/leaf-{number}", "wb").write(leaf)
    body = leaf.split(b"\n", 5)[5]
    open(f"{folder}/body-{number}", "wb").write(body)
' "$corpus/fuzz-event-decoder"
    fi
else
    echo "make-corpus: no factledger binary at $binary (run swift build, or set FACTLEDGER_BIN); skipping ledger seeds" >&2
fi

# Hand-written stored-event seeds, so the decoder corpus is never empty.
printf 'factledger-leaf/1\n1\n2024-05-01T09:00:00.000Z\n1\n\n{"id":"0190f2a4-1c2b-7d3e-8f40-123456789abc","type":"ReviewPolicySet","schema_version":1,"stream":"ledger","occurred_at":"2024-05-01T09:00:00.000Z","author":"ledger","data":{"policy":"single"}}' > "$corpus/fuzz-event-decoder/seed-leaf"

for target in "$corpus"/*; do
    echo "$(basename "$target"): $(ls "$target" | wc -l) seeds"
done
