/**
 * The face array of each room: the current round (its faces, its spread), the faces shown so far, and
 * in a witness session every round and pick written to its record. A round's faces are decoded together, in one
 * batch of the room's model version's scheduler, and sent as JPEGs to everyone in the room.
 */
import { randomInt } from "node:crypto";
import { ARRAY_SIZE, type ArrayPicked, type ArrayRound } from "../../lib/arrayProtocol";
import { createRng } from "../../lib/random";
import { type BlurMode, readSessionSettings } from "../../lib/sessionSettings";
import { actorOf } from "../record/recordHooks";
import type { SessionRecord } from "../record/SessionRecord";
import type { LiveRoom } from "../rooms/LiveRoom";
import type { Action, Session } from "../sessions/session";
import { arrayCandidates, arrayComponents, FIRST_SPREAD, MAX_SPREAD, MIN_SPREAD, SHRINK } from "./faceArray";

export class ArrayError extends Error {}

/** A round as the server holds it: each face also blurred when the session blurs the external features. */
export type ServerRound = Omit<ArrayRound, "faces"> & {
  faces: (ArrayRound["faces"][number] & { blurred?: Buffer })[];
  blur: BlurMode;
};

interface RoomArray {
  round: number;
  spread: number;
  center: Float64Array;
  faces: Float64Array[];
  /** faces shown in this room so far */
  shown: number;
  /** a round being rendered: the next request waits for it */
  busy: Promise<unknown>;
}

export class FaceArrays {
  private readonly rooms = new Map<string, RoomArray>();

  constructor(
    private readonly record: SessionRecord,
    /** the one authorize function: whether a session may take an action */
    private readonly may: (session: Session, action: Action) => boolean,
  ) {}

  private async stateOf(roomId: string): Promise<RoomArray> {
    let state = this.rooms.get(roomId);
    if (!state) {
      // the count of faces shown survives a restart: it is in the record
      const entries = (await this.record.export(roomId)).entries;
      const shown = entries.filter((e) => e.kind === "array:shown").length * ARRAY_SIZE;
      state = this.rooms.get(roomId) ?? {
        round: 0,
        spread: FIRST_SPREAD,
        center: new Float64Array(),
        faces: [],
        shown,
        busy: Promise.resolve(),
      };
      this.rooms.set(roomId, state);
    }
    return state;
  }

  /**
   * A new round around the room's current face (or the face just picked). A session without
   * "array:unoffered" (the witness) may ask only when the artist turned the array on; `widen` spreads the
   * candidates wider again.
   */
  async show(entry: LiveRoom, session: Session, o: { widen?: boolean; center?: Float64Array } = {}) {
    const settings = readSessionSettings(entry.room.doc, entry.room.latent);
    if (!settings.array && !this.may(session, "array:unoffered"))
      throw new ArrayError("the artist has not turned the face array on");
    const components = arrayComponents(settings.witnessSliders, settings.locks);
    if (components.length === 0) throw new ArrayError("every slider the array varies is locked");
    const state = await this.stateOf(entry.room.id);
    const run = state.busy.then(async (): Promise<ServerRound> => {
      if (o.widen) state.spread = Math.min(MAX_SPREAD, state.spread / SHRINK);
      const center = o.center ?? entry.room.sliders();
      const faces = arrayCandidates(center, components, state.spread, createRng(randomInt(2 ** 32)));
      // all nine are queued before the scheduler runs: one decode
      const encoded = await Promise.all(faces.map((f) => entry.renderer.scheduler.encoded(f, settings.blur !== "off")));
      state.round++;
      state.center = center;
      state.faces = faces;
      state.shown += faces.length;
      // a witness session's record holds every face shown (a plain room has no record)
      await this.record.appendIfRecording(entry.room.id, {
        kind: "array:shown",
        ...actorOf(session),
        data: { round: state.round, spread: state.spread, components, faces: faces.map((f) => Array.from(f)) },
      });
      return {
        roomId: entry.room.id,
        round: state.round,
        spread: state.spread,
        components,
        faces: encoded.map(({ jpeg, blurred }, i) => ({
          sliders: Array.from(faces[i] as Float64Array),
          jpeg,
          blurred,
        })),
        shown: state.shown,
        blur: settings.blur,
      };
    });
    state.busy = run.catch(() => undefined);
    return run;
  }

  /** The witness's choice in the current round; the next round varies around it with a smaller spread. */
  async pick(entry: LiveRoom, session: Session, round: number, index: number | null): Promise<ArrayPicked> {
    const state = await this.stateOf(entry.room.id);
    await state.busy;
    if (round !== state.round) throw new ArrayError(`round ${round} is over: the array shows round ${state.round}`);
    const face = index === null ? null : (state.faces[index] ?? null);
    if (index !== null) state.spread = Math.max(MIN_SPREAD, state.spread * SHRINK);
    const sliders = face ? Array.from(face) : null;
    await this.record.appendIfRecording(entry.room.id, {
      kind: "array:pick",
      ...actorOf(session),
      data: { round, index, sliders },
    });
    return { roomId: entry.room.id, round, index, sliders };
  }

  /** The face a pick chose, to center the next round on. */
  picked(roomId: string, index: number): Float64Array | undefined {
    return this.rooms.get(roomId)?.faces[index];
  }

  forget(roomId: string): void {
    this.rooms.delete(roomId);
  }
}
