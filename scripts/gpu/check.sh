#!/usr/bin/env bash
# The GPU machine's one short run: build the CUDA addon with nvcc, then the CUDA engine's parity and speed,
# decoding and training (scripts/gpu/cudaChecks.mjs: needs only Node and the working tree, no
# node_modules). Writes under $OUT (or a new temporary folder): nvidia-smi.txt, build.txt, cuda.json.
# Then, with TRAIN_MINUTES set and the portable archive carried (.portable/likeness-portable.tar.xz, made by
# scripts/portable/pack.sh: the trainer bundled with Node), it continues models/default's training for that
# long on the fastest engine bench:train finds there (the CUDA addon's, or ONNX Runtime's), into $OUT/train.
set -uo pipefail
cd "$(dirname "$0")/../.."
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"
nvidia-smi > "$out/nvidia-smi.txt" 2>&1 || echo "nvidia-smi failed" >> "$out/nvidia-smi.txt"
if ! bash scripts/cuda/build.sh > "$out/build.txt" 2>&1; then
  cat "$out/build.txt"
  exit 1
fi
timeout 300 node scripts/gpu/cudaChecks.mjs models/default "${SECONDS_PER_BATCH:-3}" | tee "$out/cuda.json"
if [ "${TRAIN_MINUTES:-0}" != 0 ] && [ -f .portable/likeness-portable.tar.xz ]; then
  LIKENESS_CUDA_ADDON=$PWD/build/cuda/likeness_cuda.node \
    bash scripts/portable/train-on-gpu.sh .portable/likeness-portable.tar.xz "$out/train" "$TRAIN_MINUTES"
fi
echo "results in $out"
