// The CUDA engine's checks with nothing but Node and the built addon (the GPU machine gets the working
// tree, not node_modules). Decoding: parity of the GPU pass with the same pass on the host (itself held
// within one level of ONNX Runtime's output by tests/server/model/runtime/cudaRuntime.test.ts), one-face
// latency, throughput at batch 1, 32, 256 and 1024. Training: the GPU step's loss and gradients against the
// host step's (itself held to ONNX Runtime's gradients by tests/training/train/cudaTrainStep.test.ts), and
// images a second at batch 16 and 64. Writes JSON to stdout.
//   node scripts/gpu/cudaChecks.mjs [model dir, default models/default] [seconds per measure, default 3]
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..", "..");
const dir = resolve(root, process.argv[2] ?? "models/default");
const seconds = Number(process.argv[3] ?? 3);
const addon = createRequire(import.meta.url)(join(root, "build", "cuda", "likeness_cuda.node"));

/** IEEE half-precision little-endian words to floats (the artifact's weights and codes). */
function halves(file) {
  const bytes = readFileSync(file);
  const out = new Float32Array(bytes.length / 2);
  for (let i = 0; i < out.length; i++) {
    const h = bytes.readUInt16LE(2 * i);
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f;
    const mant = h & 0x3ff;
    out[i] =
      exp === 0
        ? sign * 2 ** -14 * (mant / 1024)
        : exp === 31
          ? mant
            ? Number.NaN
            : sign * Infinity
          : sign * 2 ** (exp - 15) * (1 + mant / 1024);
  }
  return out;
}

const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
const config = manifest.architecture;
const weights = halves(join(dir, "weights.f16.bin"));
const codes = halves(join(dir, "codes.f16.bin"));
const device = addon.probe();
const report = { model: manifest.version, device, flopsPerFace: manifest.flopsPerFace };
if (device.devices === 0) {
  const t = performance.now();
  addon.decodeHost(config, weights, codes.subarray(0, config.latent), 1);
  report.hostMsPerFace = performance.now() - t;
  console.log(JSON.stringify(report));
  process.exit(0);
}
const codesFor = (n) => {
  const out = new Float32Array(n * config.latent);
  for (let i = 0; i < n; i++)
    out.set(
      codes.subarray(
        (i % (codes.length / config.latent)) * config.latent,
        ((i % (codes.length / config.latent)) + 1) * config.latent,
      ),
      i * config.latent,
    );
  return out;
};
const handle = addon.createDecoder(config, weights);
// parity: every byte of 16 faces against the host pass
const check = codesFor(16);
const gpu = await addon.decode(handle, check, 16);
const host = addon.decodeHost(config, weights, check, 16);
let worst = 0;
let differing = 0;
for (let i = 0; i < gpu.length; i++) {
  const d = Math.abs(gpu[i] - host[i]);
  worst = Math.max(worst, d);
  if (d) differing++;
}
report.parity = { faces: 16, maxLevels: worst, differingChannels: differing, of: gpu.length };
// one face: median latency of many
const one = codesFor(1);
const singles = [];
for (let i = 0; i < 200; i++) {
  const t = performance.now();
  await addon.decode(handle, one, 1);
  singles.push(performance.now() - t);
}
singles.sort((a, b) => a - b);
report.oneFaceMs = { p50: singles[100], p95: singles[190] };
// throughput: batches back to back for `seconds`, two in flight (a stream each)
report.throughput = [];
for (const batch of [1, 32, 256, 1024]) {
  const z = codesFor(batch);
  await addon.decode(handle, z, batch);
  let faces = 0;
  const start = performance.now();
  const lane = async () => {
    while (performance.now() - start < seconds * 1000) {
      await addon.decode(handle, z, batch);
      faces += batch;
    }
  };
  await Promise.all([lane(), lane()]);
  const s = (performance.now() - start) / 1000;
  report.throughput.push({ batch, facesPerSecond: faces / s, tflops: (faces * manifest.flopsPerFace) / s / 1e12 });
}
// training: the GPU step against the host step on 2 portraits (targets: faces of two other codes)
const n = 2;
const stepCodes = codesFor(n + 2);
const targets = addon.decodeHost(config, weights, stepCodes.subarray(n * config.latent), n);
const gpuStep = await addon.trainStep(config, weights, stepCodes.subarray(0, n * config.latent), targets, n);
const hostStep = addon.trainStepHost(config, weights, stepCodes.subarray(0, n * config.latent), targets, n);
const relative = (a, b) => {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num / den);
};
report.trainParity = {
  loss: [gpuStep.loss, hostStep.loss],
  weightGradsRelative: relative(gpuStep.weightGrads, hostStep.weightGrads),
  codeGradsRelative: relative(gpuStep.codeGrads, hostStep.codeGrads),
};
report.training = [];
for (const batch of [16, 64]) {
  const z = codesFor(batch);
  const t = addon.decodeHost(config, weights, codesFor(2), 1);
  const images = new Uint8Array(batch * t.length);
  for (let i = 0; i < batch; i++) images.set(t, i * t.length);
  await addon.trainStep(config, weights, z, images, batch);
  let steps = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    await addon.trainStep(config, weights, z, images, batch);
    steps++;
  }
  const s2 = (performance.now() - start) / 1000;
  report.training.push({ batch, imagesPerSecond: (steps * batch) / s2, msPerStep: (s2 * 1000) / steps });
}
console.log(JSON.stringify(report));
