/**
 * A room's document written anew from its live values: each slider's current entry (sliders a model with
 * more components left included) and the session's settings, in a fresh document of one new Yjs client.
 * What the old one carried for good (every client id that ever wrote, every deleted entry's tombstone) is
 * gone; so is compatibility with it: clients holding the old document start again from this one.
 */
import * as Y from "yjs";
import { SLIDERS } from "../../lib/roomDocument";
import { SESSION } from "../../lib/sessionSettings";
import type { SliderEntries } from "./SliderEntries";

export function rewriteDocument(doc: Y.Doc, entries: SliderEntries): Y.Doc {
  const next = new Y.Doc({ gc: true });
  const settings = doc.share.has(SESSION) ? doc.getMap<unknown>(SESSION).toJSON() : {};
  next.transact(() => {
    next.getArray(SLIDERS).push(entries.liveEntries().map(({ key, val }) => ({ key, val })));
    const keys = Object.keys(settings);
    if (keys.length === 0) return;
    const session = next.getMap<unknown>(SESSION);
    for (const key of keys) session.set(key, settings[key]);
  });
  return next;
}
