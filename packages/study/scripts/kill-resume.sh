#!/usr/bin/env bash
# Kills a study (SIGKILL) at a random moment, resumes it with --resume, and compares it with an uninterrupted run of
# the same study: one row per key, the same rows, the same summary.json apart from its `run` block. Exit 0 = equal.
#
#   bash packages/study/scripts/kill-resume.sh [config.yaml]      (no config: the embedded default study)
#
# Runs from the repository root; writes runs/kill-resume-{whole,killed}. KILL_AFTER=<s> fixes the moment.
set -euo pipefail
cd "$(dirname "$0")/../../.."
config=${1:-}
cli=(node --conditions=@saliency/source --import tsx packages/cli/src/bin.ts run ${config:+"$config"})
whole=runs/kill-resume-whole
killed=runs/kill-resume-killed
rm -rf "$whole" "$killed"
start=$(date +%s)
"${cli[@]}" --out "$whole" > /dev/null 2>&1
took=$(( $(date +%s) - start ))
delay=${KILL_AFTER:-$(( 5 + RANDOM % (took > 10 ? took - 5 : 5) ))}
echo "uninterrupted run: ${took}s; killing the second run after ${delay}s"
"${cli[@]}" --out "$killed" > /dev/null 2>&1 &
pid=$!
sleep "$delay"
kill -9 "$pid" 2> /dev/null || echo "(the run had already finished)"
wait "$pid" 2> /dev/null || true
echo "rows at the kill: $(wc -l < "$killed/results.jsonl" 2> /dev/null || echo 0); summary.json written: $([ -e "$killed/summary.json" ] && echo yes || echo no)"
"${cli[@]}" --out "$killed" --resume > /dev/null 2>&1
node -e '
const fs = require("fs");
const [whole, killed] = process.argv.slice(1);
const rows = (d) => fs.readFileSync(`${d}/results.jsonl`, "utf8").trimEnd().split("\n");
const key = (l) => { const r = JSON.parse(l); return JSON.stringify([r.model, r.layer, r.image, r.method, r.measure]); };
const a = rows(whole), b = rows(killed);
const keys = new Set(b.map(key));
const byKey = new Map(a.map((l) => [key(l), l]));
const differ = b.filter((l) => byKey.get(key(l)) !== l).length;
const summary = (d) => { const { run, ...rest } = JSON.parse(fs.readFileSync(`${d}/summary.json`, "utf8")); return JSON.stringify(rest); };
const same = summary(whole) === summary(killed);
console.log(`rows: uninterrupted ${a.length}, resumed ${b.length}, distinct keys ${keys.size}, rows that differ ${differ}; summary.json (without run) equal: ${same}`);
process.exit(a.length === b.length && keys.size === b.length && differ === 0 && same ? 0 : 1);
' "$whole" "$killed"
