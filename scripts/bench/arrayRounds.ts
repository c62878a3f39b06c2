/**
 * Face array rounds of the rooms benchmark: one room, one client asking, rounds one after another, from
 * the request to all nine faces received, against one face rendered alone (POST preview.jpg) in the same
 * run.
 */
import { io as connectSocket } from "socket.io-client";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { ARRAY_EVENTS } from "../../lib/arrayProtocol";
import { EVENTS } from "../../lib/frameProtocol";
import { percentile, type ServerLaunch, startServer, stopServer } from "./serverProcess";

/**
 * Face array rounds in one room (one client asking), and single faces as the baseline, alternated; with
 * `blur` the room's artist turns the blur on for everyone first (every face is then also blurred).
 */
export async function arrayRun(launch: ServerLaunch, n: number, blur: boolean) {
  const { url, child } = await startServer(launch, "memory");
  const created = await (await fetch(`${url}/api/rooms`, { method: "POST", body: "{}" })).json();
  const { id, key } = created as { id: string; key: string };
  if (blur) {
    const doc = new Y.Doc();
    const artist = new WebsocketProvider(`${url.replace("http", "ws")}/yjs`, id, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      params: { k: key },
    });
    await new Promise<void>((done) => artist.once("sync", () => done()));
    doc.getMap("session").set("blur", "everyone");
    await new Promise((r) => setTimeout(r, 300));
    artist.destroy();
  }
  const socket = connectSocket(url, { transports: ["websocket"], forceNew: true });
  await new Promise<void>((done) => {
    socket.once(EVENTS.joined, () => done());
    socket.on("connect", () => socket.emit(EVENTS.join, { roomId: id }));
  });
  const rounds: number[] = [];
  const singles: number[] = [];
  const sliders = new Array(80).fill(0);
  for (let i = 0; i < n + 3; i++) {
    let t = performance.now();
    await new Promise<void>((done) => {
      socket.once(ARRAY_EVENTS.round, () => done());
      socket.emit(ARRAY_EVENTS.show, {});
    });
    // the first rounds warm the decoder up
    if (i >= 3) rounds.push(performance.now() - t);
    t = performance.now();
    sliders[0] = Math.random() * 2 - 1;
    const res = await fetch(`${url}/api/rooms/${id}/preview.jpg`, {
      method: "POST",
      body: JSON.stringify({ sliders }),
    });
    await res.arrayBuffer();
    if (i >= 3) singles.push(performance.now() - t);
  }
  socket.close();
  await stopServer(child);
  rounds.sort((a, b) => a - b);
  singles.sort((a, b) => a - b);
  return {
    rounds: n,
    blur,
    p50: percentile(rounds, 50),
    p95: percentile(rounds, 95),
    singleFaceP50: percentile(singles, 50),
    ratioToSingleFace: percentile(rounds, 50) / percentile(singles, 50),
  };
}
