// likeness_cuda: the decoder's forward pass on an NVIDIA GPU (tiled implicit-GEMM convolutions, fp32), as a Node-API addon (built by
// scripts/cuda/build.sh with nvcc; CUDA's runtime linked statically, so the .node needs only the driver).
//
//   probe()                                   -> { devices, name?, error? }   (never throws)
//   decodeHost(config, weights, codes, n)     -> Uint8Array n*H*W*3            (the same maths on the CPU)
//   createDecoder(config, weights)            -> handle (weights uploaded once) (throws without a GPU)
//   decode(handle, codes, n)                  -> Promise<Uint8Array>           (a stream per call, off the JS thread)
//   destroyDecoder(handle)
//
// Errors become JavaScript exceptions or rejections with CUDA's message; nothing here aborts the process.
#include <cuda_runtime.h>
#include <node_api.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "decoder_math.cuh"

// ---------------------------------------------------------------- kernels

// a grid-stride loop: element i of `total`, however many blocks the launch has
#define LK_FOR(i, total) \
  for (long i = blockIdx.x * (long)blockDim.x + threadIdx.x; i < (total); i += (long)gridDim.x * blockDim.x)

// blocks of 256 threads for `total` elements, at most 65,535 (the grid-stride loop does the rest)
static int lk_blocks(long total) {
  const long b = (total + 255) / 256;
  return (int)(b < 65535 ? b : 65535);
}

// the dense layer + ReLU, one output element a thread
__global__ void k_dense(const float* codes, const float* kernel, const float* bias, int latent, int size, int n,
                        float* out) {
  LK_FOR(i, (long)n * size)
    out[i] = lk_dense(codes, kernel, bias, latent, size, (int)(i / size), (int)(i % size));
}

// one BM x BN tile of a convolution's output a block (decoder_math.cuh)
__global__ void __launch_bounds__(LK_THREADS) k_conv(LkConv c, float* out, uint8_t* bytes) {
  __shared__ float As[LK_BK * LK_AS];
  __shared__ float Bs[LK_BK * LK_BN];
  const long m0 = (long)blockIdx.x * LK_BM;
  const int n0 = blockIdx.y * LK_BN;
  const int t = threadIdx.x;
  float acc[LK_TM * LK_TN] = {0.f};
  LkPixels pixels;
  lk_tile_pixels(c, m0, t, &pixels);
  for (int k0 = 0; k0 < 9 * c.cin; k0 += LK_BK) {
    lk_tile_load(c, pixels, n0, k0, t, As, Bs);
    __syncthreads();
    lk_tile_mac(t, As, Bs, acc);
    __syncthreads();
  }
  lk_tile_store(c, m0, n0, t, acc, out, bytes);
}

static dim3 conv_grid(const LkConv& c) {
  return dim3((unsigned)((lk_rows(c) + LK_BM - 1) / LK_BM), (unsigned)((c.cout + LK_BN - 1) / LK_BN));
}

// the same tiles on the host: each block's threads load, then multiply, as the syncs order them on the GPU
static void conv_on_host(const LkConv& c, float* out, uint8_t* bytes) {
  std::vector<float> As(LK_BK * LK_AS), Bs(LK_BK * LK_BN), acc(LK_THREADS * LK_TM * LK_TN);
  std::vector<LkPixels> pixels(LK_THREADS);
  const dim3 grid = conv_grid(c);
  for (unsigned bx = 0; bx < grid.x; bx++)
    for (unsigned by = 0; by < grid.y; by++) {
      const long m0 = (long)bx * LK_BM;
      const int n0 = (int)by * LK_BN;
      std::fill(acc.begin(), acc.end(), 0.f);
      for (int t = 0; t < LK_THREADS; t++) lk_tile_pixels(c, m0, t, &pixels[t]);
      for (int k0 = 0; k0 < 9 * c.cin; k0 += LK_BK) {
        for (int t = 0; t < LK_THREADS; t++) lk_tile_load(c, pixels[t], n0, k0, t, As.data(), Bs.data());
        for (int t = 0; t < LK_THREADS; t++) lk_tile_mac(t, As.data(), Bs.data(), &acc[t * LK_TM * LK_TN]);
      }
      for (int t = 0; t < LK_THREADS; t++) lk_tile_store(c, m0, n0, t, &acc[t * LK_TM * LK_TN], out, bytes);
    }
}

// the layers' convolutions, in order: stage i reads `in` and writes the next activation
static LkConv stage_conv(const LkShape& s, const LkOffsets& o, const float* weights, int stage, const float* in, int n) {
  LkConv c;
  c.in = in;
  c.h = s.h0 << stage;
  c.w = s.w0 << stage;
  c.cin = s.widths[stage];
  c.n = n;
  c.relu = stage < s.stages;
  if (stage < s.stages) {
    c.up = 1;
    c.kernel = weights + o.conv_kernel[stage];
    c.bias = weights + o.conv_bias[stage];
    c.cout = s.widths[stage + 1];
  } else {
    c.up = 0;
    c.kernel = weights + o.out_kernel;
    c.bias = weights + o.out_bias;
    c.cout = 3;
  }
  return c;
}

// ---------------------------------------------------------------- the same pass on the host

static void decode_on_host(const LkShape& s, const float* weights, const float* codes, int n, uint8_t* out) {
  const LkOffsets o = lk_offsets(s);
  const int grid = s.h0 * s.w0 * s.widths[0];
  std::vector<float> a((size_t)n * grid), b;
  for (long i = 0; i < (long)a.size(); i++)
    a[i] = lk_dense(codes, weights + o.dense_kernel, weights + o.dense_bias, s.latent, grid, (int)(i / grid),
                    (int)(i % grid));
  for (int st = 0; st <= s.stages; st++) {
    const LkConv c = stage_conv(s, o, weights, st, a.data(), n);
    if (st == s.stages) {
      conv_on_host(c, nullptr, out);
      break;
    }
    b.assign((size_t)lk_rows(c) * c.cout, 0.f);
    conv_on_host(c, b.data(), nullptr);
    a.swap(b);
  }
}

#include "train_step.cuh"

// ---------------------------------------------------------------- Node-API helpers

#define LK_CALL(env, call)                                      \
  do {                                                          \
    if ((call) != napi_ok) {                                    \
      napi_throw_error((env), "LIKENESS_CUDA", "node-api call failed: " #call); \
      return nullptr;                                           \
    }                                                           \
  } while (0)

static napi_value throw_error(napi_env env, const std::string& message) {
  napi_throw_error(env, "LIKENESS_CUDA", message.c_str());
  return nullptr;
}

static bool get_int(napi_env env, napi_value object, const char* key, int* out) {
  napi_value v;
  return napi_get_named_property(env, object, key, &v) == napi_ok && napi_get_value_int32(env, v, out) == napi_ok;
}

// config {latent, height, width, widths: number[]} -> shape; empty message when valid
static std::string read_shape(napi_env env, napi_value config, LkShape* s) {
  if (!get_int(env, config, "latent", &s->latent) || !get_int(env, config, "height", &s->height) ||
      !get_int(env, config, "width", &s->width))
    return "config needs latent, height and width";
  napi_value widths;
  uint32_t count = 0;
  bool is_array = false;
  if (napi_get_named_property(env, config, "widths", &widths) != napi_ok ||
      napi_is_array(env, widths, &is_array) != napi_ok || !is_array ||
      napi_get_array_length(env, widths, &count) != napi_ok || count < 1 || count > 9)
    return "config.widths must be an array of 1 to 9 numbers";
  for (uint32_t i = 0; i < count; i++) {
    napi_value v;
    if (napi_get_element(env, widths, i, &v) != napi_ok || napi_get_value_int32(env, v, &s->widths[i]) != napi_ok ||
        s->widths[i] < 1)
      return "config.widths must be positive numbers";
  }
  s->stages = (int)count - 1;
  const int f = 1 << s->stages;
  if (s->latent < 1 || s->height % f != 0 || s->width % f != 0) return "the image is not divisible by 2^stages";
  s->h0 = s->height / f;
  s->w0 = s->width / f;
  return "";
}

// a typed array of the given type: its data and length; empty message when it is one
template <typename T>
static std::string read_array(napi_env env, napi_value value, napi_typedarray_type want, const char* name,
                              const T** data, size_t* length) {
  napi_typedarray_type type;
  void* raw;
  napi_value buffer;
  size_t offset;
  if (napi_get_typedarray_info(env, value, &type, length, &raw, &buffer, &offset) != napi_ok || type != want)
    return std::string("expected a ") + name;
  *data = static_cast<const T*>(raw);
  return "";
}

static std::string read_floats(napi_env env, napi_value value, const float** data, size_t* length) {
  return read_array(env, value, napi_float32_array, "Float32Array", data, length);
}

static std::string read_bytes(napi_env env, napi_value value, const uint8_t** data, size_t* length) {
  return read_array(env, value, napi_uint8_array, "Uint8Array", data, length);
}

static napi_value new_floats(napi_env env, const std::vector<float>& values) {
  napi_value buffer, array;
  void* raw;
  if (napi_create_arraybuffer(env, values.size() * sizeof(float), &raw, &buffer) != napi_ok ||
      napi_create_typedarray(env, napi_float32_array, values.size(), buffer, 0, &array) != napi_ok)
    return nullptr;
  memcpy(raw, values.data(), values.size() * sizeof(float));
  return array;
}

static napi_value new_bytes(napi_env env, size_t size, uint8_t** data) {
  napi_value buffer, array;
  void* raw;
  if (napi_create_arraybuffer(env, size, &raw, &buffer) != napi_ok ||
      napi_create_typedarray(env, napi_uint8_array, size, buffer, 0, &array) != napi_ok)
    return nullptr;
  *data = static_cast<uint8_t*>(raw);
  return array;
}

// ---------------------------------------------------------------- probe

static napi_value probe(napi_env env, napi_callback_info) {
  napi_value result, value;
  LK_CALL(env, napi_create_object(env, &result));
  int devices = 0;
  const cudaError_t err = cudaGetDeviceCount(&devices);
  if (err != cudaSuccess) devices = 0;
  LK_CALL(env, napi_create_int32(env, devices, &value));
  LK_CALL(env, napi_set_named_property(env, result, "devices", value));
  if (err != cudaSuccess) {
    LK_CALL(env, napi_create_string_utf8(env, cudaGetErrorString(err), NAPI_AUTO_LENGTH, &value));
    LK_CALL(env, napi_set_named_property(env, result, "error", value));
  } else if (devices > 0) {
    cudaDeviceProp prop;
    if (cudaGetDeviceProperties(&prop, 0) == cudaSuccess) {
      LK_CALL(env, napi_create_string_utf8(env, prop.name, NAPI_AUTO_LENGTH, &value));
      LK_CALL(env, napi_set_named_property(env, result, "name", value));
    }
  }
  return result;
}

// ---------------------------------------------------------------- decodeHost(config, weights, codes, n)

static napi_value decode_host(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value args[4];
  LK_CALL(env, napi_get_cb_info(env, info, &argc, args, nullptr, nullptr));
  if (argc < 4) return throw_error(env, "decodeHost(config, weights, codes, n)");
  LkShape s;
  std::string problem = read_shape(env, args[0], &s);
  if (!problem.empty()) return throw_error(env, problem);
  const float *weights, *codes;
  size_t nw, nc;
  int n;
  if (!(problem = read_floats(env, args[1], &weights, &nw)).empty()) return throw_error(env, "weights: " + problem);
  if (!(problem = read_floats(env, args[2], &codes, &nc)).empty()) return throw_error(env, "codes: " + problem);
  if (napi_get_value_int32(env, args[3], &n) != napi_ok || n < 1 || n > LK_MAX_BATCH)
    return throw_error(env, "n must be 1 to " + std::to_string(LK_MAX_BATCH));
  if ((long)nw != lk_offsets(s).total) return throw_error(env, "weights do not match the config");
  if ((long)nc < (long)n * s.latent) return throw_error(env, "fewer codes than n x latent");
  uint8_t* out;
  napi_value result = new_bytes(env, (size_t)n * s.height * s.width * 3, &out);
  if (!result) return throw_error(env, "out of memory");
  decode_on_host(s, weights, codes, n, out);
  return result;
}

// ---------------------------------------------------------------- the GPU decoder

struct GpuDecoder {
  LkShape shape;
  LkOffsets offsets;
  float* weights = nullptr;
  size_t largest = 0;  // floats of the largest activation of one face
};

static void free_decoder(napi_env, void* data, void*) {
  GpuDecoder* d = static_cast<GpuDecoder*>(data);
  if (d->weights) cudaFree(d->weights);
  delete d;
}

static napi_value create_decoder(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value args[2];
  LK_CALL(env, napi_get_cb_info(env, info, &argc, args, nullptr, nullptr));
  if (argc < 2) return throw_error(env, "createDecoder(config, weights)");
  GpuDecoder* d = new GpuDecoder();
  std::string problem = read_shape(env, args[0], &d->shape);
  const float* weights;
  size_t nw = 0;
  if (problem.empty()) problem = read_floats(env, args[1], &weights, &nw);
  if (problem.empty() && (long)nw != (d->offsets = lk_offsets(d->shape)).total) problem = "weights do not match the config";
  if (!problem.empty()) {
    delete d;
    return throw_error(env, problem);
  }
  // the stream-ordered allocator keeps what it freed for the next batch instead of giving it back each time
  cudaMemPool_t pool;
  if (cudaDeviceGetDefaultMemPool(&pool, 0) == cudaSuccess) {
    uint64_t keep = UINT64_MAX;
    cudaMemPoolSetAttribute(pool, cudaMemPoolAttrReleaseThreshold, &keep);
  }
  cudaError_t err = cudaMalloc(&d->weights, nw * sizeof(float));
  if (err == cudaSuccess) err = cudaMemcpy(d->weights, weights, nw * sizeof(float), cudaMemcpyHostToDevice);
  if (err != cudaSuccess) {
    free_decoder(env, d, nullptr);
    return throw_error(env, std::string("CUDA: ") + cudaGetErrorString(err));
  }
  const LkShape& s = d->shape;
  int h = s.h0, w = s.w0;
  d->largest = (size_t)h * w * s.widths[0];
  for (int i = 1; i <= s.stages; i++) {
    h *= 2;
    w *= 2;
    d->largest = d->largest > (size_t)h * w * s.widths[i] ? d->largest : (size_t)h * w * s.widths[i];
  }
  napi_value handle;
  if (napi_create_external(env, d, free_decoder, nullptr, &handle) != napi_ok) {
    free_decoder(env, d, nullptr);
    return throw_error(env, "node-api: cannot wrap the decoder");
  }
  return handle;
}

struct DecodeWork {
  GpuDecoder* decoder;
  std::vector<float> codes;
  int n;
  std::vector<uint8_t> out;
  std::string error;
  napi_deferred deferred;
  napi_async_work work;
  napi_ref handle;  // keeps the decoder alive while the work runs
};

// on a worker thread: one stream, the whole pass, bytes back
static void decode_pass(DecodeWork* w);

// on a worker thread: nothing thrown may leave it (std::terminate would end the server)
static void decode_execute(napi_env, void* data) {
  DecodeWork* w = static_cast<DecodeWork*>(data);
  cudaGetLastError();  // an error left on this thread by an earlier call is not this call's
  try {
    decode_pass(w);
  } catch (const std::exception& e) {
    w->error = std::string("decode failed: ") + e.what();
  }
}

static void decode_pass(DecodeWork* w) {
  const GpuDecoder& d = *w->decoder;
  const LkShape& s = d.shape;
  const LkOffsets& o = d.offsets;
  const int n = w->n;
  cudaStream_t stream = nullptr;
  float *codes = nullptr, *a = nullptr, *b = nullptr;
  uint8_t* bytes = nullptr;
  const size_t out_size = (size_t)n * s.height * s.width * 3;
  w->out.resize(out_size);
  cudaError_t err = cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking);
  if (err == cudaSuccess) err = cudaMallocAsync(&codes, w->codes.size() * sizeof(float), stream);
  if (err == cudaSuccess) err = cudaMallocAsync(&a, (size_t)n * d.largest * sizeof(float), stream);
  if (err == cudaSuccess) err = cudaMallocAsync(&b, (size_t)n * d.largest * sizeof(float), stream);
  if (err == cudaSuccess) err = cudaMallocAsync(&bytes, out_size, stream);
  if (err == cudaSuccess)
    err = cudaMemcpyAsync(codes, w->codes.data(), w->codes.size() * sizeof(float), cudaMemcpyHostToDevice, stream);
  if (err == cudaSuccess) {
    const long grid = (long)s.h0 * s.w0 * s.widths[0];
    k_dense<<<lk_blocks(n * grid), 256, 0, stream>>>(codes, d.weights + o.dense_kernel, d.weights + o.dense_bias,
                                                       s.latent, (int)grid, n, a);
    for (int st = 0; st <= s.stages; st++) {
      const LkConv c = stage_conv(s, o, d.weights, st, a, n);
      k_conv<<<conv_grid(c), LK_THREADS, 0, stream>>>(c, st == s.stages ? nullptr : b, st == s.stages ? bytes : nullptr);
      float* t = a;
      a = b;
      b = t;
    }
    err = cudaGetLastError();
  }
  if (err == cudaSuccess) err = cudaMemcpyAsync(w->out.data(), bytes, out_size, cudaMemcpyDeviceToHost, stream);
  if (err == cudaSuccess) err = cudaStreamSynchronize(stream);
  if (err != cudaSuccess) w->error = std::string("CUDA: ") + cudaGetErrorString(err);
  if (stream) {
    for (void* p : {(void*)codes, (void*)a, (void*)b, (void*)bytes})
      if (p) cudaFreeAsync(p, stream);
    cudaStreamSynchronize(stream);
    cudaStreamDestroy(stream);
  }
}

static void decode_complete(napi_env env, napi_status, void* data) {
  DecodeWork* w = static_cast<DecodeWork*>(data);
  napi_value value;
  if (w->error.empty()) {
    uint8_t* out;
    value = new_bytes(env, w->out.size(), &out);
    if (value) {
      memcpy(out, w->out.data(), w->out.size());
      napi_resolve_deferred(env, w->deferred, value);
    } else
      w->error = "out of memory";
  }
  if (!w->error.empty()) {
    napi_value message;
    napi_create_string_utf8(env, w->error.c_str(), NAPI_AUTO_LENGTH, &message);
    napi_create_error(env, nullptr, message, &value);
    napi_reject_deferred(env, w->deferred, value);
  }
  napi_delete_reference(env, w->handle);
  napi_delete_async_work(env, w->work);
  delete w;
}

static napi_value decode(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value args[3];
  LK_CALL(env, napi_get_cb_info(env, info, &argc, args, nullptr, nullptr));
  if (argc < 3) return throw_error(env, "decode(handle, codes, n)");
  void* raw;
  if (napi_get_value_external(env, args[0], &raw) != napi_ok) return throw_error(env, "not a decoder handle");
  GpuDecoder* d = static_cast<GpuDecoder*>(raw);
  const float* codes;
  size_t nc;
  int n;
  std::string problem = read_floats(env, args[1], &codes, &nc);
  if (!problem.empty()) return throw_error(env, "codes: " + problem);
  if (napi_get_value_int32(env, args[2], &n) != napi_ok || n < 1 || n > LK_MAX_BATCH)
    return throw_error(env, "n must be 1 to " + std::to_string(LK_MAX_BATCH));
  if ((long)nc < (long)n * d->shape.latent) return throw_error(env, "fewer codes than n x latent");
  DecodeWork* w = new DecodeWork();
  w->decoder = d;
  w->n = n;
  w->codes.assign(codes, codes + (size_t)n * d->shape.latent);
  napi_value promise, name;
  LK_CALL(env, napi_create_promise(env, &w->deferred, &promise));
  LK_CALL(env, napi_create_reference(env, args[0], 1, &w->handle));
  LK_CALL(env, napi_create_string_utf8(env, "likeness_cuda.decode", NAPI_AUTO_LENGTH, &name));
  LK_CALL(env, napi_create_async_work(env, nullptr, name, decode_execute, decode_complete, w, &w->work));
  LK_CALL(env, napi_queue_async_work(env, w->work));
  return promise;
}

static napi_value destroy_decoder(napi_env env, napi_callback_info info) {
  // the weights are freed when the handle is collected; this only checks the handle
  size_t argc = 1;
  napi_value args[1];
  LK_CALL(env, napi_get_cb_info(env, info, &argc, args, nullptr, nullptr));
  void* raw;
  if (argc < 1 || napi_get_value_external(env, args[0], &raw) != napi_ok) return throw_error(env, "not a decoder handle");
  return nullptr;
}

// ---------------------------------------------------------------- a training step: trainStepHost, trainStep

struct StepInput {
  LkShape shape;
  std::vector<float> weights, codes;
  std::vector<uint8_t> targets;
  int n = 0;
};

// (config, weights, codes, targets, n), checked and copied (the GPU step runs after the call returns)
static std::string read_step(napi_env env, napi_callback_info info, StepInput* in) {
  size_t argc = 5;
  napi_value args[5];
  if (napi_get_cb_info(env, info, &argc, args, nullptr, nullptr) != napi_ok || argc < 5)
    return "expected (config, weights, codes, targets, n)";
  std::string problem = read_shape(env, args[0], &in->shape);
  if (!problem.empty()) return problem;
  const float *weights, *codes;
  const uint8_t* targets;
  size_t nw, nc, nt;
  if (!(problem = read_floats(env, args[1], &weights, &nw)).empty()) return "weights: " + problem;
  if (!(problem = read_floats(env, args[2], &codes, &nc)).empty()) return "codes: " + problem;
  if (!(problem = read_bytes(env, args[3], &targets, &nt)).empty()) return "targets: " + problem;
  if (napi_get_value_int32(env, args[4], &in->n) != napi_ok || in->n < 1 || in->n > LK_MAX_BATCH)
    return "n must be 1 to " + std::to_string(LK_MAX_BATCH);
  const LkShape& s = in->shape;
  if ((long)nw != lk_offsets(s).total) return "weights do not match the config";
  if ((long)nc < (long)in->n * s.latent) return "fewer codes than n x latent";
  if ((long)nt < (long)in->n * s.height * s.width * 3) return "fewer target bytes than n images";
  in->weights.assign(weights, weights + nw);
  in->codes.assign(codes, codes + (size_t)in->n * s.latent);
  in->targets.assign(targets, targets + (size_t)in->n * s.height * s.width * 3);
  return "";
}

static napi_value step_result(napi_env env, const LkStepResult& r) {
  napi_value result, loss, weights, codes;
  if (napi_create_object(env, &result) != napi_ok || napi_create_double(env, r.loss, &loss) != napi_ok) return nullptr;
  weights = new_floats(env, r.weight_grads);
  codes = new_floats(env, r.code_grads);
  if (!weights || !codes) return nullptr;
  napi_set_named_property(env, result, "loss", loss);
  napi_set_named_property(env, result, "weightGrads", weights);
  napi_set_named_property(env, result, "codeGrads", codes);
  return result;
}

static napi_value train_step_host_js(napi_env env, napi_callback_info info) {
  StepInput in;
  const std::string problem = read_step(env, info, &in);
  if (!problem.empty()) return throw_error(env, problem);
  LkStepResult r;
  train_step_host(in.shape, in.weights.data(), in.codes.data(), in.targets.data(), in.n, &r);
  napi_value result = step_result(env, r);
  return result ? result : throw_error(env, "out of memory");
}

struct StepWork {
  StepInput in;
  LkStepResult result;
  std::string error;
  napi_deferred deferred;
  napi_async_work work;
};

static void step_execute(napi_env, void* data) {
  StepWork* w = static_cast<StepWork*>(data);
  cudaGetLastError();  // an error left on this thread by an earlier call is not this call's
  try {
    w->error = train_step_gpu(w->in.shape, w->in.weights.data(), w->in.codes.data(), w->in.targets.data(), w->in.n,
                              &w->result);
  } catch (const std::exception& e) {
    w->error = std::string("training step failed: ") + e.what();
  }
}

static void step_complete(napi_env env, napi_status, void* data) {
  StepWork* w = static_cast<StepWork*>(data);
  napi_value value = w->error.empty() ? step_result(env, w->result) : nullptr;
  if (value)
    napi_resolve_deferred(env, w->deferred, value);
  else {
    napi_value message;
    napi_create_string_utf8(env, w->error.empty() ? "out of memory" : w->error.c_str(), NAPI_AUTO_LENGTH, &message);
    napi_create_error(env, nullptr, message, &value);
    napi_reject_deferred(env, w->deferred, value);
  }
  napi_delete_async_work(env, w->work);
  delete w;
}

static napi_value train_step_js(napi_env env, napi_callback_info info) {
  StepWork* w = new StepWork();
  std::string problem;
  try {
    problem = read_step(env, info, &w->in);
  } catch (const std::exception& e) {
    problem = std::string("out of memory: ") + e.what();
  }
  if (!problem.empty()) {
    delete w;
    return throw_error(env, problem);
  }
  int devices = 0;
  if (cudaGetDeviceCount(&devices) != cudaSuccess || devices == 0) {
    delete w;
    return throw_error(env, "no CUDA device");
  }
  napi_value promise, name;
  LK_CALL(env, napi_create_promise(env, &w->deferred, &promise));
  LK_CALL(env, napi_create_string_utf8(env, "likeness_cuda.trainStep", NAPI_AUTO_LENGTH, &name));
  LK_CALL(env, napi_create_async_work(env, nullptr, name, step_execute, step_complete, w, &w->work));
  LK_CALL(env, napi_queue_async_work(env, w->work));
  return promise;
}

static napi_value init(napi_env env, napi_value exports) {
  // a waiting worker thread sleeps instead of spinning a core (fails harmlessly without a driver)
  cudaSetDeviceFlags(cudaDeviceScheduleBlockingSync);
  cudaGetLastError();
  const napi_property_descriptor fns[] = {
      {"probe", nullptr, probe, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"decodeHost", nullptr, decode_host, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"createDecoder", nullptr, create_decoder, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"decode", nullptr, decode, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"destroyDecoder", nullptr, destroy_decoder, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"trainStepHost", nullptr, train_step_host_js, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"trainStep", nullptr, train_step_js, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  if (napi_define_properties(env, exports, sizeof(fns) / sizeof(fns[0]), fns) != napi_ok) return nullptr;
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
