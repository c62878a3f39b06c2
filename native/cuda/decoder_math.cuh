// The decoder's forward pass, one output element at a time: the same functions run in the GPU kernels
// (decoder.cu) and, compiled for the host, in decodeOnHost, which the tests hold against ONNX Runtime on
// the CPU, so the indexing is checked on machines without a GPU.
//
// code (latent) -> dense + ReLU -> grid h0 x w0 x c0 (NHWC) -> N x (nearest upsample x2, conv 3x3 "same"
// with zero padding, + bias, ReLU) -> conv 3x3 to RGB + bias -> sigmoid -> bytes (round(255 s)).
// Weights as server/model/decoder/weightsLayout.ts lays them out: dense [latent][h0*w0*c0], bias; each
// conv kernel [3][3][cin][cout] (HWIO), bias [cout]; the output conv likewise with cout = 3.
#pragma once
#include <math.h>
#include <stdint.h>

#if defined(__CUDACC__)
#define LK_FN __host__ __device__ inline
#else
#define LK_FN inline
#endif

// dense + ReLU: out[n][j] for j < size
LK_FN float lk_dense(const float* codes, const float* kernel, const float* bias, int latent, int size, int n, int j) {
  float acc = bias[j];
  const float* z = codes + (long)n * latent;
  for (int k = 0; k < latent; k++) acc += z[k] * kernel[(long)k * size + j];
  return acc > 0.f ? acc : 0.f;
}

// nearest upsample x2 of `in` (n, h, w, cin), then conv 3x3 "same": the value at (n, y, x, co) of the
// (2h, 2w, cout) output before its activation
LK_FN float lk_upconv(const float* in, int h, int w, int cin, const float* kernel, const float* bias, int cout, int n,
                      int y, int x, int co) {
  const int H = 2 * h, W = 2 * w;
  float acc = bias[co];
  for (int ky = 0; ky < 3; ky++) {
    const int yy = y + ky - 1;
    if (yy < 0 || yy >= H) continue;
    for (int kx = 0; kx < 3; kx++) {
      const int xx = x + kx - 1;
      if (xx < 0 || xx >= W) continue;
      const float* px = in + (((long)n * h + yy / 2) * w + xx / 2) * cin;
      const float* k = kernel + ((long)(ky * 3 + kx) * cin) * cout + co;
      for (int ci = 0; ci < cin; ci++) acc += px[ci] * k[(long)ci * cout];
    }
  }
  return acc;
}

// conv 3x3 "same" without upsampling (the output layer): the value at (n, y, x, co) before the sigmoid
LK_FN float lk_conv(const float* in, int h, int w, int cin, const float* kernel, const float* bias, int cout, int n, int y,
                    int x, int co) {
  float acc = bias[co];
  for (int ky = 0; ky < 3; ky++) {
    const int yy = y + ky - 1;
    if (yy < 0 || yy >= h) continue;
    for (int kx = 0; kx < 3; kx++) {
      const int xx = x + kx - 1;
      if (xx < 0 || xx >= w) continue;
      const float* px = in + (((long)n * h + yy) * w + xx) * cin;
      const float* k = kernel + ((long)(ky * 3 + kx) * cin) * cout + co;
      for (int ci = 0; ci < cin; ci++) acc += px[ci] * k[(long)ci * cout];
    }
  }
  return acc;
}

LK_FN float lk_relu(float v) { return v > 0.f ? v : 0.f; }

// sigmoid, then to a byte as the server's JPEG encoder rounds floats
LK_FN uint8_t lk_byte(float logit) {
  const float s = 1.f / (1.f + expf(-logit));
  const float v = s * 255.f + 0.5f;
  return (uint8_t)(v < 0.f ? 0.f : (v > 255.f ? 255.f : v));
}

// The decoder's shape, from its config.
struct LkShape {
  int latent, height, width, stages;
  int widths[9];
  int h0, w0;
};

// Offsets of each weight in the flat array (weightsLayout.ts order: dense.kernel, dense.bias, conv1.kernel,
// conv1.bias, ..., out.kernel, out.bias).
struct LkOffsets {
  long dense_kernel, dense_bias;
  long conv_kernel[8], conv_bias[8];
  long out_kernel, out_bias, total;
};

inline LkOffsets lk_offsets(const LkShape& s) {
  LkOffsets o;
  long at = 0;
  const long grid = (long)s.h0 * s.w0 * s.widths[0];
  o.dense_kernel = at;
  at += (long)s.latent * grid;
  o.dense_bias = at;
  at += grid;
  for (int i = 1; i <= s.stages; i++) {
    o.conv_kernel[i - 1] = at;
    at += 9L * s.widths[i - 1] * s.widths[i];
    o.conv_bias[i - 1] = at;
    at += s.widths[i];
  }
  o.out_kernel = at;
  at += 9L * s.widths[s.stages] * 3;
  o.out_bias = at;
  at += 3;
  o.total = at;
  return o;
}
