#!/usr/bin/env bash
# Packs the trainer, the portrait generator and the decoder benchmark into one self-contained archive
# (this Node.js binary, esbuild bundles, and the few native modules they load) for an x86-64 Linux
# machine that has no Node.js or npm, such as a rented GPU box. Unpack and run:
#   mkdir -p /tmp/likeness && tar -xJf likeness-portable.tar.xz -C /tmp/likeness
#   /tmp/likeness/node /tmp/likeness/app/train.js --data ... --device webgpu   (paths as with npm run train)
# Usage: scripts/portable/pack.sh [out-dir]   (default .portable; writes <out-dir>/likeness-portable.tar.xz)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-.portable}
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/app/node_modules"

# one bundle per entry, side by side in app/; the data-parallel gradient workers' module lies beside the bundles
# that start it (gradientPool.ts loads ./gradientWorker.js)
npx esbuild train=scripts/train.ts dataset-synth=scripts/dataset-synth.ts bench-decode=scripts/bench-decode.ts \
  bench-train=scripts/bench-train.ts gradientWorker=training/train/gradientWorker.ts \
  --bundle --platform=node --format=esm --target=node20 --log-level=error --outdir="$stage/app" \
  --external:onnxruntime-node --external:sharp \
  --banner:js="import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);"

copy() { # copy node_modules/<path> into the archive's node_modules
  mkdir -p "$stage/app/node_modules/$(dirname "$1")"
  cp -r "node_modules/$1" "$stage/app/node_modules/$1"
}
mkdir -p "$stage/app/node_modules/onnxruntime-node/bin/napi-v6/linux"
cp node_modules/onnxruntime-node/package.json "$stage/app/node_modules/onnxruntime-node/"
cp -r node_modules/onnxruntime-node/dist "$stage/app/node_modules/onnxruntime-node/"
cp -r node_modules/onnxruntime-node/bin/napi-v6/linux/x64 "$stage/app/node_modules/onnxruntime-node/bin/napi-v6/linux/"
copy onnxruntime-common
for m in sharp @img/colour @img/sharp-linux-x64 @img/sharp-libvips-linux-x64 detect-libc semver; do copy "$m"; done
mkdir -p "$stage/app/node_modules/@tensorflow/tfjs-backend-wasm/dist"
cp node_modules/@tensorflow/tfjs-backend-wasm/package.json "$stage/app/node_modules/@tensorflow/tfjs-backend-wasm/"
cp node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm "$stage/app/node_modules/@tensorflow/tfjs-backend-wasm/dist/"
echo '{"type":"module"}' >"$stage/app/package.json"
cp "$(command -v node)" "$stage/node"

mkdir -p "$out"
tar -C "$stage" -cf - . | xz -T0 -6 >"$out/likeness-portable.tar.xz"
ls -l "$out/likeness-portable.tar.xz"
