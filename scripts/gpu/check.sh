#!/usr/bin/env bash
# The GPU machine's one short run: build the CUDA addon with nvcc, then the cuda backend's parity and decode
# speed (scripts/gpu/decodeCheck.mjs: needs only Node and the working tree, no node_modules). Writes under
# $OUT (or a new temporary folder): nvidia-smi.txt, build.txt, decode.json.
# Not here yet: bench:train --device cuda and training models/default on the GPU (the backward pass is
# issue 25's next step).
set -uo pipefail
cd "$(dirname "$0")/../.."
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"
nvidia-smi > "$out/nvidia-smi.txt" 2>&1 || echo "nvidia-smi failed" >> "$out/nvidia-smi.txt"
if ! bash scripts/cuda/build.sh > "$out/build.txt" 2>&1; then
  cat "$out/build.txt"
  exit 1
fi
timeout 300 node scripts/gpu/decodeCheck.mjs models/default "${SECONDS_PER_BATCH:-3}" | tee "$out/decode.json"
echo "results in $out"
