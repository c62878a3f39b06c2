// The decoder's forward pass in functions that compile for the GPU and for the host alike: the dense layer
// an output element at a time, each 3x3 convolution as an implicit GEMM in shared-memory tiles. The GPU
// kernels (decoder.cu) call them, and so does decode_on_host, which runs the same tiles block by block
// and thread by thread; the tests hold it against ONNX Runtime on the CPU, so the tiling and indexing are
// checked on machines without a GPU.
//
// code (latent) -> dense + ReLU -> grid h0 x w0 x c0 (NHWC) -> N x (nearest upsample x2, conv 3x3 "same"
// with zero padding, + bias, ReLU) -> conv 3x3 to RGB + bias -> sigmoid -> bytes (round(255 s)).
// Weights as facemodel/decoder/weightsLayout.ts lays them out: dense [latent][h0*w0*c0], bias; each
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

// ---------------------------------------------------------------- conv 3x3 as an implicit GEMM, in tiles
// out[m][co] = bias[co] + sum_k A[m][k] B[k][co], m a pixel (n, y, x) of the output, k = (tap, ci) with
// tap = ky * 3 + kx: A[m][k] is the (nearest-upsampled, when `up`) input at (y + ky - 1, x + kx - 1, ci), 0
// outside the image ("same" padding); B[k][co] is the HWIO kernel as it lies in memory. A block computes a
// BM x BN tile of out with 256 threads, each TM x TN of it; the reduction runs BK at a time through shared
// memory: every thread loads (lk_tile_load), the block syncs, every thread multiplies (lk_tile_mac), the
// block syncs. The GPU kernel and the host's emulation of it (decode_on_host) call these same functions.
#define LK_BM 64
#define LK_BN 32
#define LK_BK 16
#define LK_TM 4
#define LK_TN 2
#define LK_THREADS ((LK_BM / LK_TM) * (LK_BN / LK_TN))

struct LkConv {
  const float* in;
  int h, w, cin;  // the input, before any upsampling
  int up;         // 1: nearest upsample x2 first
  const float* kernel;
  const float* bias;
  int cout, n;
  int relu;  // 1: ReLU on the stored floats (hidden stages); 0: the logits as they are (training's output)
};

LK_FN int lk_out_h(const LkConv& c) { return c.up ? 2 * c.h : c.h; }
LK_FN int lk_out_w(const LkConv& c) { return c.up ? 2 * c.w : c.w; }
LK_FN long lk_rows(const LkConv& c) { return (long)c.n * lk_out_h(c) * lk_out_w(c); }

// A[m][k]
LK_FN float lk_a(const LkConv& c, long m, int k) {
  const int H = lk_out_h(c), W = lk_out_w(c);
  const int x = (int)(m % W), y = (int)((m / W) % H), n = (int)(m / ((long)W * H));
  const int tap = k / c.cin, ci = k % c.cin;
  const int yy = y + tap / 3 - 1, xx = x + tap % 3 - 1;
  if (yy < 0 || yy >= H || xx < 0 || xx >= W) return 0.f;
  const int sy = c.up ? yy / 2 : yy, sx = c.up ? xx / 2 : xx;
  return c.in[(((long)n * c.h + sy) * c.w + sx) * c.cin + ci];
}

// A's rows in shared memory are padded by one: a warp's stores (16 k of 2 pixels) fall in distinct banks
#define LK_AS (LK_BM + 1)
// A values a thread loads per slice; it always loads the same k of the slice (t mod BK), for these pixels
#define LK_A_LOADS (LK_BK * LK_BM / LK_THREADS)

// a thread's A pixels, decoded once per tile (the reduction loop only moves the tap); n = -1 past the end
struct LkPixels {
  int n[LK_A_LOADS], y[LK_A_LOADS], x[LK_A_LOADS];
};

LK_FN void lk_tile_pixels(const LkConv& c, long m0, int t, LkPixels* p) {
  const int H = lk_out_h(c), W = lk_out_w(c);
  const long M = lk_rows(c);
  for (int j = 0; j < LK_A_LOADS; j++) {
    const long m = m0 + (t + j * LK_THREADS) / LK_BK;
    p->n[j] = m < M ? (int)(m / ((long)W * H)) : -1;
    p->y[j] = (int)((m / W) % H);
    p->x[j] = (int)(m % W);
  }
}

// thread t's share of loading the tile at (m0, n0), reduction slice k0: As[kk][mm], Bs[kk][nn]. Consecutive
// threads read consecutive k of one pixel: channels lie next to each other (NHWC), so reads coalesce.
LK_FN void lk_tile_load(const LkConv& c, const LkPixels& p, int n0, int k0, int t, float* As, float* Bs) {
  const int K = 9 * c.cin;
  const int H = lk_out_h(c), W = lk_out_w(c);
  const int kk = t % LK_BK, k = k0 + kk;
  const int tap = k < K ? k / c.cin : 0, ci = k < K ? k % c.cin : 0;
  const int dy = tap / 3 - 1, dx = tap % 3 - 1;
  for (int j = 0; j < LK_A_LOADS; j++) {
    const int mm = (t + j * LK_THREADS) / LK_BK;
    const int yy = p.y[j] + dy, xx = p.x[j] + dx;
    float v = 0.f;
    if (k < K && p.n[j] >= 0 && yy >= 0 && yy < H && xx >= 0 && xx < W) {
      const int sy = c.up ? yy / 2 : yy, sx = c.up ? xx / 2 : xx;
      v = c.in[(((long)p.n[j] * c.h + sy) * c.w + sx) * c.cin + ci];
    }
    As[kk * LK_AS + mm] = v;
  }
  for (int i = t; i < LK_BK * LK_BN; i += LK_THREADS) {
    const int kk = i / LK_BN, nn = i % LK_BN;
    Bs[i] = (k0 + kk < K && n0 + nn < c.cout) ? c.kernel[(long)(k0 + kk) * c.cout + n0 + nn] : 0.f;
  }
}

// thread t's TM x TN outputs, accumulated over one loaded slice
LK_FN void lk_tile_mac(int t, const float* As, const float* Bs, float* acc) {
  const int tm = t / (LK_BN / LK_TN), tn = t % (LK_BN / LK_TN);
  for (int kk = 0; kk < LK_BK; kk++) {
    float b[LK_TN];
    for (int j = 0; j < LK_TN; j++) b[j] = Bs[kk * LK_BN + tn * LK_TN + j];
    for (int i = 0; i < LK_TM; i++) {
      const float a = As[kk * LK_AS + tm * LK_TM + i];
      for (int j = 0; j < LK_TN; j++) acc[i * LK_TN + j] += a * b[j];
    }
  }
}

LK_FN float lk_relu(float v) { return v > 0.f ? v : 0.f; }

// sigmoid, then to a byte as the server's JPEG encoder rounds floats
LK_FN uint8_t lk_byte(float logit) {
  const float s = 1.f / (1.f + expf(-logit));
  const float v = s * 255.f + 0.5f;
  return (uint8_t)(v < 0.f ? 0.f : (v > 255.f ? 255.f : v));
}

// thread t writes its outputs: + bias, then ReLU to floats (a hidden stage), floats as they are (the
// logits, for training) or sigmoid to bytes (the image)
LK_FN void lk_tile_store(const LkConv& c, long m0, int n0, int t, const float* acc, float* out, uint8_t* bytes) {
  const int tm = t / (LK_BN / LK_TN), tn = t % (LK_BN / LK_TN);
  const long M = lk_rows(c);
  for (int i = 0; i < LK_TM; i++) {
    const long m = m0 + tm * LK_TM + i;
    if (m >= M) continue;
    for (int j = 0; j < LK_TN; j++) {
      const int co = n0 + tn * LK_TN + j;
      if (co >= c.cout) continue;
      const float v = acc[i * LK_TN + j] + c.bias[co];
      if (bytes)
        bytes[m * c.cout + co] = lk_byte(v);
      else
        out[m * c.cout + co] = c.relu ? lk_relu(v) : v;
    }
  }
}

// the largest batch one call takes (decode: 1,024 faces of 192 x 144 hold about 3.6 GB of activations)
#define LK_MAX_BATCH 4096

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
