/**
 * One synthetic yearbook portrait: a facesjs face posed like a school photo (plain background,
 * head and shoulders) with pose variation wrapped around the SVG, plus every ground-truth factor.
 */
import { type FaceConfig, faceToSvgString, generate } from "facesjs";
import { FACE_HEIGHT, FACE_WIDTH } from "../../lib/imageSize";
import { pick, type Rng, uniform } from "../../lib/random";

/** Numeric ground truth of one portrait; categorical factors are encoded as 0/1 or an index. */
export interface PortraitFactors {
  female: number;
  skinLuma: number;
  hairLuma: number;
  longHair: number;
  glasses: number;
  facialHair: number;
  fatness: number;
  shirtLuma: number;
  shirtRed: number;
  shirtGreen: number;
  shirtBlue: number;
  backgroundLuma: number;
  backgroundBlue: number;
  offsetX: number;
  offsetY: number;
  zoom: number;
  tilt: number;
  headScale: number;
  eyeAngle: number;
  eyebrowAngle: number;
  noseSize: number;
  earSize: number;
}

export const FACTOR_NAMES = [
  "female",
  "skinLuma",
  "hairLuma",
  "longHair",
  "glasses",
  "facialHair",
  "fatness",
  "shirtLuma",
  "shirtRed",
  "shirtGreen",
  "shirtBlue",
  "backgroundLuma",
  "backgroundBlue",
  "offsetX",
  "offsetY",
  "zoom",
  "tilt",
  "headScale",
  "eyeAngle",
  "eyebrowAngle",
  "noseSize",
  "earSize",
] as const satisfies readonly (keyof PortraitFactors)[];

export interface SynthPortrait {
  svg: string;
  factors: PortraitFactors;
  face: FaceConfig;
}

/** Studio backdrops of school photos: mottled blues and greys, jittered per image. */
const BACKDROPS: readonly [number, number, number][] = [
  [92, 118, 158],
  [70, 96, 140],
  [120, 128, 140],
  [150, 160, 175],
  [58, 74, 104],
];

type Rgb = [number, number, number];

const hex = (c: Rgb) => `#${c.map((v) => Math.round(v).toString(16).padStart(2, "0")).join("")}`;
const parseHex = (h: string): Rgb => {
  const s = h.replace("#", "");
  return [0, 2, 4].map((i) => Number.parseInt(s.slice(i, i + 2), 16)) as Rgb;
};
const luma = ([r, g, b]: Rgb) => (0.299 * r + 0.587 * g + 0.114 * b) / 255;
const clampByte = (v: number) => Math.max(0, Math.min(255, v));

/** facesjs draws with Math.random and has no seed option: run it with ours swapped in. */
function withRandom<T>(rng: Rng, fn: () => T): T {
  const original = Math.random;
  Math.random = rng;
  try {
    return fn();
  } finally {
    Math.random = original;
  }
}

/** Split an SVG body into its top-level <g>…</g> groups (facesjs emits one per drawn feature). */
export function topLevelGroups(svgBody: string): string[] {
  const groups: string[] = [];
  const tag = /<(\/?)g\b[^>]*>/g;
  let depth = 0;
  let start = -1;
  for (let m = tag.exec(svgBody); m; m = tag.exec(svgBody)) {
    if (m[1] === "") {
      if (depth === 0) start = m.index;
      depth++;
    } else {
      depth--;
      if (depth === 0) groups.push(svgBody.slice(start, m.index + m[0].length));
    }
  }
  return groups;
}

const FRAME_WIDTH = 470;
const FRAME_HEIGHT = FRAME_WIDTH * (FACE_HEIGHT / FACE_WIDTH);
/** The view onto facesjs's 400x600 canvas: head and shoulders, shirt running off the bottom edge. */
const FRAME = { x: 200 - FRAME_WIDTH / 2, y: 595 - FRAME_HEIGHT, width: FRAME_WIDTH, height: FRAME_HEIGHT };
/** Tilt and head scale pivot at the neck; zoom pivots at the bottom centre so shoulders stay cut off. */
const NECK = { x: 200, y: 470 };
const BOTTOM = { x: 200, y: 600 };

export function synthPortrait(rng: Rng): SynthPortrait {
  const female = rng() < 0.5;
  const shirt: Rgb = [rng() * 255, rng() * 255, rng() * 255];
  const trim: Rgb = shirt.map((v) => clampByte(255 - v + uniform(rng, -40, 40))) as Rgb;
  const face = withRandom(rng, () =>
    generate(
      {
        teamColors: [hex(shirt), hex(trim), hex(shirt.map((v) => v * 0.6) as Rgb)],
        accessories: { id: "none" },
      },
      { gender: female ? "female" : "male" },
    ),
  );
  const inner = faceToSvgString(face);
  const body = inner.slice(inner.indexOf(">") + 1, inner.lastIndexOf("</svg>"));
  const groups = topLevelGroups(body);
  const hasHairBg = face.hairBg.id !== "none";
  const back = hasHairBg ? groups.slice(0, 1) : [];
  const torso = groups.slice(back.length, back.length + 2);
  const head = groups.slice(back.length + 2);

  const base = pick(rng, BACKDROPS);
  const bg = base.map((v) => clampByte(v + uniform(rng, -25, 25))) as Rgb;
  const offsetX = uniform(rng, -0.08, 0.08);
  const offsetY = uniform(rng, 0, 0.1);
  const zoom = uniform(rng, 0.9, 1.12);
  const tilt = uniform(rng, -9, 9);
  const headScale = uniform(rng, 0.9, 1.1);

  const headTransform = `translate(${NECK.x} ${NECK.y}) rotate(${tilt.toFixed(3)}) scale(${headScale.toFixed(4)}) translate(${-NECK.x} ${-NECK.y})`;
  const poseTransform =
    `translate(${(offsetX * FRAME.width).toFixed(3)} ${(offsetY * FRAME.height).toFixed(3)}) ` +
    `translate(${BOTTOM.x} ${BOTTOM.y}) scale(${zoom.toFixed(4)}) translate(${-BOTTOM.x} ${-BOTTOM.y})`;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${FACE_WIDTH}" height="${FACE_HEIGHT}" ` +
    `viewBox="${FRAME.x} ${FRAME.y} ${FRAME.width} ${FRAME.height.toFixed(3)}">` +
    `<defs><radialGradient id="bd" cx="0.5" cy="0.4" r="0.75"><stop offset="0" stop-color="${hex(bg.map((v) => clampByte(v + 30)) as Rgb)}"/>` +
    `<stop offset="1" stop-color="${hex(bg)}"/></radialGradient></defs>` +
    `<rect x="${FRAME.x - 50}" y="${FRAME.y - 50}" width="${FRAME.width + 100}" height="${FRAME.height + 100}" fill="url(#bd)"/>` +
    `<g transform="${poseTransform}">` +
    `<g transform="${headTransform}">${back.join("")}</g>${torso.join("")}` +
    `<g transform="${headTransform}">${head.join("")}</g></g></svg>`;

  const factors: PortraitFactors = {
    female: female ? 1 : 0,
    skinLuma: luma(parseHex(face.body.color)),
    hairLuma: luma(parseHex(face.hair.color)),
    longHair: hasHairBg ? 1 : 0,
    glasses: face.glasses.id === "none" ? 0 : 1,
    facialHair: face.facialHair.id === "none" ? 0 : 1,
    fatness: face.fatness,
    shirtLuma: luma(shirt),
    shirtRed: shirt[0] / 255,
    shirtGreen: shirt[1] / 255,
    shirtBlue: shirt[2] / 255,
    backgroundLuma: luma(bg),
    backgroundBlue: bg[2] / 255 - (bg[0] + bg[1]) / 510,
    offsetX,
    offsetY,
    zoom,
    tilt,
    headScale,
    eyeAngle: face.eye.angle,
    eyebrowAngle: face.eyebrow.angle,
    noseSize: face.nose.size,
    earSize: face.ear.size,
  };
  return { svg, factors, face };
}
