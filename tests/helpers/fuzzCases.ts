/**
 * Hostile and malformed inputs for the fuzz suite, drawn from a seeded generator: Yjs protocol messages
 * (sync and awareness), socket.io events and HTTP requests. Each generator returns one case.
 */
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { pick, type Rng } from "../../lib/random";
import { sliderKey } from "../../lib/roomDocument";
import { type AwarenessEntry, writeAwareness } from "../../server/rooms/yjsProtocol";

const bytes = (rng: Rng, n: number) => Uint8Array.from({ length: n }, () => Math.floor(rng() * 256));
const int = (rng: Rng, n: number) => Math.floor(rng() * n);

/** A value a slider may hold, or one it may not. */
function sliderValue(rng: Rng): unknown {
  return pick(rng, [
    () => (rng() - 0.5) * 10,
    () => Number.NaN,
    () => Number.POSITIVE_INFINITY,
    () => 8.6e303,
    () => -1e308,
    () => "1",
    () => null,
    () => ({ nested: true }),
    () => [1, 2],
    () => 5.000001,
  ])();
}

function sliderName(rng: Rng, latent: number): string {
  return pick(rng, [
    () => sliderKey(int(rng, latent)),
    () => sliderKey(int(rng, latent)),
    () => sliderKey(latent + int(rng, 1000)),
    () => "s01",
    () => "__proto__",
    () => "x".repeat(int(rng, 3000)),
  ])();
}

/** The Yjs update a fresh client document would send after `change`. */
function updateOf(change: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  change(doc);
  return Y.encodeStateAsUpdate(doc);
}

function syncMessage(sub: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, sub);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

function awarenessMessage(entries: AwarenessEntry[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint8Array(e, writeAwareness(entries));
  return encoding.toUint8Array(e);
}

function presence(rng: Rng): string {
  return pick(rng, [
    () => JSON.stringify({ user: { name: "Ada", color: "#112233" }, dragging: int(rng, 80) }),
    () => JSON.stringify({ user: { name: "x".repeat(int(rng, 5000)), color: "#112233" } }),
    () => JSON.stringify({ user: { name: "Ada", color: "red" } }),
    () => JSON.stringify({ dragging: -1 }),
    () => JSON.stringify({ admin: true }),
    () => JSON.stringify(null),
    () => "{not json",
    () => JSON.stringify([1, 2, 3]),
  ])();
}

export type YjsCase =
  | { kind: "message"; name: string; data: Uint8Array }
  | { kind: "text"; name: string; data: string }
  | { kind: "oversized" }
  | { kind: "unmasked" };

/** One Yjs-protocol case for a room of `latent` sliders whose state is `roomState`. */
export function yjsCase(rng: Rng, latent: number, roomState: Uint8Array): YjsCase {
  const r = rng();
  if (r < 0.005) return { kind: "oversized" };
  if (r < 0.01) return { kind: "unmasked" };
  if (r < 0.02) return { kind: "text", name: "text frame", data: "hello" };
  const update = (name: string, change: (doc: Y.Doc) => void) =>
    ({ kind: "message", name, data: syncMessage(pick(rng, [1, 2]), updateOf(change)) }) as const;
  return pick(rng, [
    () => ({ kind: "message", name: "random bytes", data: bytes(rng, int(rng, 200)) }) as const,
    () => ({ kind: "message", name: "unknown type", data: Uint8Array.of(7, 0, 0) }) as const,
    () => ({ kind: "message", name: "unknown sync", data: syncMessage(9, bytes(rng, 10)) }) as const,
    () => ({ kind: "message", name: "sync step 1 garbage", data: syncMessage(0, bytes(rng, int(rng, 40))) }) as const,
    () =>
      update("valid set", (d) =>
        d.getArray("sliders").push([{ key: sliderKey(int(rng, latent)), val: (rng() - 0.5) * 9 }]),
      ),
    () =>
      update("any set", (d) => d.getArray("sliders").push([{ key: sliderName(rng, latent), val: sliderValue(rng) }])),
    () =>
      update("duplicate-key bloat", (d) =>
        d.getArray("sliders").push(Array.from({ length: 3060 }, (_, j) => ({ key: sliderKey(j % latent), val: 0.5 }))),
      ),
    () => update("extra field", (d) => d.getArray("sliders").push([{ key: sliderKey(0), val: 1, more: "x" }])),
    () => update("unknown shared type", (d) => d.getMap(`t${int(rng, 5)}`).set("x", "y".repeat(int(rng, 1000)))),
    () => update("map entries on the array", (d) => d.getMap("sliders").set("junk", "x")),
    () => update("text in the array", (d) => d.getText("sliders").insert(0, "abc")),
    () => {
      const data = syncMessage(
        2,
        updateOf((d) => d.getArray("sliders").push([{ key: sliderKey(1), val: 1 }])),
      );
      return { kind: "message", name: "truncated update", data: data.slice(0, 3 + int(rng, data.length - 3)) } as const;
    },
    () => {
      // a change that builds on changes the room never received
      const doc = new Y.Doc();
      Y.applyUpdate(doc, roomState);
      doc.getArray("sliders").push([{ key: sliderKey(2), val: 1 }]);
      const before = Y.encodeStateVector(doc);
      doc.getArray("sliders").push([{ key: sliderKey(3), val: 1 }]);
      return {
        kind: "message",
        name: "missing structs",
        data: syncMessage(2, Y.encodeStateAsUpdate(doc, before)),
      } as const;
    },
    () =>
      ({
        kind: "message",
        name: "presence",
        data: awarenessMessage(
          Array.from({ length: 1 + int(rng, 3) }, () => ({
            clientId: int(rng, 2 ** 30),
            clock: int(rng, 100),
            json: presence(rng),
          })),
        ),
      }) as const,
    () =>
      ({
        kind: "message",
        name: "many presences",
        data: awarenessMessage(
          Array.from({ length: 70 }, (_, i) => ({ clientId: i + 1, clock: 1, json: presence(rng) })),
        ),
      }) as const,
  ])();
}

/** A syncing client's opening message: answered by the server's sync step 2, so a case is known processed. */
export const syncStep1 = (() => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  syncProtocol.writeSyncStep1(e, new Y.Doc());
  return encoding.toUint8Array(e);
})();

export interface SocketIoCase {
  event: string;
  payload: unknown;
}

export function socketIoCase(rng: Rng, roomId: string): SocketIoCase {
  return pick(rng, [
    () => ({ event: "room:join", payload: { roomId } }),
    () => ({ event: "room:join", payload: { roomId: "x".repeat(int(rng, 100)) } }),
    () => ({ event: "room:join", payload: pick(rng, [null, 5, "room", [roomId], { roomId, extra: 1 }]) }),
    () => ({ event: "frame:ack", payload: { seq: pick(rng, [-1, 1.5, 2 ** 60, "1", int(rng, 1000)]) } }),
    () => ({ event: "frame:ack", payload: null }),
    () => ({ event: `unknown:${int(rng, 10)}`, payload: "x".repeat(int(rng, 2000)) }),
    () => ({ event: "room:join", payload: "y".repeat(20_000) }),
  ])();
}

export interface HttpCase {
  method: string;
  path: string;
  body?: string;
}

export function httpCase(rng: Rng, roomId: string): HttpCase {
  const id = pick(rng, [roomId, roomId, "AAAAAAAAAAAAAAAAAAAAAA", "%ZZ", "..%2F..", "x".repeat(300), "%00"]);
  const path = pick(rng, [
    "/api/rooms",
    `/api/rooms/${id}`,
    `/api/rooms/${id}/face.png?scale=${pick(rng, ["1", "9", "-1", "abc", "2"])}`,
    `/api/rooms/${id}/random-face`,
    `/api/rooms/${id}/snapshots`,
    `/api/rooms/${id}/snapshots/${pick(rng, ["abc", "%ZZ", "x".repeat(40)])}`,
    `/api/rooms/${id}/snapshots/abc/thumbnail.jpg`,
    "/api/health",
    "/api/nothing",
    `/rooms/${id}`,
    "//",
  ]);
  const body = pick(rng, [
    "",
    "{}",
    JSON.stringify({ name: "x".repeat(int(rng, 120)) }),
    JSON.stringify({ name: 5, extra: true }),
    "{not json",
    "z".repeat(5000),
  ]);
  return { method: pick(rng, ["GET", "POST", "DELETE", "PUT", "PATCH", "HEAD"]), path, body: body || undefined };
}
