#!/usr/bin/env bash
# Continues training the default model on an x86-64 Linux GPU machine that has no Node.js, for a fixed
# time budget, from the archive that pack.sh makes. Run it in a checkout's root (models/default is the
# start); everything it reports lands in <out-dir>:
#   gpu.txt             the GPU, its driver, and whether a Vulkan loader is there (WebGPU runs on Vulkan)
#   bench-decode.json   npm run bench:decode -- --webgpu on that machine
#   bench-train.json    training-step images/s: ONNX Runtime on WebGPU and on all CPU cores (one session, and
#                       data-parallel sessions in worker threads)
#   train.log           the training log (PSNR over time), model.tar  the new models/<version>
# The device and the split of the cores that train fastest in bench-train are used; the learning rate decays over the time budget.
# Usage: scripts/portable/train-on-gpu.sh <archive> <out-dir> <train-minutes> [more npm run train options]
set -uo pipefail
archive=$1 out=$2 minutes=$3
shift 3
# the batch the training will use (16 unless the options say otherwise): the benchmark measures at that size
batch=16 prev=
for a in "$@"; do [ "$prev" = --batch ] && batch=$a; prev=$a; done
mkdir -p "$out"
p=/tmp/likeness-portable
mkdir -p $p && tar -xJf "$archive" -C $p
run() { "$p/node" "$@"; }

{
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>&1
  ldconfig -p | grep -q 'libvulkan.so.1' && echo "vulkan loader: yes" || echo "vulkan loader: MISSING"
  nproc
  # why a Vulkan driver may not start in a container: the toolkit mounts the graphics libraries only
  # with the 'graphics' capability, and an ICD whose own libraries are missing loads as "no driver"
  echo "NVIDIA_DRIVER_CAPABILITIES=${NVIDIA_DRIVER_CAPABILITIES:-unset}"
  for icd in /usr/share/vulkan/icd.d/*.json /etc/vulkan/icd.d/*.json; do
    [ -f "$icd" ] || continue
    lib=$(sed -n 's/.*"library_path": *"\([^"]*\)".*/\1/p' "$icd")
    echo "vulkan driver $icd -> $lib"
    path=$lib
    [ -f "$path" ] || path=$(ldconfig -p | awk -v l="$lib" '$1 == l { print $NF; exit }')
    [ -n "$path" ] && ldd "$path" | grep 'not found' | sed 's/^/  missing: /'
  done
  ldconfig -p | grep -oE 'libnvidia-(glcore|glvkspirv|gpucomp|tls)[^ ]*' | sort -u | sed 's/^/  present: /'
} | tee "$out/gpu.txt"

# (a GPU driver that hangs must not eat the training time: each benchmark has a time limit)
VK_LOADER_DEBUG=error,driver timeout 120 "$p/node" $p/app/bench-decode.js --webgpu --seconds 1 --batches 8,32,128 2>&1 | tee "$out/bench-decode.log"
tail -1 "$out/bench-decode.log" >"$out/bench-decode.json"
# (up to ten rows on 16 cores, six of them starting 2 to 16 worker threads: five minutes at most)
# (cuda: the project's CUDA addon, when LIKENESS_CUDA_ADDON names a build of it: scripts/gpu/check.sh)
timeout 300 "$p/node" $p/app/bench-train.js --engines onnx,cuda --webgpu --batch "$batch" --seconds 4 --json 2>&1 |
  tail -1 | tee "$out/bench-train.json"
# the fastest plain training step: the GPU, or the CPU cores shared between data-parallel workers some way
read -r device workers threads < <(run -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).results
    .filter((x) => ["onnxruntime-cpu", "onnxruntime-webgpu", "cuda"].includes(x.engine) && x.imagesPerSecond);
  const best = r.reduce((a, b) => (b.imagesPerSecond > a.imagesPerSecond ? b : a));
  console.log(best.engine.replace("onnxruntime-", ""), best.workers, best.threads);' "$out/bench-train.json" 2>/dev/null ||
  echo cpu 1 "$(nproc)")
# on the GPU the CPU side (evaluation) gets every core
[ "$device" = webgpu ] || [ "$device" = cuda ] && threads=$(nproc)
echo "training on: $device, $workers worker(s) x $threads thread(s)" | tee -a "$out/gpu.txt"

run $p/app/dataset-synth.js --count 2000 --seed 1 --out data/yearbook 2>&1 | tail -1
# progress bars are redrawn with \r: keep one in 200 of them in the log
# the budget counts training steps only: evaluations (every 60 s), checkpoints, the import and writing the
# model come on top, so the hard stop leaves a tenth more and ten minutes
timeout $((${minutes%.*} * 66 + 600)) "$p/node" $p/app/train.js --data data/yearbook --out models/default --init-from models/default --device "$device" \
  --workers "$workers" --threads "$threads" --max-minutes "$minutes" --lr-schedule cosine-time --eval-every 60 "$@" 2>&1 |
  tr '\r' '\n' | awk '!/^train \[/ || NR % 200 == 0' | tee "$out/train.log"
if [ -n "$(find models/default -newer "$out/gpu.txt" -name manifest.json)" ]; then
  tar -cf "$out/model.tar" models/default
else # stopped before the model was written: bring the last checkpoint's weights and codes
  tar -cf "$out/checkpoint.tar" -C data/runs/default checkpoint/state.json checkpoint/weights.bin checkpoint/codes.bin
fi
