/**
 * npm run bench:witness [-- --faces 8] [--rounds 30] [--p 0.7] [--photos <dir>] [--server-root <checkout>]
 *   [--protocol picks|index] [--sheet docs/images/witness-bench.jpg] [--json]
 * How close the face array brings a witness to the face they remember: simulated witnesses (simulatedWitness.ts)
 * against a real server, each in a fresh room from the neutral face (the start the artist's panel offers). Reports PSNR (whole face, and the inner
 * face) after 5, 10, 15 and 30 rounds, beside a witness picking at random and the "start from a photo"
 * ceiling (the frozen-decoder fit of the remembered face); rounds to half and to four fifths of the way from
 * the start to the ceiling; faces shown.
 */
import { resolve } from "node:path";
import sharp from "sharp";
import { z } from "zod";
import { loadModel } from "../facemodel/artifact/modelArtifact";
import { neutralFace } from "../facemodel/randomFace";
import { createDecoderRuntime } from "../facemodel/runtime/createRuntime";
import { slidersToCode } from "../lib/faceSpace";
import { createRng } from "../lib/random";
import { type Ellipse, findInnerFace, insideEllipse } from "../server/render/innerFace";
import { fitFace } from "../training/fitFace";
import { faceSheet } from "./bench/faceSheet";
import { modelFaces, photoFaces, type RememberedFace, syntheticFaces } from "./bench/rememberedFaces";
import { type ServerLaunch, startServer, stopServer } from "./bench/serverProcess";
import { type WitnessKind, witnessFeatures } from "./bench/simulatedWitness";
import { witnessSession } from "./bench/witnessSession";
import { parseCli, UsageError } from "./cli";
import { choice, numberOption, wholeFrom } from "./cliOptions";

const { values } = parseCli({
  command: "npm run bench:witness --",
  summary: "Simulated witnesses against a real server: how close the face array brings them to a remembered face.",
  options: {
    json: { type: "boolean", default: false, help: "print one JSON line only" },
    faces: { type: "string", default: "8", value: "<n>", help: "remembered faces per set (1 to 50)" },
    rounds: { type: "string", default: "30", value: "<n>", help: "array rounds per session (1 to 100)" },
    p: { type: "string", default: "0.7", value: "<0..1>", help: "how often the erring witness picks the best face" },
    seed: { type: "string", default: "1", value: "<n>", help: "the remembered faces' and the witnesses' seed" },
    sets: {
      type: "string",
      default: "model,randomized,synthetic",
      value: "<s,...>",
      help: "remembered faces: model (random on 20 components), randomized (as Randomize draws), synthetic, photos",
    },
    photos: { type: "string", default: "", value: "<dir>", help: "the folder of portrait photos of set photos" },
    model: { type: "string", default: "models/default", value: "<dir>", help: "the model the server draws with" },
    "server-root": {
      type: "string",
      default: "",
      value: "<dir>",
      help: "the checkout whose server to run (default this one): old and new side by side",
    },
    protocol: {
      type: "string",
      default: "picks",
      value: "picks|index",
      help: "index: a server from before several picks per round (one pick each)",
    },
    sheet: { type: "string", default: "", value: "<file.jpg>", help: "write faces of the sessions to this image" },
    "array-sheet": {
      type: "string",
      default: "",
      value: "<file.jpg>",
      help: "write 96 faces the array showed (to count the flawed ones by eye) to this image",
    },
  },
});
const faceCount = numberOption("faces", wholeFrom(1).max(50, "must be 50 or below"), values.faces);
const rounds = numberOption("rounds", wholeFrom(1).max(100, "must be 100 or below"), values.rounds);
const p = numberOption("p", z.number().min(0).max(1), values.p);
const seed = numberOption("seed", wholeFrom(0), values.seed);
const protocol = choice("protocol", ["picks", "index"] as const, values.protocol);
const log = (line: string) => {
  if (!values.json) console.log(line);
};
const CHECKPOINTS = [0, 5, 10, 15, 30].filter((r) => r <= rounds);
const SETS = ["model", "randomized", "synthetic", "photos"] as const;
/** the training set is synthetic seed 1: another seed's portraits are faces the model never saw */
const SYNTHETIC_SEED = 1001;

const witnesses: WitnessKind[] = [
  { name: "ideal, one pick", p: 1, picks: 1 },
  { name: `erring (p ${p}), one pick`, p, picks: 1 },
  ...(protocol === "picks" ? [{ name: `erring (p ${p}), three picks`, p, picks: 3 }] : []),
  { name: "random picks", p: 0, picks: 1, random: true },
];

const model = await loadModel(resolve(values.model));
const { width, height } = model.manifest.architecture;
const start = neutralFace(model);
const runtime = await createDecoderRuntime(model.manifest.architecture, model.weights, { backend: "onnx-cpu" });
const chosenSets = values.sets.split(",").map((s) => choice("sets", SETS, s));
const drawSet = async (set: (typeof SETS)[number]): Promise<RememberedFace[]> => {
  if (set === "model" || set === "randomized")
    return modelFaces(model, runtime, { count: faceCount, seed, start, randomized: set === "randomized" });
  if (set === "synthetic") return syntheticFaces(width, height, faceCount, SYNTHETIC_SEED + seed);
  if (!values.photos) throw new UsageError("the photos set needs --photos <dir>");
  return photoFaces(resolve(values.photos), width, height, faceCount);
};
const sets: RememberedFace[][] = [];
for (const set of chosenSets) sets.push(await drawSet(set));

/** each remembered image's inner face, found once */
const innerFaces = new Map<Uint8Array, Ellipse>();

/** PSNR (dB) of a face against the remembered image, over the whole face or inside the inner-face ellipse. */
function psnrs(face: Uint8Array, target: Uint8Array): { whole: number; inner: number } {
  let e = innerFaces.get(target);
  if (!e) {
    e = findInnerFace(target, width, height);
    innerFaces.set(target, e);
  }
  let whole = 0;
  let inner = 0;
  let innerCount = 0;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const inside = insideEllipse(e, x, y);
      for (let c = 0; c < 3; c++) {
        const i = (y * width + x) * 3 + c;
        const d = (((face[i] as number) - (target[i] as number)) / 255) ** 2;
        whole += d;
        if (inside) {
          inner += d;
          innerCount++;
        }
      }
    }
  const db = (mse: number) => 10 * Math.log10(1 / Math.max(mse, 1e-10));
  return { whole: db(whole / (width * height * 3)), inner: db(inner / Math.max(1, innerCount)) };
}
const draw = (sliders: ArrayLike<number>) => runtime.decodeBytes(slidersToCode(model.faceSpace, sliders), 1);

log(
  `model ${model.manifest.version}; ${sets.map((s) => `${s.length} ${s[0]?.set} faces`).join(", ")}; ${rounds} rounds`,
);
// the ceiling: what the model draws of each remembered face when fitted to it (start from a photo)
const ceilings = new Map<RememberedFace, { whole: number; inner: number; image: Uint8Array }>();
for (const face of sets.flat()) {
  const fit = await fitFace(model, face.image);
  const image = await draw(fit.sliders);
  ceilings.set(face, { ...psnrs(image, face.image), image });
}

const launch: ServerLaunch = {
  root: values["server-root"] ? resolve(values["server-root"]) : resolve(import.meta.dirname, ".."),
  model: resolve(values.model),
};
const { url, child } = await startServer(launch, "memory");
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? null;
const results = [];
const sheetRows: { label: string; images: Uint8Array[] }[] = [];
/** rounds whose faces go to the array sheet: 8 faces each (the current face left out), of two sessions */
const SHEET_ROUNDS = new Set([1, 3, 6, 10, 15, 25]);
const arrayFaces: Buffer[] = [];
try {
  for (const set of sets) {
    const ceiling = mean(set.map((f) => ceilings.get(f)?.whole ?? 0));
    const ceilingInner = mean(set.map((f) => ceilings.get(f)?.inner ?? 0));
    log(
      `\n${set[0]?.set} faces: start from a photo (ceiling) ${ceiling.toFixed(1)} dB, inner face ${ceilingInner.toFixed(1)} dB`,
    );
    for (const kind of witnesses) {
      const rng = createRng(seed * 7919 + witnesses.indexOf(kind));
      const curves: { whole: number; inner: number }[][] = [];
      let shown = 0;
      for (const face of set) {
        const session = await witnessSession(
          {
            url,
            protocol,
            width,
            height,
            rounds,
            start,
            onRound: (round, r) => {
              const sheeted = values["array-sheet"] && kind === witnesses.at(-2) && set === sets[0];
              if (!sheeted || set.indexOf(face) > 1 || !SHEET_ROUNDS.has(r)) return;
              const center = round.center.join();
              for (const f of round.faces) if (f.sliders.join() !== center) arrayFaces.push(Buffer.from(f.jpeg));
            },
          },
          kind,
          witnessFeatures(face.image, width, height),
          rng,
        );
        shown = session.shown;
        const images = await Promise.all(session.faces.map(draw));
        curves.push(images.map((image) => psnrs(image, face.image)));
        if (
          kind.picks === (protocol === "picks" ? 3 : 1) &&
          !kind.random &&
          kind.p < 1 &&
          sheetRows.length < 3 * sets.indexOf(set) + 3
        )
          sheetRows.push({
            label: face.name,
            images: [
              face.image,
              ...CHECKPOINTS.map((r) => images[r] as Uint8Array),
              ceilings.get(face)?.image as Uint8Array,
            ],
          });
      }
      const at = (r: number, key: "whole" | "inner") =>
        mean(curves.map((c) => (c[r] as { whole: number })[key as "whole"]));
      /** the first round at which a face has come `share` of the way from its start to its ceiling */
      const roundsTo = (share: number) => {
        const reached = set.flatMap((face, i) => {
          const curve = curves[i] as { whole: number }[];
          const goal =
            (curve[0]?.whole as number) + share * ((ceilings.get(face)?.whole as number) - (curve[0]?.whole as number));
          const r = curve.findIndex((c) => c.whole >= goal);
          return r < 0 ? [] : [r];
        });
        return { median: reached.length === set.length ? median(reached) : null, reached: reached.length };
      };
      const row = {
        set: set[0]?.set,
        witness: kind.name,
        psnr: Object.fromEntries(CHECKPOINTS.map((r) => [r, at(r, "whole")])),
        inner: Object.fromEntries(CHECKPOINTS.map((r) => [r, at(r, "inner")])),
        ceiling,
        ceilingInner,
        half: roundsTo(0.5),
        fourFifths: roundsTo(0.8),
        shown,
      };
      results.push(row);
      const fmt = (m: Record<number, number>) =>
        CHECKPOINTS.map((r) => `${r}: ${(m[r] as number).toFixed(1)}`).join("  ");
      const to = (t: { median: number | null; reached: number }) =>
        t.median === null ? `${t.reached}/${set.length} faces within ${rounds}` : `${t.median} rounds`;
      log(`  ${kind.name.padEnd(28)} whole ${fmt(row.psnr)} dB`);
      log(`  ${"".padEnd(28)} inner ${fmt(row.inner)} dB`);
      log(`  ${"".padEnd(28)} half-way ${to(row.half)}, four fifths ${to(row.fourFifths)}; ${shown} faces shown`);
    }
  }
} finally {
  await stopServer(child);
  await runtime.dispose();
}
if (values.sheet) {
  await sharp(
    await faceSheet(
      sheetRows,
      ["remembered", ...CHECKPOINTS.map((r) => (r === 0 ? "start" : `round ${r}`)), "photo fit"],
      width,
      height,
    ),
  )
    .jpeg({ quality: 85 })
    .toFile(values.sheet);
  log(`\nfaces: ${values.sheet}`);
}
if (values["array-sheet"]) {
  const images = await Promise.all(
    arrayFaces.map(async (jpeg) => new Uint8Array(await sharp(jpeg).removeAlpha().raw().toBuffer())),
  );
  const rows = Array.from({ length: Math.ceil(images.length / 12) }, (_, i) => ({
    label: `session ${Math.floor(i / 4) + 1}`,
    images: images.slice(i * 12, (i + 1) * 12),
  }));
  await sharp(await faceSheet(rows, [], width, height))
    .resize({ width: 1200 })
    .jpeg({ quality: 85 })
    .toFile(values["array-sheet"]);
  log(`${images.length} faces the array showed: ${values["array-sheet"]}`);
}
if (values.json) console.log(JSON.stringify({ model: model.manifest.version, rounds, p, protocol, results }));
// the clients and the fits leave handles open (sockets closing, worker threads): the run is over
process.exit(0);
