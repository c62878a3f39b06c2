import { describe, expect, it } from "vitest";
import { roomOfRequest } from "../../../server/cluster/roomOfRequest";

const ROOM = "AbCdEfGhIjKlMnOpQrStUv";
const of = (path: string) => roomOfRequest(new URL(path, "http://x"));

describe("which room a request names", () => {
  it("reads the room from the Yjs socket, the frame socket, the room API and the room page", () => {
    expect(of(`/yjs/${ROOM}`)).toBe(ROOM);
    expect(of(`/socket.io/?EIO=4&transport=websocket&room=${ROOM}`)).toBe(ROOM);
    expect(of(`/api/rooms/${ROOM}`)).toBe(ROOM);
    expect(of(`/api/rooms/${ROOM}/snapshots/xyz`)).toBe(ROOM);
    expect(of(`/rooms/${ROOM}`)).toBe(ROOM);
  });

  it("names no room for everything else, or for what is not a room id", () => {
    for (const path of [
      "/",
      "/api/rooms",
      "/admin",
      "/api/admin/models",
      "/socket.io/?EIO=4",
      "/yjs/short",
      `/x/${ROOM}`,
    ])
      expect(of(path)).toBeUndefined();
  });
});
