// The CUDA engine's checks with nothing but Node and the built addon (the GPU machine gets the working
// tree, not node_modules). Decoding: parity of the GPU pass with the same pass on the host (itself held
// within one level of ONNX Runtime's output by tests/facemodel/runtime/cudaRuntime.test.ts), one-face
// latency, throughput at batch 1, 32, 256 and 1024. Training: the GPU step's loss and gradients against the
// host step's (itself held to ONNX Runtime's gradients by tests/training/train/cudaTrainStep.test.ts), and
// images a second at batch 16 and 64. One JSON line a section, printed as soon as it is done: a section
// that fails says why, and the others still run.
//   node scripts/gpu/cudaChecks.mjs [model dir, default models/default] [seconds per measure, default 3]
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..", "..");
const dir = resolve(root, process.argv[2] ?? "models/default");
const seconds = Number(process.argv[3] ?? 3);
const addon = createRequire(import.meta.url)(
  process.env.LIKENESS_CUDA_ADDON || join(root, "build", "cuda", "likeness_cuda.node"),
);

/** IEEE half-precision little-endian words to floats (the artifact's weights and codes). */
function halves(file) {
  const bytes = readFileSync(file);
  const out = new Float32Array(bytes.length / 2);
  for (let i = 0; i < out.length; i++) {
    const h = bytes.readUInt16LE(2 * i);
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f;
    const mant = h & 0x3ff;
    if (exp === 0) out[i] = sign * 2 ** -14 * (mant / 1024);
    else if (exp === 31) out[i] = mant ? Number.NaN : sign * Number.POSITIVE_INFINITY;
    else out[i] = sign * 2 ** (exp - 15) * (1 + mant / 1024);
  }
  return out;
}

async function section(name, measure) {
  try {
    console.log(JSON.stringify({ section: name, ...(await measure()) }));
  } catch (error) {
    console.log(JSON.stringify({ section: name, error: String(error?.stack ?? error) }));
  }
}

const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
const config = manifest.architecture;
const weights = halves(join(dir, "weights.f16.bin"));
const codes = halves(join(dir, "codes.f16.bin"));
const portraits = codes.length / config.latent;
const device = addon.probe();
await section("device", () => ({ model: manifest.version, device, flopsPerFace: manifest.flopsPerFace }));
if (device.devices === 0) {
  await section("host", () => {
    const t = performance.now();
    addon.decodeHost(config, weights, codes.subarray(0, config.latent), 1);
    return { hostMsPerFace: performance.now() - t };
  });
  process.exit(0);
}
/** n codes of the training portraits, round and round */
const codesFor = (n) => {
  const out = new Float32Array(n * config.latent);
  for (let i = 0; i < n; i++) {
    const p = i % portraits;
    out.set(codes.subarray(p * config.latent, (p + 1) * config.latent), i * config.latent);
  }
  return out;
};
/** ‖a − b‖ / ‖b‖ */
const relative = (a, b) => {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num / den);
};
const handle = addon.createDecoder(config, weights);

await section("decode parity", async () => {
  const check = codesFor(16);
  const gpu = await addon.decode(handle, check, 16);
  const host = addon.decodeHost(config, weights, check, 16);
  let maxLevels = 0;
  let differing = 0;
  for (let i = 0; i < gpu.length; i++) {
    const d = Math.abs(gpu[i] - host[i]);
    maxLevels = Math.max(maxLevels, d);
    if (d) differing++;
  }
  // the GPU fuses multiply-adds and has its own expf: a level at a .5 boundary is expected, more is a bug
  return { faces: 16, maxLevels, differingChannels: differing, of: gpu.length, pass: maxLevels <= 1 };
});

await section("one face", async () => {
  const one = codesFor(1);
  const times = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    await addon.decode(handle, one, 1);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50Ms: times[100], p95Ms: times[190] };
});

for (const batch of [1, 32, 256, 1024])
  await section(`decode batch ${batch}`, async () => {
    const z = codesFor(batch);
    await addon.decode(handle, z, batch);
    let faces = 0;
    const start = performance.now();
    // two batches in flight, a stream each
    const lane = async () => {
      while (performance.now() - start < seconds * 1000) {
        await addon.decode(handle, z, batch);
        faces += batch;
      }
    };
    await Promise.all([lane(), lane()]);
    const s = (performance.now() - start) / 1000;
    return { facesPerSecond: faces / s, tflops: (faces * manifest.flopsPerFace) / s / 1e12 };
  });

await section("train parity", async () => {
  // 2 portraits; their targets: the faces of two other codes
  const n = 2;
  const z = codesFor(n + 2);
  const targets = addon.decodeHost(config, weights, z.subarray(n * config.latent), n);
  const gpu = await addon.trainStep(config, weights, z.subarray(0, n * config.latent), targets, n);
  const host = addon.trainStepHost(config, weights, z.subarray(0, n * config.latent), targets, n);
  return {
    loss: [gpu.loss, host.loss],
    weightGradsRelative: relative(gpu.weightGrads, host.weightGrads),
    codeGradsRelative: relative(gpu.codeGrads, host.codeGrads),
  };
});

for (const batch of [16, 64])
  await section(`train batch ${batch}`, async () => {
    const z = codesFor(batch);
    const face = addon.decodeHost(config, weights, codesFor(2).subarray(config.latent), 1);
    const images = new Uint8Array(batch * face.length);
    for (let i = 0; i < batch; i++) images.set(face, i * face.length);
    await addon.trainStep(config, weights, z, images, batch);
    let steps = 0;
    const start = performance.now();
    while (performance.now() - start < seconds * 1000) {
      await addon.trainStep(config, weights, z, images, batch);
      steps++;
    }
    const s = (performance.now() - start) / 1000;
    return { imagesPerSecond: (steps * batch) / s, msPerStep: (s * 1000) / Math.max(1, steps) };
  });
