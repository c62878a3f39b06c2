/**
 * Which edits a session may make, checked on what an update does (its effects, read from the update
 * alone): changing the session's settings needs "session:configure" (the artist's); moving a locked
 * slider, or one the artist did not give the witness, needs "sliders:locked" (everyone's but the
 * witness's). The one authorize function decides both. A witness offered the face array or a holistic
 * scale moves every slider the array may move (picks and scales change the whole face), the locked and
 * held ones excepted.
 */
import type * as Y from "yjs";
import { readSessionSettings, type SessionSettings } from "../../lib/sessionSettings";
import type { ChangeCheck } from "../rooms/Room";
import type { Action } from "../sessions/session";

export function changeCheck(
  may: (action: Action) => boolean,
  doc: () => Y.Doc,
  latent: number,
  /** the sliders the face array may move under these settings */
  arrayFree: (settings: SessionSettings) => readonly number[],
): ChangeCheck {
  return ({ settings, moved }) => {
    if (settings && !may("session:configure")) return "only the artist changes the session's settings";
    // only a session that may not move every slider (a witness) needs the sliders looked at
    if (moved.length === 0 || may("sliders:locked")) return null;
    const current = readSessionSettings(doc(), latent);
    const { locks, witnessSliders, array, scales } = current;
    const given = new Set(witnessSliders);
    let picked: Set<number> | undefined;
    for (const k of moved) {
      if (locks.has(k)) return `slider ${k + 1} is locked by the artist`;
      if (given.has(k)) continue;
      picked ??= new Set(array || scales.length > 0 ? arrayFree(current) : []);
      if (!picked.has(k)) return `slider ${k + 1} is not one the artist gave you`;
    }
    return null;
  };
}
