/**
 * Which edits a session may make, checked on the document an update would produce: changing the session's
 * settings needs "session:configure" (the artist's); moving a locked slider, or one the artist did not
 * give the witness, needs "sliders:locked" (everyone's but the witness's). The one authorize function
 * decides both.
 */
import type * as Y from "yjs";
import { readSliders } from "../../lib/roomDocument";
import { readSessionSettings, sessionFingerprint } from "../../lib/sessionSettings";
import type { ChangeCheck } from "../rooms/Room";
import type { Action } from "./session";

export function changeCheck(may: (action: Action) => boolean, latent: number): ChangeCheck {
  return (before: Y.Doc, after: Y.Doc) => {
    if (!may("session:configure") && sessionFingerprint(before) !== sessionFingerprint(after))
      return "only the artist changes the session's settings";
    // only a session that may not move every slider (a witness) needs the sliders compared
    if (may("sliders:locked")) return null;
    const settings = readSessionSettings(before, latent);
    const given = new Set(settings.witnessSliders);
    const was = readSliders(before, latent);
    const now = readSliders(after, latent);
    for (let k = 0; k < latent; k++) {
      if (was[k] === now[k]) continue;
      const locked = settings.locks.has(k);
      if (locked || !given.has(k))
        return locked ? `slider ${k + 1} is locked by the artist` : `slider ${k + 1} is not one the artist gave you`;
    }
    return null;
  };
}
