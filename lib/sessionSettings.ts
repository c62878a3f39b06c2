/**
 * A witness session's settings, kept in the room's Yjs document beside the sliders (a Y.Map named
 * "session") so everyone sees them live and they are stored with the room. Only the artist may change
 * them; the server checks every update (server/sessions/updateGuard.ts).
 *   lock:<k>        true: slider k is locked (no one but the artist moves it)
 *   name:<k>        the room's name for component k (shown to everyone)
 *   witnessSliders  the components the witness sees, in order (absent: the first DEFAULT_WITNESS_SLIDERS)
 *   array           true: the witness is offered the face array
 *   arrayBackground true: the array also varies the components that track background and position
 *   scales          the holistic scales (their factors) offered to the witness
 *   blur            "witness" or "everyone": the external features are blurred on those views
 */
import type * as Y from "yjs";

export const SESSION = "session";
export const DEFAULT_WITNESS_SLIDERS = 10;
export const MAX_NAME_LENGTH = 40;
export const BLUR_MODES = ["off", "witness", "everyone"] as const;
export type BlurMode = (typeof BLUR_MODES)[number];

export interface SessionSettings {
  locks: Set<number>;
  names: Map<number, string>;
  witnessSliders: number[];
  array: boolean;
  /** the array varies background and position too (held by default: no witness remembers them) */
  arrayBackground: boolean;
  /** the holistic scales offered to the witness, by factor */
  scales: string[];
  blur: BlurMode;
}

/**
 * Whether the room has been set up for a witness: anything set that only a witness session uses (the
 * witness's sliders have a default, so they do not say).
 */
export const setUpForWitness = (s: SessionSettings) =>
  s.locks.size > 0 || s.names.size > 0 || s.array || s.arrayBackground || s.scales.length > 0 || s.blur !== "off";

/** Whether a session of this role sees the blurred variant of the faces. */
export const seesBlurred = (blur: BlurMode, role: string) =>
  blur === "everyone" || (blur === "witness" && role === "witness");

const isScaleList = (value: unknown): value is string[] =>
  Array.isArray(value) &&
  value.length <= 16 &&
  value.every((f) => typeof f === "string" && f.length > 0 && f.length <= 40);

export const lockKey = (k: number) => `lock:${k}`;
export const nameKey = (k: number) => `name:${k}`;

export function sessionMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(SESSION);
}

/** The component a key names after its prefix (`lock:3`, `s3`…), or undefined when it names none of `latent`. */
export const componentOf = (key: string, prefix: string, latent: number): number | undefined => {
  if (!key.startsWith(prefix)) return undefined;
  const digits = key.slice(prefix.length);
  const k = Number(digits);
  return /^\d{1,3}$/.test(digits) && String(k) === digits && k < latent ? k : undefined;
};

/** The blur setting alone (read for every frame: the rest of the settings is not needed there). */
export function readBlur(doc: Y.Doc): BlurMode {
  const blur = doc.share.has(SESSION) ? sessionMap(doc).get("blur") : undefined;
  return typeof blur === "string" && (BLUR_MODES as readonly string[]).includes(blur) ? (blur as BlurMode) : "off";
}

/** The settings as everyone reads them; what is missing or malformed reads as the default. */
export function readSessionSettings(doc: Y.Doc, latent: number): SessionSettings {
  const map = doc.share.has(SESSION) ? sessionMap(doc) : null;
  const settings: SessionSettings = {
    locks: new Set(),
    names: new Map(),
    witnessSliders: Array.from({ length: Math.min(DEFAULT_WITNESS_SLIDERS, latent) }, (_, k) => k),
    array: false,
    arrayBackground: false,
    scales: [],
    blur: "off",
  };
  if (!map) return settings;
  map.forEach((value, key) => {
    const locked = componentOf(key, "lock:", latent);
    if (locked !== undefined && value === true) settings.locks.add(locked);
    const named = componentOf(key, "name:", latent);
    if (named !== undefined && typeof value === "string" && value.trim() !== "") settings.names.set(named, value);
  });
  const chosen = map.get("witnessSliders");
  if (Array.isArray(chosen) && chosen.every((k) => Number.isInteger(k) && k >= 0 && k < latent))
    settings.witnessSliders = [...new Set(chosen as number[])];
  settings.array = map.get("array") === true;
  settings.arrayBackground = map.get("arrayBackground") === true;
  const scales = map.get("scales");
  if (isScaleList(scales)) settings.scales = [...new Set(scales)];
  settings.blur = readBlur(doc);
  return settings;
}

/** What is wrong with the session map's content, or [] (checked on every update, as the sliders are). */
export function sessionProblems(doc: Y.Doc, latent: number): string[] {
  const root = doc.share.get(SESSION);
  if (!root) return [];
  const problems: string[] = [];
  for (let item = root._start; item; item = item.right)
    if (!item.deleted) {
      problems.push("the session map holds list items");
      break;
    }
  if (problems.length > 0) return problems;
  const map = sessionMap(doc);
  if (map.size > 3 * latent + 5) problems.push("the session map holds too many entries");
  map.forEach((value, key) => {
    const problem = sessionValueProblem(key, value, latent);
    if (problem) problems.push(problem);
  });
  return problems;
}

/** What is wrong with one setting of the session map, or null when `value` is valid for `key`. */
export function sessionValueProblem(key: string, value: unknown, latent: number): string | null {
  const k = key.slice(0, 20);
  if (componentOf(key, "lock:", latent) !== undefined)
    return value === true ? null : `'${k}' must be true (delete it to unlock)`;
  if (componentOf(key, "name:", latent) !== undefined)
    return typeof value === "string" && value.length <= MAX_NAME_LENGTH
      ? null
      : `'${k}' must be a name of at most ${MAX_NAME_LENGTH} characters`;
  if (key === "witnessSliders")
    return Array.isArray(value) &&
      value.length <= latent &&
      value.every((c) => Number.isInteger(c) && c >= 0 && c < latent)
      ? null
      : "'witnessSliders' must list components of the model";
  if (key === "array" || key === "arrayBackground")
    return typeof value === "boolean" ? null : `'${key}' must be true or false`;
  if (key === "scales") return isScaleList(value) ? null : "'scales' must list at most 16 factor names";
  if (key === "blur")
    return (BLUR_MODES as readonly unknown[]).includes(value) ? null : `'blur' must be ${BLUR_MODES.join(", ")}`;
  return `unknown session setting '${k}'`;
}

/** The settings' content for comparison: equal strings, equal settings. */
export function sessionFingerprint(doc: Y.Doc): string {
  if (!doc.share.has(SESSION)) return "{}";
  const json = sessionMap(doc).toJSON();
  return JSON.stringify(
    Object.keys(json)
      .sort()
      .map((key) => [key, json[key]]),
  );
}
