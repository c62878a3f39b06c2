/** A real Likeness server on a random port, serving the tiny test model, plus real clients for it. */
import sharp from "sharp";
import { io as connectSocket, type Socket } from "socket.io-client";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { type LoadedModel, loadModel } from "../../facemodel/artifact/modelArtifact";
import { modelOpener } from "../../facemodel/openModel";
import { EVENTS, type FrameMessage } from "../../lib/frameProtocol";
import { createLikenessServer, type LikenessServer } from "../../server/createServer";
import { ModelRegistry } from "../../server/render/ModelRegistry";
import type { LikenessServerOptions } from "../../server/serverOptions";
import { tinyModelDir } from "./tinyModel";

export interface Live {
  server: LikenessServer;
  /** the active model at start */
  model: LoadedModel;
  close(): Promise<void>;
}

/** The tiny model's registry, plus any other versions' folders (by version) a test registers. */
export async function tinyModels(
  others: Record<string, string> = {},
): Promise<{ models: ModelRegistry; model: LoadedModel }> {
  const model = await loadModel(await tinyModelDir());
  const dirs = new Map([[model.manifest.version, model.dir], ...Object.entries(others)]);
  const open = modelOpener(async (version) => dirs.get(version), { backend: "onnx-cpu", threads: 1 });
  return { models: new ModelRegistry(open, model.manifest.version), model };
}

/** Server options beside the model: rooms and snapshots in a real database (none by default: rooms live in
 * memory only), limits, trusted proxies. */
export type LiveOptions = Pick<
  LikenessServerOptions,
  | "store"
  | "snapshots"
  | "links"
  | "record"
  | "admin"
  | "roomsPerMinute"
  | "trustProxy"
  | "rooms"
  | "limits"
  | "yjsLimits"
  | "authorize"
  | "fallback"
  | "log"
  | "metricsPort"
  | "readiness"
>;

export async function startLiveServer(
  options: LiveOptions = {},
  registry?: Awaited<ReturnType<typeof tinyModels>>,
): Promise<Live> {
  const { models, model } = registry ?? (await tinyModels());
  const server = await createLikenessServer({ port: 0, host: "127.0.0.1", models, ...options });
  return { server, model, close: () => server.close() };
}

const baseUrl = (target: Live | string) => (typeof target === "string" ? target : target.server.url);

/** A new room: its id (the plain link) and its creator's artist link token. */
export async function createRoomWithKey(target: Live | string, name = "test"): Promise<{ id: string; key: string }> {
  const res = await fetch(`${baseUrl(target)}/api/rooms`, {
    method: "POST",
    body: JSON.stringify({ name }),
    headers: { "content-type": "application/json" },
  });
  if (res.status !== 201) throw new Error(`room creation failed: ${res.status}`);
  return (await res.json()) as { id: string; key: string };
}

export async function createRoom(target: Live | string, name = "test"): Promise<string> {
  return (await createRoomWithKey(target, name)).id;
}

/** `key`: the token of the link the client comes with (none: the room's plain link). */
export function yjsClient(
  target: Live | string,
  roomId: string,
  key?: string,
): { doc: Y.Doc; provider: WebsocketProvider; synced: Promise<void> } {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${baseUrl(target).replace("http", "ws")}/yjs`, roomId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: key ? { k: key } : {},
  });
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    else provider.once("sync", () => resolve());
  });
  return { doc, provider, synced };
}

export interface FrameClient {
  socket: Socket;
  frames: FrameMessage[];
  /** resolves with the first frame that satisfies the predicate */
  waitFor(predicate: (f: FrameMessage) => boolean, timeoutMs?: number): Promise<FrameMessage>;
}

export function frameClient(
  target: Live | string,
  roomId: string,
  { ack = true, key }: { ack?: boolean; key?: string } = {},
): FrameClient {
  // the room in the URL as the page puts it (several instances route the connection by it)
  const socket = connectSocket(baseUrl(target), { query: { room: roomId }, transports: ["websocket"], forceNew: true });
  const frames: FrameMessage[] = [];
  const waiters: { predicate: (f: FrameMessage) => boolean; resolve: (f: FrameMessage) => void }[] = [];
  socket.on("connect", () => socket.emit(EVENTS.join, key ? { roomId, key } : { roomId }));
  socket.on(EVENTS.frame, (frame: FrameMessage) => {
    frames.push(frame);
    for (const w of [...waiters])
      if (w.predicate(frame)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(frame);
      }
    if (ack) socket.emit(EVENTS.frameAck, { seq: frame.seq });
  });
  return {
    socket,
    frames,
    waitFor(predicate, timeoutMs = 15_000) {
      const seen = frames.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no matching frame in time")), timeoutMs);
        waiters.push({
          predicate,
          resolve: (f) => {
            clearTimeout(timer);
            resolve(f);
          },
        });
      });
    },
  };
}

/** Mean absolute difference (0..255) between a frame's JPEG and its model version's image of the given sliders. */
export async function frameError(live: Live, frame: FrameMessage, sliders: ArrayLike<number>): Promise<number> {
  const renderer = await live.server.models.acquire(frame.modelVersion);
  const { width, height } = renderer.model.manifest.image;
  const expected = await renderer.scheduler
    .face(Float64Array.from(sliders))
    .finally(() => live.server.models.release(frame.modelVersion));
  const { data } = await sharp(Buffer.from(frame.jpeg)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let sum = 0;
  for (let i = 0; i < width * height * 3; i++) sum += Math.abs((data[i] as number) - (expected[i] as number));
  return sum / (width * height * 3);
}

export const until = async (condition: () => boolean | Promise<boolean>, timeoutMs = 10_000) => {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
};
