/**
 * The faces a simulated witness remembers: faces the model draws (random on its first 20 components, or
 * as Randomize draws them: pulled toward the training faces, so plausible; either way the background and
 * position components at the start's values, since no witness remembers them), faces it does not (fresh
 * synthetic portraits of another seed than the training set's), and photos from a folder.
 */
import { readdir, readFile } from "node:fs/promises";
import { extname, join } from "node:path";
import sharp from "sharp";
import type { LoadedModel } from "../../facemodel/artifact/modelArtifact";
import { heldComponents } from "../../facemodel/heldComponents";
import { drawRandomFace } from "../../facemodel/randomFace";
import type { DecoderRuntime } from "../../facemodel/runtime/decoderRuntime";
import { slidersToCode } from "../../lib/faceSpace";
import { createRng, normal } from "../../lib/random";
import { IMAGE_EXTENSIONS, portraitPixels } from "../../training/dataset/importPortraits";
import { synthPortrait } from "../../training/dataset/synthPortrait";

export interface RememberedFace {
  set: "model" | "randomized" | "synthetic" | "photos";
  name: string;
  /** the face as the witness saw it: width × height × 3 bytes */
  image: Uint8Array;
}

/** components a model-drawn face is random on */
const DRAWN_COMPONENTS = 20;

/** `randomized`: drawn as Randomize draws (plausible faces); otherwise random on the first 20 components. */
export async function modelFaces(
  model: LoadedModel,
  runtime: DecoderRuntime,
  o: { count: number; seed: number; start: ArrayLike<number>; randomized: boolean },
): Promise<RememberedFace[]> {
  const rng = createRng(o.seed);
  const held = heldComponents(model.manifest.components);
  const faces: RememberedFace[] = [];
  for (let i = 0; i < o.count; i++) {
    let sliders: Float64Array = new Float64Array(model.manifest.latent);
    if (o.randomized) sliders = drawRandomFace(model, rng);
    else for (let k = 0; k < DRAWN_COMPONENTS; k++) sliders[k] = normal(rng);
    for (const k of held) sliders[k] = o.start[k] as number;
    const image = await runtime.decodeBytes(slidersToCode(model.faceSpace, sliders), 1);
    const set = o.randomized ? "randomized" : "model";
    faces.push({ set, name: `${set} face ${i + 1}`, image });
  }
  return faces;
}

export async function syntheticFaces(
  width: number,
  height: number,
  count: number,
  seed: number,
): Promise<RememberedFace[]> {
  const rng = createRng(seed);
  const faces: RememberedFace[] = [];
  for (let i = 0; i < count; i++) {
    const { svg } = synthPortrait(rng);
    const raw = await sharp(Buffer.from(svg)).resize(width, height).removeAlpha().raw().toBuffer();
    faces.push({ set: "synthetic", name: `synthetic portrait ${i + 1} (seed ${seed})`, image: new Uint8Array(raw) });
  }
  return faces;
}

export async function photoFaces(dir: string, width: number, height: number, count: number) {
  const files = (await readdir(dir)).filter((f) => IMAGE_EXTENSIONS.has(extname(f).toLowerCase())).sort();
  const faces: RememberedFace[] = [];
  for (const file of files.slice(0, count))
    faces.push({
      set: "photos",
      name: file,
      image: await portraitPixels(await readFile(join(dir, file)), width, height),
    });
  return faces;
}
