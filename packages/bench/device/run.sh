#!/usr/bin/env bash
# The one device call of issue 7 (copied into .device/ by build.sh). On the lent GPU machine:
#   source .device/device-env.sh; cd .device && bash run.sh
# ResNet-50 at 224², on WebGPU and, on the same machine for the ratio, on wasm. Every step has its own time limit
# (at most 7.7 minutes in all, Node start-ups included) and rewrites its JSON after every round of runs, so a step
# cut short still reports what it measured (`"complete": false`). Results: $OUT/{gpu.txt,webgpu.json,webgpu-score-cam.json,wasm.json,wasm-extra.json,run.log}.
set -uo pipefail
out=${OUT:-$PWD/out}
mkdir -p "$out"
exec > >(tee "$out/run.log") 2>&1

dawn=node_modules/webgpu/dist/linux-x64/dawn.node
[ -f "$dawn" ] || gunzip -c dawn.node.gz > "$dawn"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv > "$out/gpu.txt" 2>&1 || echo "nvidia-smi failed" > "$out/gpu.txt"
cat "$out/gpu.txt"
node --version

MAPS=body-forward,cam/grad-cam,cam/grad-cam-plus-plus,cam/layer-cam,case/case,cam/ablation-cam
step() { # name, seconds, bench arguments...
  local name=$1 limit=$2
  shift 2
  echo "=== $name (limit ${limit}s): $*"
  local t0=$SECONDS
  timeout --kill-after=5 "$limit" node bench.mjs --models resnet50 "$@" --json "$out/$name.json" 2>&1 | grep -v -e '^$' -e '^====' -e 'Hi, looks like' -e 'tfjs-node for more details'
  echo "=== $name: exit ${PIPESTATUS[0]} after $((SECONDS - t0)) s"
}

# WebGPU: every method but Score-CAM at batch 1 and 8, and both workloads (two warm-up runs: shader compilation).
step webgpu 140 --backend webgpu --batches 1,8 --methods "$MAPS,workload-rq1,workload-rq1-rq2" --runs 5 --warmup 2
# WebGPU Score-CAM over all 2048 channels (128 forward passes of 16 images), batch 1.
step webgpu-score-cam 100 --backend webgpu --batches 1 --methods body-forward,cam/score-cam --score-cam-channels all --runs 2 --warmup 1
# wasm, same machine: the same maps at batch 1 and 8 (single-threaded: about 0.4 s per forward pass of one image).
step wasm 150 --backend wasm --batches 1,8 --methods "$MAPS,workload-rq1" --runs 2 --warmup 1
# wasm RQ2 at batch 1, and Score-CAM over its first 16 channels only (PARTIAL: one chunk; all 2048 take ~15 min).
step wasm-extra 70 --backend wasm --batches 1 --methods body-forward,workload-rq1-rq2,cam/score-cam --score-cam-channels 16 --runs 2 --warmup 1

# The short table: WebGPU against wasm for every row measured on both.
node --input-type=module -e '
import { readFileSync, existsSync } from "node:fs";
const load = (f) => (existsSync(f) ? JSON.parse(readFileSync(f, "utf8")).results : []);
const dir = process.argv[1];
const gpu = [...load(`${dir}/webgpu.json`), ...load(`${dir}/webgpu-score-cam.json`)];
const cpu = [...load(`${dir}/wasm.json`), ...load(`${dir}/wasm-extra.json`)];
const key = (r) => `${r.method}${r.k ? " k=" + r.k : ""}${r.partial ? ` (${r.channels}/${r.channelsTotal} ch)` : ""} b=${r.batch}`;
console.log("case".padEnd(44), "webgpu ms".padStart(10), "wasm ms".padStart(10), "wasm/webgpu".padStart(12));
for (const g of gpu) {
  const c = cpu.find((r) => key(r) === key(g));
  console.log(key(g).padEnd(44), g.medianMs.toFixed(1).padStart(10), (c ? c.medianMs.toFixed(0) : "-").padStart(10), (c ? (c.medianMs / g.medianMs).toFixed(1) : "-").padStart(12));
}
' "$out"
