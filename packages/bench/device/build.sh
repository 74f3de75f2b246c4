#!/usr/bin/env bash
# Builds .device/ (git-ignored) for one `pnpm bench` run on a lent GPU machine: the bench bundled into one file, the
# wasm backend's binaries, Dawn (the `webgpu` package, linux-x64 only, gzipped), run.sh, plus the Node binary and the
# Vulkan loader that ../shared/gpu/prepare-device.sh provides. Run from anywhere in the repository:
#   bash packages/bench/device/build.sh && node .device/bench.mjs --backend wasm --quick
# then, on the device: source .device/device-env.sh; cd .device && bash run.sh
set -euo pipefail
root=$(git rev-parse --show-toplevel)
here="$root/packages/bench/device"
cd "$root"
[ -f .device/node.gz ] && [ -f .device/device-env.sh ] || bash "$root/../shared/gpu/prepare-device.sh"

# One ESM file resolving workspace packages to their sources (the "@saliency/source" condition). Dawn stays
# external: a native module, loaded from .device/node_modules/webgpu. The emscripten glue of the wasm backend is
# CommonJS that reads require/__dirname, which an ESM bundle lacks: the banner defines them (wasm files beside it).
banner='import{createRequire as __cr}from"node:module";import{fileURLToPath as __fu}from"node:url";import{dirname as __dn}from"node:path";const require=__cr(import.meta.url);const __filename=__fu(import.meta.url);const __dirname=__dn(__filename);'
"$root/packages/bench/node_modules/.bin/esbuild" packages/bench/src/bin.ts --bundle --platform=node --format=esm --target=node20 \
  --conditions=@saliency/source --external:webgpu --minify --legal-comments=none --log-level=warning \
  "--banner:js=$banner" --outfile=.device/bench.mjs

wasm=$(dirname "$(node -e "console.log(require.resolve('@tensorflow/tfjs-backend-wasm/package.json', {paths: ['packages/bench']}))")")/dist
cp "$wasm/tfjs-backend-wasm.wasm" "$wasm/tfjs-backend-wasm-simd.wasm" .device/

dawn=$(dirname "$(realpath packages/backend-webgpu/node_modules/webgpu/package.json)")
mkdir -p .device/node_modules/webgpu/dist/linux-x64
cp "$dawn/package.json" "$dawn/index.js" .device/node_modules/webgpu/
# 21 MB → ~8 MB: the whole carried tree must stay under 64 MiB; run.sh unpacks it.
gzip -9 -c "$dawn/dist/linux-x64/dawn.node" > .device/dawn.node.gz
rm -f .device/node_modules/webgpu/dist/linux-x64/dawn.node

cp "$here/run.sh" .device/run.sh
du -sh .device
echo "device command: source .device/device-env.sh; cd .device && bash run.sh   (carry [\".device\"])"
