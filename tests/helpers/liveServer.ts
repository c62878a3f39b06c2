/** A real Likeness server on a random port, serving the tiny test model, plus real clients for it. */
import sharp from "sharp";
import { io as connectSocket, type Socket } from "socket.io-client";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { slidersToCode } from "../../lib/faceSpace";
import { EVENTS, type FrameMessage } from "../../lib/frameProtocol";
import { createLikenessServer, type LikenessServer, type LikenessServerOptions } from "../../server/createServer";
import { type LoadedModel, loadModel } from "../../server/model/artifact/modelArtifact";
import { createDecoderRuntime } from "../../server/model/runtime/createRuntime";
import type { DecoderRuntime } from "../../server/model/runtime/decoderRuntime";
import { tinyModelDir } from "./tinyModel";

export interface Live {
  server: LikenessServer;
  model: LoadedModel;
  runtime: DecoderRuntime;
  close(): Promise<void>;
}

/** Server options beside the model: rooms and snapshots in a real database (none by default: rooms live in
 * memory only), limits, trusted proxies. */
export type LiveOptions = Pick<
  LikenessServerOptions,
  "store" | "snapshots" | "roomsPerMinute" | "trustProxy" | "rooms" | "limits" | "yjsLimits" | "authorize" | "fallback"
>;

export async function startLiveServer(options: LiveOptions = {}): Promise<Live> {
  const model = await loadModel(await tinyModelDir());
  const runtime = await createDecoderRuntime(model.manifest.architecture, model.weights, {
    backend: "onnx-cpu",
    threads: 1,
  });
  const server = await createLikenessServer({ port: 0, host: "127.0.0.1", model, runtime, ...options });
  return {
    server,
    model,
    runtime,
    async close() {
      await server.close();
      await runtime.dispose();
    },
  };
}

const baseUrl = (target: Live | string) => (typeof target === "string" ? target : target.server.url);

export async function createRoom(target: Live | string, name = "test"): Promise<string> {
  const res = await fetch(`${baseUrl(target)}/api/rooms`, {
    method: "POST",
    body: JSON.stringify({ name }),
    headers: { "content-type": "application/json" },
  });
  if (res.status !== 201) throw new Error(`room creation failed: ${res.status}`);
  return ((await res.json()) as { id: string }).id;
}

export function yjsClient(
  target: Live | string,
  roomId: string,
): { doc: Y.Doc; provider: WebsocketProvider; synced: Promise<void> } {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${baseUrl(target).replace("http", "ws")}/yjs`, roomId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
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

export function frameClient(live: Live, roomId: string, { ack = true } = {}): FrameClient {
  const socket = connectSocket(live.server.url, { transports: ["websocket"], forceNew: true });
  const frames: FrameMessage[] = [];
  const waiters: { predicate: (f: FrameMessage) => boolean; resolve: (f: FrameMessage) => void }[] = [];
  socket.on("connect", () => socket.emit(EVENTS.join, { roomId }));
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

/** Mean absolute difference (0..255) between a frame's JPEG and the decoder's image of the given sliders. */
export async function frameError(live: Live, frame: FrameMessage, sliders: ArrayLike<number>): Promise<number> {
  const { width, height } = live.model.manifest.image;
  const expected = await live.runtime.decode(slidersToCode(live.model.faceSpace, sliders), 1);
  const { data } = await sharp(Buffer.from(frame.jpeg)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let sum = 0;
  for (let i = 0; i < width * height * 3; i++) sum += Math.abs((data[i] as number) - (expected[i] as number) * 255);
  return sum / (width * height * 3);
}

export const until = async (condition: () => boolean | Promise<boolean>, timeoutMs = 10_000) => {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
};
