// The decoder's backward pass for the GLO trainer's step (MSE on the sigmoid's output against the
// portrait, mean over every value), one gradient element at a time, in functions that compile for the GPU
// and the host alike: decoder.cu's training kernels call them, and its host pass (trainStepHost) runs
// them in loops, held by the tests against ONNX Runtime's gradients (training/train/onnxTrainingGraph.ts).
//
// With G the gradient at a convolution's output (pixels m, channels co) and A its implicit-GEMM input
// (decoder_math.cuh's lk_a: the upsampled, zero-padded input at tap and channel k):
//   dW[k][co] = sum_m A[m][k] G[m][co]        db[co] = sum_m G[m][co]
//   dX at an upsampled pixel (y, x, ci) = sum over taps and co of G at (y - ky + 1, x - kx + 1, co) W[tap][ci][co]
//   dX at an input pixel = the sum of its 2x2 upsampled copies (nearest upsampling's gradient)
#pragma once
#include "decoder_math.cuh"

// the gradient at the output logits: 2 / count * (s - t) * s * (1 - s), s the sigmoid, t the portrait
LK_FN float lk_logit_grad(float logit, uint8_t target, float scale) {
  const float s = 1.f / (1.f + expf(-logit));
  return scale * (s - target / 255.f) * s * (1.f - s);
}

// the weight and bias gradients sum over every output pixel: in chunks of this many pixels, one thread a
// (weight, chunk), the chunks' partial sums added together (atomically on the GPU)
#define LK_WGRAD_CHUNK 2048

LK_FN long lk_chunks(const LkConv& c) { return (lk_rows(c) + LK_WGRAD_CHUNK - 1) / LK_WGRAD_CHUNK; }

// dW[k][co]'s part from the pixels of one chunk
LK_FN float lk_conv_wgrad(const LkConv& c, const float* g, int k, int co, long chunk) {
  const long M = lk_rows(c), end = (chunk + 1) * LK_WGRAD_CHUNK < M ? (chunk + 1) * LK_WGRAD_CHUNK : M;
  float acc = 0.f;
  for (long m = chunk * LK_WGRAD_CHUNK; m < end; m++) acc += lk_a(c, m, k) * g[m * c.cout + co];
  return acc;
}

LK_FN float lk_conv_bgrad(const LkConv& c, const float* g, int co, long chunk) {
  const long M = lk_rows(c), end = (chunk + 1) * LK_WGRAD_CHUNK < M ? (chunk + 1) * LK_WGRAD_CHUNK : M;
  float acc = 0.f;
  for (long m = chunk * LK_WGRAD_CHUNK; m < end; m++) acc += g[m * c.cout + co];
  return acc;
}

// the gradient at the convolution's input (n, y, x, ci) in the input's own size: through the "same"
// padding, and, when the convolution upsampled, summed over the pixel's 2x2 copies
LK_FN float lk_conv_xgrad(const LkConv& c, const float* g, int n, int y, int x, int ci) {
  const int H = lk_out_h(c), W = lk_out_w(c), f = c.up ? 2 : 1;
  float acc = 0.f;
  for (int dy = 0; dy < f; dy++)
    for (int dx = 0; dx < f; dx++) {
      const int uy = y * f + dy, ux = x * f + dx;  // the copy in the upsampled image
      for (int tap = 0; tap < 9; tap++) {
        const int oy = uy - (tap / 3) + 1, ox = ux - (tap % 3) + 1;  // the output pixel whose tap reads it
        if (oy < 0 || oy >= H || ox < 0 || ox >= W) continue;
        const float* go = g + (((long)n * H + oy) * W + ox) * c.cout;
        const float* w = c.kernel + ((long)tap * c.cin + ci) * c.cout;
        for (int co = 0; co < c.cout; co++) acc += go[co] * w[co];
      }
    }
  return acc;
}

// dense layer: its weights' gradient, its bias's, and the codes'
LK_FN float lk_dense_wgrad(const float* codes, const float* g, int latent, int size, int batch, int k, int j) {
  float acc = 0.f;
  for (int n = 0; n < batch; n++) acc += codes[(long)n * latent + k] * g[(long)n * size + j];
  return acc;
}

LK_FN float lk_dense_bgrad(const float* g, int size, int batch, int j) {
  float acc = 0.f;
  for (int n = 0; n < batch; n++) acc += g[(long)n * size + j];
  return acc;
}

LK_FN float lk_code_grad(const float* kernel, const float* g, int size, int n, int k) {
  float acc = 0.f;
  for (int j = 0; j < size; j++) acc += kernel[(long)k * size + j] * g[(long)n * size + j];
  return acc;
}
