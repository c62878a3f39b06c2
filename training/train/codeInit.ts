/**
 * Initial codes for GLO. 'pca': the top principal components of the (downsampled) images, as in
 * Bojanowski et al. (training/faceSpaceFit's PCA); 'random': Gaussian. Both scaled into the unit ball the codes are kept in.
 */
import { Matrix } from "ml-matrix";
import { createRng, normal } from "../../lib/random";
import { principalComponents } from "../faceSpaceFit";

export type CodeInit = "pca" | "random";

/** Average-pools each image by `factor`, giving one row per image. */
function downsample(images: Uint8Array, count: number, height: number, width: number, factor: number): Matrix {
  const h = Math.floor(height / factor);
  const w = Math.floor(width / factor);
  const rows = new Matrix(count, h * w * 3);
  const imageBytes = height * width * 3;
  for (let n = 0; n < count; n++) {
    const base = n * imageBytes;
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let c = 0; c < 3; c++) {
          let s = 0;
          for (let dy = 0; dy < factor; dy++)
            for (let dx = 0; dx < factor; dx++)
              s += images[base + ((y * factor + dy) * width + x * factor + dx) * 3 + c] as number;
          rows.set(n, (y * w + x) * 3 + c, s / (factor * factor * 255));
        }
  }
  return rows;
}

export function projectToBall(codes: Float32Array, latent: number, row?: number): void {
  const rows = row === undefined ? codes.length / latent : 1;
  const start = row ?? 0;
  for (let r = start; r < start + rows; r++) {
    let n2 = 0;
    for (let k = 0; k < latent; k++) n2 += (codes[r * latent + k] as number) ** 2;
    if (n2 > 1) {
      const s = 1 / Math.sqrt(n2);
      for (let k = 0; k < latent; k++) codes[r * latent + k] = (codes[r * latent + k] as number) * s;
    }
  }
}

export function initialCodes(
  kind: CodeInit,
  o: { images: Uint8Array; count: number; height: number; width: number; latent: number; seed: number },
): Float32Array {
  const codes = new Float32Array(o.count * o.latent);
  const rng = createRng(o.seed ^ 0x5eed);
  if (kind === "random") {
    for (let i = 0; i < codes.length; i++) codes[i] = (normal(rng) / Math.sqrt(o.latent)) * 0.5;
    projectToBall(codes, o.latent);
    return codes;
  }
  const pca = principalComponents(downsample(o.images, o.count, o.height, o.width, 8));
  const dims = Math.min(o.latent, pca.variances.length);
  const z = pca.centered.mmul(pca.components.subMatrix(0, pca.components.rows - 1, 0, dims - 1));
  let maxNorm = 0;
  for (let n = 0; n < o.count; n++) maxNorm = Math.max(maxNorm, Math.hypot(...z.getRow(n)));
  const scale = maxNorm > 0 ? 0.9 / maxNorm : 1;
  for (let n = 0; n < o.count; n++)
    for (let k = 0; k < o.latent; k++) codes[n * o.latent + k] = k < dims ? z.get(n, k) * scale : normal(rng) * 1e-3;
  return codes;
}
