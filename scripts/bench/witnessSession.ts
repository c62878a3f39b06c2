/**
 * One simulated witness session against a real server: a fresh room set to the neutral face (the start
 * the artist's panel offers: facemodel/randomFace neutralFace), then face array rounds over socket.io, the witness seeing each round's JPEGs and ticking
 * faces; the face the picks make is recorded after every round. `protocol: "index"` speaks to servers from
 * before several picks (one index per pick), to measure them in the same run.
 */
import sharp from "sharp";
import { io as connectSocket, type Socket } from "socket.io-client";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { ARRAY_EVENTS, type ArrayPicked, type ArrayRound } from "../../lib/arrayProtocol";
import { EVENTS } from "../../lib/frameProtocol";
import type { Rng } from "../../lib/random";
import { sliderKey, sliderStore } from "../../lib/roomDocument";
import { featureDistance, type WitnessKind, witnessChoice, witnessFeatures } from "./simulatedWitness";

export type PickProtocol = "picks" | "index";

export interface SessionOptions {
  url: string;
  protocol: PickProtocol;
  width: number;
  height: number;
  rounds: number;
  /** the face the session starts from */
  start: Float64Array;
  /** told of every round the witness sees (its number, 1 on) */
  onRound?: (round: ArrayRound, r: number) => void;
}

/** A new room set to `start` through its Yjs document. */
async function roomAt(url: string, start: Float64Array): Promise<{ id: string; key: string }> {
  const created = (await (await fetch(`${url}/api/rooms`, { method: "POST", body: "{}" })).json()) as {
    id: string;
    key: string;
  };
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${url.replace("http", "ws")}/yjs`, created.id, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { k: created.key },
  });
  await new Promise<void>((done) => provider.once("sync", () => done()));
  doc.transact(() => {
    start.forEach((v, k) => {
      sliderStore(doc).set(sliderKey(k), v);
    });
  });
  // the update is on its way once the socket's buffer is empty; the server applies it at once
  await new Promise((r) => setTimeout(r, 300));
  provider.destroy();
  return created;
}

const next = <T>(socket: Socket, event: string) => new Promise<T>((done) => socket.once(event, done));

/**
 * The face after each round (index 0: the start), and the faces shown. `remembered`: the witness's
 * features of the face they remember.
 */
export async function witnessSession(
  o: SessionOptions,
  kind: WitnessKind,
  remembered: Float64Array,
  rng: Rng,
): Promise<{ faces: Float64Array[]; shown: number }> {
  const { id, key } = await roomAt(o.url, o.start);
  const socket = connectSocket(o.url, { transports: ["websocket"], forceNew: true });
  try {
    const joined = next(socket, EVENTS.joined);
    socket.on("connect", () => socket.emit(EVENTS.join, { roomId: id, key }));
    await joined;
    const faces: Float64Array[] = [Float64Array.from(o.start)];
    let round = next<ArrayRound>(socket, ARRAY_EVENTS.round);
    socket.emit(ARRAY_EVENTS.show, {});
    let shown = 0;
    for (let r = 1; r <= o.rounds; r++) {
      const current = await round;
      shown = current.shown;
      o.onRound?.(current, r);
      const distances = await Promise.all(
        current.faces.map(async (f) => {
          const raw = await sharp(f.jpeg).removeAlpha().raw().toBuffer();
          return featureDistance(witnessFeatures(new Uint8Array(raw), o.width, o.height), remembered);
        }),
      );
      const picks = witnessChoice(kind, distances, rng);
      const picked = next<ArrayPicked>(socket, ARRAY_EVENTS.picked);
      round = next<ArrayRound>(socket, ARRAY_EVENTS.round);
      socket.emit(
        ARRAY_EVENTS.pick,
        o.protocol === "picks" ? { round: current.round, picks } : { round: current.round, index: picks[0] },
      );
      const { sliders } = await picked;
      faces.push(sliders ? Float64Array.from(sliders) : (faces.at(-1) as Float64Array));
    }
    await round;
    return { faces, shown };
  } finally {
    socket.close();
  }
}
