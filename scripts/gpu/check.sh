#!/usr/bin/env bash
# The GPU machine's one short run: the CUDA engine's parity and speed, decoding and training
# (scripts/gpu/cudaChecks.mjs). That machine gets the working tree and what is carried, not node_modules,
# and may have no Node.js: carry build/cuda (the addon built here with nvcc: sm_90 code and PTX, CUDA's
# runtime inside) and .portable (scripts/portable/pack.sh: Node and the trainer bundled). Writes under $OUT
# (or a new temporary folder): nvidia-smi.txt, build.txt when it builds, cuda.json (one line a section).
# With TRAIN_MINUTES set it then continues models/default's training for that long on the fastest engine
# bench:train finds there (the CUDA addon's, or ONNX Runtime's), into $OUT/train.
set -uo pipefail
cd "$(dirname "$0")/../.."
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"
nvidia-smi > "$out/nvidia-smi.txt" 2>&1 || echo "nvidia-smi failed" >> "$out/nvidia-smi.txt"
node_bin=$(command -v node || true)
if [ -z "$node_bin" ] && [ -f .portable/likeness-portable.tar.xz ]; then
  mkdir -p /tmp/likeness-portable && tar -xJf .portable/likeness-portable.tar.xz -C /tmp/likeness-portable
  node_bin=/tmp/likeness-portable/node
fi
if [ -z "$node_bin" ]; then
  echo "check.sh: no Node.js here and no .portable archive carried (scripts/portable/pack.sh makes it)" | tee "$out/cuda.json"
  exit 1
fi
if [ ! -f build/cuda/likeness_cuda.node ] && ! bash scripts/cuda/build.sh > "$out/build.txt" 2>&1; then
  cat "$out/build.txt"
  exit 1
fi
timeout 300 "$node_bin" scripts/gpu/cudaChecks.mjs models/default "${SECONDS_PER_MEASURE:-3}" | tee "$out/cuda.json"
if [ "${TRAIN_MINUTES:-0}" != 0 ] && [ -f .portable/likeness-portable.tar.xz ]; then
  LIKENESS_CUDA_ADDON=$PWD/build/cuda/likeness_cuda.node \
    bash scripts/portable/train-on-gpu.sh .portable/likeness-portable.tar.xz "$out/train" "$TRAIN_MINUTES"
fi
echo "results in $out"
