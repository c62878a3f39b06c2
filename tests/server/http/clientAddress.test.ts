import { afterEach, describe, expect, it } from "vitest";
import { clientAddressOf, parseTrustProxy } from "../../../server/http/clientAddress";
import { type Live, type LiveOptions, startLiveServer } from "../../helpers/liveServer";

let live: Live | undefined;
afterEach(async () => {
  await live?.close();
  live = undefined;
});

/** Statuses of room creations sent with these X-Forwarded-For headers, in order. */
async function createRooms(options: LiveOptions, forwardedFor: string[]): Promise<number[]> {
  live = await startLiveServer({ roomsPerMinute: 2, ...options });
  const statuses: number[] = [];
  for (const header of forwardedFor) {
    const res = await fetch(`${live.server.url}/api/rooms`, {
      method: "POST",
      body: JSON.stringify({ name: "proxied" }),
      headers: { "content-type": "application/json", "x-forwarded-for": header },
    });
    await res.arrayBuffer();
    statuses.push(res.status);
  }
  return statuses;
}

describe("client address behind a reverse proxy", () => {
  it("counts each forwarded client on its own when the proxy is trusted", async () => {
    const statuses = await createRooms({ trustProxy: ["loopback"] }, [
      "203.0.113.1",
      "203.0.113.1",
      "203.0.113.1",
      "203.0.113.2",
    ]);
    expect(statuses).toEqual([201, 201, 429, 201]);
  });

  it("ignores X-Forwarded-For from an untrusted peer: a client cannot pick a fresh address", async () => {
    const statuses = await createRooms({}, ["203.0.113.1", "203.0.113.2", "203.0.113.3"]);
    expect(statuses).toEqual([201, 201, 429]);
  });

  it("takes the address the trusted proxy saw, not one the client wrote before it", async () => {
    // the client sent "X-Forwarded-For: 198.51.100.x" itself; the proxy appended the real address
    const statuses = await createRooms({ trustProxy: ["127.0.0.1"] }, [
      "198.51.100.1, 203.0.113.1",
      "198.51.100.2, 203.0.113.1",
      "203.0.113.2",
      "198.51.100.3, 203.0.113.1",
    ]);
    // the leftmost address would give every request its own bucket; the proxy's own would refuse the third
    expect(statuses).toEqual([201, 201, 201, 429]);
  });

  it("names a trusted-proxy entry it cannot parse", () => {
    expect(() => clientAddressOf(["10.0.0.0/8", "proxy.example"])).toThrow(/trusted proxies: .*proxy\.example/);
    expect(parseTrustProxy(" loopback, 10.0.0.0/8 ,")).toEqual(["loopback", "10.0.0.0/8"]);
    expect(parseTrustProxy(undefined)).toEqual([]);
  });
});
