/**
 * Who sent a request, for the per-address limits. Behind a reverse proxy every request comes from the
 * proxy's address; naming the proxies in `trustProxy` (addresses, CIDR ranges, or "loopback",
 * "linklocal", "uniquelocal") takes the client's address from X-Forwarded-For instead, read from the
 * right and stopping at the first address that is not a trusted proxy, so a client cannot choose it.
 */
import type { IncomingMessage } from "node:http";
import proxyAddr from "proxy-addr";

export type ClientAddress = (req: IncomingMessage) => string;

/** Throws, naming the entry, for an address or range that cannot be parsed. */
export function clientAddressOf(trustProxy: readonly string[] = []): ClientAddress {
  let trust: ReturnType<typeof proxyAddr.compile>;
  try {
    trust = proxyAddr.compile([...trustProxy]);
  } catch (error) {
    throw new Error(`trusted proxies: ${(error as Error).message}`);
  }
  return (req) => (req.socket.remoteAddress === undefined ? "unknown" : proxyAddr(req, trust));
}

/** LIKENESS_TRUST_PROXY: a comma-separated list; empty or unset trusts no proxy. */
export const parseTrustProxy = (value: string | undefined): string[] =>
  (value ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);

/** Whether a request came over HTTPS: its own TLS socket, or a trusted proxy's X-Forwarded-Proto. */
export function secureRequestOf(trustProxy: readonly string[] = []): (req: IncomingMessage) => boolean {
  const trust = proxyAddr.compile([...trustProxy]);
  return (req) => {
    if ((req.socket as { encrypted?: boolean }).encrypted) return true;
    const peer = req.socket.remoteAddress;
    return peer !== undefined && trust(peer, 0) && req.headers["x-forwarded-proto"] === "https";
  };
}
