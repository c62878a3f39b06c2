/**
 * Writes a witness session's changes into its record: for every accepted change, who made it (the
 * session of the connection it came from), the sliders it moved with their values before and after, and
 * any change of the session's settings (locks, names, the witness's sliders, the array, blur).
 */
import { readSessionSettings, sessionFingerprint } from "../../lib/sessionSettings";
import type { LiveRoom, RoomHooks } from "../rooms/LiveRoom";
import type { Session } from "../sessions/session";
import type { RecordDraft } from "./recordChain";
import type { SessionRecord } from "./SessionRecord";

/** How the record names who acted. */
export const actorOf = (session: Session | undefined) =>
  session ? { actor: session.linkId ?? "plain link", role: session.role } : { actor: "server", role: "server" };

/** The settings as the record writes them. */
export function settingsOf(entry: LiveRoom) {
  const s = readSessionSettings(entry.room.doc, entry.room.latent);
  return {
    locks: [...s.locks].sort((a, b) => a - b),
    names: Object.fromEntries(s.names),
    witnessSliders: s.witnessSliders,
    array: s.array,
    arrayBackground: s.arrayBackground,
    scales: s.scales,
    blur: s.blur,
  };
}

const round = (v: number) => Math.round(v * 1e4) / 1e4;

type Move = { slider: number; before: number; after: number };

/** Two changes' moves as one: each slider from where the first found it to where the last left it. */
export function mergeMoves(earlier: RecordDraft, later: RecordDraft): RecordDraft {
  const moves = new Map<number, Move>();
  for (const m of (earlier.data as { moved: Move[] }).moved) moves.set(m.slider, m);
  for (const m of (later.data as { moved: Move[] }).moved)
    moves.set(m.slider, { slider: m.slider, before: moves.get(m.slider)?.before ?? m.before, after: m.after });
  return { ...later, data: { moved: [...moves.values()].sort((a, b) => a.slider - b.slider) } };
}

export interface Recorder {
  hooks: RoomHooks;
  /** Starts the room's record if it has none (its witness session begins): the model, the face, the settings. */
  start(entry: LiveRoom, session: Session): Promise<void>;
}

/** The face and settings a followed room's record last wrote. */
interface Recorded {
  sliders: Float64Array;
  settings: string;
}

/** The rooms with a record, and their face and settings as last recorded; no other room does any work. */
type Followed = Map<string, Recorded>;

/** Follows the room's changes from its face and settings now, unless it is followed already. */
function follow(last: Followed, entry: LiveRoom) {
  if (!last.has(entry.room.id))
    last.set(entry.room.id, { sliders: entry.room.sliders(), settings: sessionFingerprint(entry.room.doc) });
}

export function recorder(record: SessionRecord, sessionOf: (origin: unknown) => Session | undefined): Recorder {
  const last: Followed = new Map();
  const hooks: RoomHooks = {
    onLoad(entry) {
      record
        .recording(entry.room.id)
        .then((on) => on && follow(last, entry))
        .catch(() => {});
    },
    onChange(entry, _update, origin) {
      const state = last.get(entry.room.id);
      if (state) recordChange(record, state, entry, actorOf(sessionOf(origin)));
    },
    onUnload(entry) {
      last.delete(entry.room.id);
      void record.forget(entry.room.id).catch(() => {});
    },
  };
  return { hooks, start: (entry, session) => startRecord(record, last, entry, session) };
}

/** Each slider whose value differs between the two faces, with its values rounded as the record keeps them. */
function movedSliders(before: Float64Array, after: Float64Array): Move[] {
  const moved: Move[] = [];
  after.forEach((v, k) => {
    if (v !== before[k]) moved.push({ slider: k, before: round(before[k] ?? 0), after: round(v) });
  });
  return moved;
}

/** Writes a followed room's change: the sliders it moved, and its settings when they changed. */
function recordChange(record: SessionRecord, state: Recorded, entry: LiveRoom, who: ReturnType<typeof actorOf>) {
  const sliders = entry.room.sliders();
  const settings = sessionFingerprint(entry.room.doc);
  const moved = movedSliders(state.sliders, sliders);
  const settingsChanged = settings !== state.settings;
  state.sliders = sliders;
  state.settings = settings;
  // a burst of changes by one person (key presses, a drag) is one entry, as it is one undo step
  if (moved.length > 0)
    record.appendBurst(
      entry.room.id,
      `${who.role}:${who.actor}`,
      { kind: "change", ...who, data: { moved } },
      mergeMoves,
    );
  if (settingsChanged) void record.append(entry.room.id, { kind: "settings", ...who, data: settingsOf(entry) });
}

/** Starts the room's record unless it has one, and follows the room either way. */
async function startRecord(record: SessionRecord, last: Followed, entry: LiveRoom, session: Session) {
  const id = entry.room.id;
  if (last.has(id)) return;
  const stored = await record.recording(id);
  // looked at again after the wait: a start running meanwhile has begun the record
  if (stored || last.has(id)) {
    follow(last, entry);
    return;
  }
  follow(last, entry);
  await record.append(id, {
    kind: "session:start",
    ...actorOf(session),
    data: {
      modelVersion: entry.renderer.version,
      sliders: Array.from(entry.room.sliders(), round),
      settings: settingsOf(entry),
    },
  });
}
