import { describe, expect, it } from "vitest";
import { heldComponents } from "../../../facemodel/heldComponents";
import { RANDOM_VARIANCE_SHARE, randomDepth } from "../../../lib/faceSpace";
import { createRng } from "../../../lib/random";
import {
  afterPicks,
  FIRST_STEP,
  MAX_STEP,
  newSearch,
  nextComponents,
  SEARCH_VARIANCE_SHARE,
  SHRINK_KEPT,
  SHRINK_MOVED,
  STALL_ROUNDS,
  searchDepth,
  searchRound,
  WIDEN,
} from "../../../server/arrays/faceArray";

const LATENT = 12;
/** explained variance falling with the component, as PCA orders it */
const variance = Array.from({ length: LATENT }, (_, k) => 1 / (k + 1));
const all = Array.from({ length: LATENT }, (_, k) => k);
/** values finer than the grid's 3 decimals: the current face must come back exactly */
const center = Array.from({ length: LATENT }, (_, k) => k / 10 + 1e-5);

describe("the face array's search", () => {
  it("keeps the current face among the nine: no round forces a worse face", () => {
    const rng = createRng(1);
    for (let r = 0; r < 20; r++) {
      const round = searchRound(newSearch(LATENT), center, all, variance, rng);
      expect(round.faces).toHaveLength(9);
      expect(Array.from(round.faces[round.current] as Float64Array)).toEqual(center);
      expect(new Set(round.faces.map((f) => f.join(","))).size).toBe(9);
      // the faces differ from the current one only on the round's two components
      for (const f of round.faces)
        for (let k = 0; k < LATENT; k++) if (!round.components.includes(k)) expect(f[k]).toBe(center[k]);
    }
  });

  it("goes coarse to fine: the largest components first, the smaller ones as their steps shrink", () => {
    const search = newSearch(LATENT);
    const rng = createRng(2);
    const seen: number[] = [];
    let face: ArrayLike<number> = center;
    for (let r = 0; r < 8; r++) {
      const round = searchRound(search, face, all, variance, rng);
      if (r === 0) expect(round.components).toEqual([0, 1]);
      seen.push(...round.components);
      face = afterPicks(search, round, [round.current]);
    }
    // after 8 rounds more than the first two components have been varied, and every one of the first four
    expect(new Set(seen).size).toBeGreaterThan(4);
    for (const k of [0, 1, 2, 3]) expect(seen).toContain(k);
  });

  it("searches deeper than a random face draws, reaching the deeper components once the leading ones settled", () => {
    // a flat spectrum of 40 components: a random face draws 35 % of them, the array searches 45 %
    const flat = Array.from({ length: 40 }, () => 1 / 40);
    expect(SEARCH_VARIANCE_SHARE).toBeGreaterThan(RANDOM_VARIANCE_SHARE);
    expect(randomDepth(flat)).toBe(14);
    expect(searchDepth(flat)).toBe(18);
    // shares of the variance falling slowly, as the default model's do
    const falling = Array.from({ length: 40 }, (_, k) => 1 / (k + 10) / 1.6502);
    const depth = searchDepth(falling);
    const free = Array.from({ length: depth }, (_, k) => k);
    const search = newSearch(40);
    const rng = createRng(4);
    const firstRound = new Map<number, number>();
    let face: ArrayLike<number> = new Float64Array(40);
    for (let r = 0; r < 60; r++) {
      const round = searchRound(search, face, free, falling, rng);
      for (const k of round.components) if (!firstRound.has(k)) firstRound.set(k, r);
      // the witness moves every component it is shown: steps shrink slowly (×0.9)
      face = afterPicks(search, round, [round.levels.findIndex(([a, b]) => a === 1 && b === 1)]);
    }
    // every searched component is reached; those past a random face's depth only after the leading ones
    expect(firstRound.size).toBe(depth);
    const deep = [...firstRound].filter(([k]) => k >= randomDepth(falling)).map(([, r]) => r);
    expect(deep.length).toBeGreaterThan(0);
    expect(Math.min(...deep)).toBeGreaterThanOrEqual(randomDepth(falling) / 2);
  });

  it("adapts its steps: shrinks on a pick (more where the value was kept), widens after none of these", () => {
    const search = newSearch(LATENT);
    const round = searchRound(search, center, all, variance, createRng(3));
    const [a, b] = round.components;
    // a face that moved the first component and kept the second
    const pick = round.levels.findIndex(([la, lb]) => la === 1 && lb === 0);
    afterPicks(search, round, [pick]);
    expect(search.steps[a]).toBeCloseTo(FIRST_STEP * SHRINK_MOVED);
    expect(search.steps[b]).toBeCloseTo(FIRST_STEP * SHRINK_KEPT);
    const next = searchRound(search, center, all, variance, createRng(4));
    const before = next.components.map((k) => search.steps[k] as number);
    const same = afterPicks(search, next, []);
    expect(Array.from(same)).toEqual(center);
    next.components.forEach((k, i) => {
      expect(search.steps[k]).toBeCloseTo(Math.min(MAX_STEP, (before[i] as number) * WIDEN));
    });
  });

  it("widens after a stall: the current face kept round after round", () => {
    const search = newSearch(LATENT);
    const rng = createRng(5);
    let widened = false;
    for (let r = 0; r < STALL_ROUNDS; r++) {
      const round = searchRound(search, center, all, variance, rng);
      const before = round.components.map((k) => search.steps[k] as number);
      afterPicks(search, round, [round.current]);
      const after = round.components.map((k) => search.steps[k] as number);
      if (r < STALL_ROUNDS - 1) expect(after[0]).toBeCloseTo((before[0] as number) * SHRINK_KEPT);
      else widened = (after[0] as number) > (before[0] as number) * SHRINK_KEPT + 1e-9;
    }
    expect(widened).toBe(true);
    expect(search.stalls).toBe(0);
  });

  it("centres the next round on the ticked faces' weighted mean, the first ticked weighing most", () => {
    const search = newSearch(LATENT);
    const round = searchRound(search, center, all, variance, createRng(6));
    const [a, b] = round.components;
    const at = (la: number, lb: number) => round.levels.findIndex(([x, y]) => x === la && y === lb);
    const picks = [at(1, 1), at(1, 0), at(-1, -1)];
    const next = afterPicks(search, round, picks);
    const [sa, sb] = round.steps;
    // (3·(+1) + 2·(+1) + 1·(−1)) / 6 = 2/3 of the step on a; (3 − 1) / 6 = 1/3 on b
    expect(next[a]).toBeCloseTo((center[a] as number) + (2 / 3) * sa, 2);
    expect(next[b]).toBeCloseTo((center[b] as number) + (1 / 3) * sb, 2);
    for (let k = 0; k < LATENT; k++) if (k !== a && k !== b) expect(next[k]).toBe(center[k]);
  });

  it("never varies a component that is not free (locked, or held for background and position)", () => {
    const free = all.filter((k) => k !== 0 && k !== 2);
    expect(nextComponents(newSearch(LATENT), free, variance)).toEqual([1, 3]);
    const held = heldComponents([
      { component: 0, label: "skin tone", factor: "skinLuma" },
      { component: 1, label: "background brightness", factor: "backgroundLuma" },
      { component: 2, label: "where the head sits", factor: "offsetX" },
      { component: 7, label: "background hue", factor: "backgroundBlue" },
    ]);
    expect([...held].sort()).toEqual([1, 2, 7]);
  });
});
