// One GLO training step on the decoder: the forward pass keeping every activation, the MSE loss, and the
// gradients of the loss with respect to every weight (in the weights' own layout) and to the batch's codes.
// train_step_host runs it on the CPU (the reference the tests hold against ONNX Runtime's gradients);
// train_step_gpu runs the same functions as kernels, one gradient element a thread.
#pragma once
#include <cuda_runtime.h>

#include <string>
#include <vector>

#include "decoder_grad.cuh"
#include "decoder_math.cuh"

struct LkStepResult {
  double loss = 0;
  std::vector<float> weight_grads, code_grads;
};

// ---------------------------------------------------------------- the host

static void train_step_host(const LkShape& s, const float* weights, const float* codes, const uint8_t* targets, int n,
                            LkStepResult* r) {
  const LkOffsets o = lk_offsets(s);
  const int grid = s.h0 * s.w0 * s.widths[0];
  // acts[i]: the input of convolution i (acts[0] the dense layer's output); logits: the last one's output
  std::vector<std::vector<float>> acts(s.stages + 1);
  acts[0].resize((size_t)n * grid);
  for (long i = 0; i < (long)acts[0].size(); i++)
    acts[0][i] = lk_dense(codes, weights + o.dense_kernel, weights + o.dense_bias, s.latent, grid, (int)(i / grid),
                          (int)(i % grid));
  std::vector<float> logits;
  for (int st = 0; st <= s.stages; st++) {
    const LkConv c = stage_conv(s, o, weights, st, acts[st].data(), n);
    std::vector<float>& out = st < s.stages ? acts[st + 1] : logits;
    out.assign((size_t)lk_rows(c) * c.cout, 0.f);
    conv_on_host(c, out.data(), nullptr);
  }
  const long values = (long)logits.size();
  const float scale = 2.f / (float)values;
  std::vector<float> g(values);
  double loss = 0;
  for (long i = 0; i < values; i++) {
    const float sig = 1.f / (1.f + expf(-logits[i]));
    const double d = sig - targets[i] / 255.0;
    loss += d * d;
    g[i] = lk_logit_grad(logits[i], targets[i], scale);
  }
  r->loss = loss / values;
  r->weight_grads.assign(o.total, 0.f);
  float* dw = r->weight_grads.data();
  for (int st = s.stages; st >= 0; st--) {
    const LkConv c = stage_conv(s, o, weights, st, acts[st].data(), n);
    const long kernel_at = st < s.stages ? o.conv_kernel[st] : o.out_kernel;
    const long bias_at = st < s.stages ? o.conv_bias[st] : o.out_bias;
    for (long chunk = 0; chunk < lk_chunks(c); chunk++) {
      for (int k = 0; k < 9 * c.cin; k++)
        for (int co = 0; co < c.cout; co++)
          dw[kernel_at + (long)k * c.cout + co] += lk_conv_wgrad(c, g.data(), k, co, chunk);
      for (int co = 0; co < c.cout; co++) dw[bias_at + co] += lk_conv_bgrad(c, g.data(), co, chunk);
    }
    // the gradient at this convolution's input, through the ReLU that made it
    std::vector<float> gin((size_t)n * c.h * c.w * c.cin);
    for (long i = 0; i < (long)gin.size(); i++) {
      const int ci = (int)(i % c.cin);
      const long p = i / c.cin;
      const int x = (int)(p % c.w), y = (int)((p / c.w) % c.h), nn = (int)(p / ((long)c.w * c.h));
      gin[i] = acts[st][i] > 0.f ? lk_conv_xgrad(c, g.data(), nn, y, x, ci) : 0.f;
    }
    g.swap(gin);
  }
  for (int k = 0; k < s.latent; k++)
    for (int j = 0; j < grid; j++)
      dw[o.dense_kernel + (long)k * grid + j] = lk_dense_wgrad(codes, g.data(), s.latent, grid, n, k, j);
  for (int j = 0; j < grid; j++) dw[o.dense_bias + j] = lk_dense_bgrad(g.data(), grid, n, j);
  r->code_grads.assign((size_t)n * s.latent, 0.f);
  for (int nn = 0; nn < n; nn++)
    for (int k = 0; k < s.latent; k++)
      r->code_grads[(size_t)nn * s.latent + k] = lk_code_grad(weights + o.dense_kernel, g.data(), grid, nn, k);
}

// ---------------------------------------------------------------- the GPU: one gradient element a thread
// (LK_FOR, lk_blocks, k_dense, k_conv, stage_conv: decoder.cu, which includes this file after them)


__global__ void k_logit_grad(const float* logits, const uint8_t* targets, long values, float scale, float* g,
                             double* loss) {
  LK_FOR(i, values) {
    const float sig = 1.f / (1.f + expf(-logits[i]));
    const double d = sig - targets[i] / 255.0;
    atomicAdd(loss, d * d);
    g[i] = lk_logit_grad(logits[i], targets[i], scale);
  }
}

// one thread a (weight or bias, chunk of pixels): its partial sum added to the zeroed gradient
__global__ void k_conv_wgrad(LkConv c, const float* g, float* dw, float* db) {
  const long kernel = 9L * c.cin * c.cout, per_chunk = kernel + c.cout;
  LK_FOR(i, per_chunk * lk_chunks(c)) {
    const long chunk = i / per_chunk, w = i % per_chunk;
    if (w < kernel)
      atomicAdd(dw + w, lk_conv_wgrad(c, g, (int)(w / c.cout), (int)(w % c.cout), chunk));
    else
      atomicAdd(db + (w - kernel), lk_conv_bgrad(c, g, (int)(w - kernel), chunk));
  }
}

__global__ void k_conv_xgrad(LkConv c, const float* g, float* gin) {
  LK_FOR(i, (long)c.n * c.h * c.w * c.cin) {
    const int ci = (int)(i % c.cin);
    const long p = i / c.cin;
    const int x = (int)(p % c.w), y = (int)((p / c.w) % c.h), nn = (int)(p / ((long)c.w * c.h));
    gin[i] = c.in[i] > 0.f ? lk_conv_xgrad(c, g, nn, y, x, ci) : 0.f;
  }
}

__global__ void k_dense_grads(const float* codes, const float* kernel, const float* g, int latent, int size, int n,
                              float* dw, float* db, float* dcodes) {
  const long weights = (long)latent * size;
  LK_FOR(i, weights + size + (long)n * latent) {
    if (i < weights)
      dw[i] = lk_dense_wgrad(codes, g, latent, size, n, (int)(i / size), (int)(i % size));
    else if (i < weights + size)
      db[i - weights] = lk_dense_bgrad(g, size, n, (int)(i - weights));
    else {
      const long j = i - weights - size;
      dcodes[j] = lk_code_grad(kernel, g, size, (int)(j / latent), (int)(j % latent));
    }
  }
}


// the whole step on the GPU, on one stream; weights, codes and targets copied in, gradients copied out
static std::string train_step_gpu(const LkShape& s, const float* weights, const float* codes, const uint8_t* targets,
                                  int n, LkStepResult* r) {
  const LkOffsets o = lk_offsets(s);
  const int grid = s.h0 * s.w0 * s.widths[0];
  cudaStream_t stream = nullptr;
  std::vector<void*> owned;
  cudaError_t err = cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking);
  auto alloc = [&](size_t bytes) -> void* {
    void* p = nullptr;
    if (err == cudaSuccess) err = cudaMallocAsync(&p, bytes, stream);
    if (err == cudaSuccess) owned.push_back(p);
    return p;
  };
  float* d_w = (float*)alloc(o.total * sizeof(float));
  float* d_dw = (float*)alloc(o.total * sizeof(float));
  float* d_codes = (float*)alloc((size_t)n * s.latent * sizeof(float));
  float* d_dcodes = (float*)alloc((size_t)n * s.latent * sizeof(float));
  const long values = (long)n * s.height * s.width * 3;
  uint8_t* d_t = (uint8_t*)alloc(values);
  double* d_loss = (double*)alloc(sizeof(double));
  std::vector<float*> acts(s.stages + 1);
  long sizes[10];
  for (int st = 0; st <= s.stages; st++) {
    sizes[st] = (long)n * (s.h0 << st) * (s.w0 << st) * s.widths[st];
    acts[st] = (float*)alloc(sizes[st] * sizeof(float));
  }
  float* logits = (float*)alloc(values * sizeof(float));
  long largest = values;
  for (int st = 0; st <= s.stages; st++) largest = largest > sizes[st] ? largest : sizes[st];
  float* g = (float*)alloc(largest * sizeof(float));
  float* gin = (float*)alloc(largest * sizeof(float));
  if (err == cudaSuccess) err = cudaMemcpyAsync(d_w, weights, o.total * sizeof(float), cudaMemcpyHostToDevice, stream);
  if (err == cudaSuccess)
    err = cudaMemcpyAsync(d_codes, codes, (size_t)n * s.latent * sizeof(float), cudaMemcpyHostToDevice, stream);
  if (err == cudaSuccess) err = cudaMemcpyAsync(d_t, targets, values, cudaMemcpyHostToDevice, stream);
  if (err == cudaSuccess) err = cudaMemsetAsync(d_loss, 0, sizeof(double), stream);
  // the convolutions' gradients are sums of partial sums: they start at zero
  if (err == cudaSuccess) err = cudaMemsetAsync(d_dw, 0, o.total * sizeof(float), stream);
  if (err == cudaSuccess) {
    k_dense<<<lk_blocks((long)n * grid), 256, 0, stream>>>(d_codes, d_w + o.dense_kernel, d_w + o.dense_bias, s.latent,
                                                            grid, n, acts[0]);
    for (int st = 0; st <= s.stages; st++) {
      const LkConv c = stage_conv(s, o, d_w, st, acts[st], n);
      k_conv<<<conv_grid(c), LK_THREADS, 0, stream>>>(c, st < s.stages ? acts[st + 1] : logits, nullptr);
    }
    k_logit_grad<<<lk_blocks(values), 256, 0, stream>>>(logits, d_t, values, 2.f / (float)values, g, d_loss);
    for (int st = s.stages; st >= 0; st--) {
      const LkConv c = stage_conv(s, o, d_w, st, acts[st], n);
      const long kernel_at = st < s.stages ? o.conv_kernel[st] : o.out_kernel;
      const long bias_at = st < s.stages ? o.conv_bias[st] : o.out_bias;
      k_conv_wgrad<<<lk_blocks((9L * c.cin * c.cout + c.cout) * lk_chunks(c)), 256, 0, stream>>>(
          c, g, d_dw + kernel_at, d_dw + bias_at);
      k_conv_xgrad<<<lk_blocks(sizes[st]), 256, 0, stream>>>(c, g, gin);
      float* t = g;
      g = gin;
      gin = t;
    }
    k_dense_grads<<<lk_blocks((long)s.latent * grid + grid + (long)n * s.latent), 256, 0, stream>>>(
        d_codes, d_w + o.dense_kernel, g, s.latent, grid, n, d_dw + o.dense_kernel, d_dw + o.dense_bias, d_dcodes);
    err = cudaGetLastError();
  }
  r->weight_grads.resize(o.total);
  r->code_grads.resize((size_t)n * s.latent);
  double loss = 0;
  if (err == cudaSuccess)
    err = cudaMemcpyAsync(r->weight_grads.data(), d_dw, o.total * sizeof(float), cudaMemcpyDeviceToHost, stream);
  if (err == cudaSuccess)
    err = cudaMemcpyAsync(r->code_grads.data(), d_dcodes, r->code_grads.size() * sizeof(float), cudaMemcpyDeviceToHost,
                          stream);
  if (err == cudaSuccess) err = cudaMemcpyAsync(&loss, d_loss, sizeof(double), cudaMemcpyDeviceToHost, stream);
  if (err == cudaSuccess) err = cudaStreamSynchronize(stream);
  r->loss = loss / values;
  std::string problem = err == cudaSuccess ? "" : std::string("CUDA: ") + cudaGetErrorString(err);
  if (stream) {
    for (void* p : owned)
      if (p) cudaFreeAsync(p, stream);
    cudaStreamSynchronize(stream);
    cudaStreamDestroy(stream);
  }
  return problem;
}
