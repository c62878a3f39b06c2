/**
 * The face array of each room: its search (faceArray.ts), the round on screen, the faces shown so far,
 * and in a witness session every round and pick written to its record. A round's faces are decoded
 * together, in one batch of the room's model version's scheduler, and sent as JPEGs to everyone in the
 * room; the round stays on hand for whoever joins while it is on screen.
 */
import { randomInt } from "node:crypto";
import { ARRAY_SIZE, type ArrayPicked, type ArrayRound } from "../../lib/arrayProtocol";
import { randomDepth } from "../../lib/faceSpace";
import { createRng } from "../../lib/random";
import { type BlurMode, readSessionSettings } from "../../lib/sessionSettings";
import { heldComponents } from "../model/heldComponents";
import { trainingSliders } from "../model/randomFace";
import { actorOf } from "../record/recordHooks";
import type { SessionRecord } from "../record/SessionRecord";
import type { LiveRoom } from "../rooms/LiveRoom";
import type { Action, Session } from "../sessions/session";
import {
  type Anchors,
  afterPicks,
  newSearch,
  type Search,
  type SearchRound,
  searchPoint,
  searchRound,
  shownFace,
  widen,
} from "./faceArray";

export class ArrayError extends Error {}

/** A round as the server holds it: each face also blurred when the session blurs the external features. */
export type ServerRound = Omit<ArrayRound, "faces"> & {
  faces: (ArrayRound["faces"][number] & { blurred?: Buffer })[];
  blur: BlurMode;
};

interface RoomArray {
  round: number;
  search: Search;
  /** the round on screen: its search data, the faces shown, and the round as sent */
  current: { search: SearchRound; shown: Float64Array[]; sent: ServerRound } | null;
  /** the face the last picks gave the room, and the search's point behind it */
  given: { face: Float64Array; point: Float64Array } | null;
  /** faces shown in this room so far */
  shown: number;
  /** a round being rendered: the next request waits for it */
  busy: Promise<unknown>;
}

/** The components the array may move in a room now: not locked, and not held unless the artist freed them. */
export function freeComponents(entry: LiveRoom): number[] {
  const settings = readSessionSettings(entry.room.doc, entry.room.latent);
  const held = settings.arrayBackground ? new Set<number>() : heldComponents(entry.renderer.model.manifest.components);
  return Array.from({ length: entry.room.latent }, (_, k) => k).filter((k) => !settings.locks.has(k) && !held.has(k));
}

const same = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  a.length === b.length && Array.from(a).every((v, k) => Math.abs(v - (b[k] as number)) < 1e-9);

/** Where a room's faces are pulled to: its model's training faces. */
function anchorsOf(entry: LiveRoom): Anchors {
  const { model } = entry.renderer;
  return { sliders: trainingSliders(model), depth: randomDepth(model.faceSpace.explainedVarianceRatio) };
}

export class FaceArrays {
  private readonly rooms = new Map<string, RoomArray>();

  constructor(
    private readonly record: SessionRecord,
    /** the one authorize function: whether a session may take an action */
    private readonly may: (session: Session, action: Action) => boolean,
  ) {}

  private async stateOf(entry: LiveRoom): Promise<RoomArray> {
    const roomId = entry.room.id;
    let state = this.rooms.get(roomId);
    if (!state) {
      // the count of faces shown survives a restart: it is in the record
      const entries = (await this.record.export(roomId)).entries;
      const shown = entries.filter((e) => e.kind === "array:shown").length * ARRAY_SIZE;
      state = this.rooms.get(roomId) ?? {
        round: 0,
        search: newSearch(entry.room.latent),
        current: null,
        given: null,
        shown,
        busy: Promise.resolve(),
      };
      this.rooms.set(roomId, state);
    }
    return state;
  }

  /** The round on screen in a room, as sent (for whoever joins while it is shown), or null. */
  onScreen(roomId: string): ServerRound | null {
    return this.rooms.get(roomId)?.current?.sent ?? null;
  }

  /**
   * A new round around the room's current face (or the face the picks made). A session without
   * "array:unoffered" (the witness) may ask only when the artist turned the array on; `widen` spreads the
   * faces wider again.
   */
  async show(entry: LiveRoom, session: Session, o: { widen?: boolean; center?: Float64Array } = {}) {
    const settings = readSessionSettings(entry.room.doc, entry.room.latent);
    if (!settings.array && !this.may(session, "array:unoffered"))
      throw new ArrayError("the artist has not turned the face array on");
    const free = freeComponents(entry);
    if (free.length < 2) throw new ArrayError("the array needs two sliders it may move: every other one is locked");
    const state = await this.stateOf(entry);
    const run = state.busy.then(async (): Promise<ServerRound> => {
      if (o.widen && state.current) widen(state.search, state.current.search.components);
      const center = o.center ?? entry.room.sliders();
      const { model } = entry.renderer;
      const anchors = anchorsOf(entry);
      // the search goes on from where the last picks left it, unless the face has changed since
      const point =
        state.given && same(state.given.face, center) ? state.given.point : searchPoint(center, anchors, free);
      const round = searchRound(
        state.search,
        point,
        free,
        model.faceSpace.explainedVarianceRatio,
        createRng(randomInt(2 ** 32)),
      );
      // each face shown plausible; the current face as it is
      const shownFaces = round.faces.map((f, i) =>
        i === round.current ? Float64Array.from(center) : shownFace(f, anchors, free),
      );
      // all nine are queued before the scheduler runs: one decode
      const encoded = await Promise.all(
        shownFaces.map((f) => entry.renderer.scheduler.encoded(f, settings.blur !== "off")),
      );
      state.round++;
      state.shown += round.faces.length;
      // a witness session's record holds every face shown (a plain room has no record)
      await this.record.appendIfRecording(entry.room.id, {
        kind: "array:shown",
        ...actorOf(session),
        data: {
          round: state.round,
          components: round.components,
          steps: round.steps,
          current: round.current,
          faces: shownFaces.map((f) => Array.from(f)),
        },
      });
      const sent: ServerRound = {
        roomId: entry.room.id,
        round: state.round,
        components: round.components,
        steps: round.steps,
        center: Array.from(center),
        faces: encoded.map(({ jpeg, blurred }, i) => ({
          sliders: Array.from(shownFaces[i] as Float64Array),
          jpeg,
          blurred,
        })),
        shown: state.shown,
        blur: settings.blur,
      };
      state.current = { search: round, shown: shownFaces, sent };
      return sent;
    });
    state.busy = run.catch(() => undefined);
    return run;
  }

  /**
   * The witness's choice in the current round: up to three faces, the closest first (none: "none of
   * these"). Answers the face they make, which the next round varies around.
   */
  async pick(entry: LiveRoom, session: Session, round: number, picks: readonly number[]): Promise<ArrayPicked> {
    const state = await this.stateOf(entry);
    await state.busy;
    const current = state.current;
    if (!current || round !== state.round)
      throw new ArrayError(`round ${round} is over: the array shows round ${state.round}`);
    const point = afterPicks(state.search, current.search, picks);
    // one face picked: that face as shown; several: their mean, made plausible as every face shown is
    const face =
      picks.length === 1
        ? (current.shown[picks[0] as number] as Float64Array)
        : shownFace(point, anchorsOf(entry), freeComponents(entry));
    const sliders = picks.length > 0 ? Array.from(face) : null;
    state.given = picks.length > 0 ? { face, point } : state.given;
    state.current = null;
    await this.record.appendIfRecording(entry.room.id, {
      kind: "array:pick",
      ...actorOf(session),
      data: { round, picks: [...picks], sliders },
    });
    return { roomId: entry.room.id, round, picks: [...picks], sliders };
  }

  forget(roomId: string): void {
    this.rooms.delete(roomId);
  }
}
