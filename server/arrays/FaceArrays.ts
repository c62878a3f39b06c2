/**
 * The face array of each room: its search (faceArray.ts), the round on screen, the faces shown so far,
 * and in a witness session every round and pick written to its record. A round's faces are decoded
 * together, in one batch of the room's model version's scheduler, and sent as JPEGs to everyone in the
 * room; the round stays on hand for whoever joins while it is on screen.
 */
import { randomInt } from "node:crypto";
import { heldComponents } from "../../facemodel/heldComponents";
import { ARRAY_SIZE, type ArrayPicked, type ArrayRound } from "../../lib/arrayProtocol";
import { createRng } from "../../lib/random";
import { type BlurMode, readSessionSettings, type SessionSettings } from "../../lib/sessionSettings";
import { actorOf } from "../record/recordHooks";
import type { SessionRecord } from "../record/SessionRecord";
import type { LiveRoom } from "../rooms/LiveRoom";
import type { Action, Session } from "../sessions/session";
import { afterPicks, newSearch, type Search, type SearchRound, searchDepth, searchRound, widen } from "./faceArray";

export class ArrayError extends Error {}

/** A round as the server holds it: each face also blurred when the session blurs the external features. */
export type ServerRound = Omit<ArrayRound, "faces"> & {
  faces: (ArrayRound["faces"][number] & { blurred?: Buffer })[];
  blur: BlurMode;
};

interface RoomArray {
  round: number;
  search: Search;
  /** the round on screen: its search data and the round as sent */
  current: { search: SearchRound; sent: ServerRound } | null;
  /** faces shown in this room so far */
  shown: number;
  /** a round being rendered: the next request waits for it */
  busy: Promise<unknown>;
}

/** The components the array may move in a room: not locked, and not held unless the artist freed them. */
export function freeComponents(entry: LiveRoom, settings: SessionSettings): number[] {
  const held = settings.arrayBackground ? new Set<number>() : heldComponents(entry.renderer.model.manifest.components);
  return Array.from({ length: entry.room.latent }, (_, k) => k).filter((k) => !settings.locks.has(k) && !held.has(k));
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
    const free = freeComponents(entry, settings);
    if (free.length < 2) throw new ArrayError("the array needs two sliders it may move: every other one is locked");
    const state = await this.stateOf(entry);
    const run = state.busy.then(async (): Promise<ServerRound> => {
      if (o.widen && state.current) widen(state.search, state.current.search.components);
      const center = o.center ?? entry.room.sliders();
      const { model } = entry.renderer;
      // the leading components only: the smaller ones hold each training portrait's own details, and varied
      // they patch and smear the face
      const depth = searchDepth(model.faceSpace.explainedVarianceRatio);
      const searched = free.filter((k) => k < depth);
      const round = searchRound(
        state.search,
        center,
        searched.length >= 2 ? searched : free,
        model.faceSpace.explainedVarianceRatio,
        createRng(randomInt(2 ** 32)),
      );
      // all nine are queued before the scheduler runs: one decode
      const encoded = await Promise.all(
        round.faces.map((f) => entry.renderer.scheduler.encoded(f, settings.blur !== "off")),
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
          faces: round.faces.map((f) => Array.from(f)),
        },
      });
      const sent: ServerRound = {
        roomId: entry.room.id,
        round: state.round,
        components: round.components,
        steps: round.steps,
        center: Array.from(center),
        faces: encoded.map(({ jpeg, blurred }, i) => ({
          sliders: Array.from(round.faces[i] as Float64Array),
          jpeg,
          blurred,
        })),
        shown: state.shown,
        blur: settings.blur,
      };
      state.current = { search: round, sent };
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
    const next = afterPicks(state.search, current.search, picks);
    const sliders = picks.length > 0 ? Array.from(next) : null;
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
