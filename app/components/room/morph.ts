/**
 * A morph between two snapshots: sliders part of the way from one face to the other, and the name a
 * saved morph takes.
 */

import { roundSlider } from "../../../lib/roomDocument";

/** The sliders `t` of the way from a to b (0: a, 1: b). */
export const morph = (a: number[], b: number[], t: number) => a.map((v, k) => roundSlider(v + ((b[k] ?? 0) - v) * t));

/** A saved morph's name: each face's share, in percent (`share`: b's), within a snapshot name's 80 characters. */
export const morphName = (aName: string, bName: string, share: number) =>
  `Morph: ${100 - share}% ${aName}, ${share}% ${bName}`.slice(0, 80);
