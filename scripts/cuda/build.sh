#!/usr/bin/env bash
# npm run build:cuda: compiles native/cuda/ with nvcc into build/cuda/likeness_cuda.node (sm_90 code, plus
# PTX for newer GPUs; CUDA's runtime linked statically). With --if-available (npm install), a machine
# without nvcc skips it quietly and a failed build is reported, never a failed install.
set -euo pipefail
cd "$(dirname "$0")/../.."
optional=false
[ "${1:-}" = "--if-available" ] && optional=true
nvcc=${NVCC:-$(command -v nvcc || true)}
[ -z "$nvcc" ] && [ -x /usr/local/bin/nvcc ] && nvcc=/usr/local/bin/nvcc
if [ -z "$nvcc" ]; then
  $optional && exit 0
  echo "build:cuda: nvcc not found (CUDA toolkit): the cuda decoder backend needs it" >&2
  exit 1
fi
node_include=$(dirname "$(dirname "$(command -v node)")")/include/node
[ -f "$node_include/node_api.h" ] || node_include=/usr/include/node
mkdir -p build/cuda
if ! "$nvcc" -O3 -std=c++17 -shared -Xcompiler -fPIC -cudart static \
  -gencode arch=compute_90,code=sm_90 -gencode arch=compute_90,code=compute_90 \
  -DNODE_GYP_MODULE_NAME=likeness_cuda -I"$node_include" \
  -o build/cuda/likeness_cuda.node native/cuda/decoder.cu; then
  echo "build:cuda: the CUDA addon did not build; the server decodes on the CPU" >&2
  $optional && exit 0
  exit 1
fi
echo "build:cuda: build/cuda/likeness_cuda.node"
