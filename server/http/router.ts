/**
 * A route table: each route a path pattern and its handlers by method. A path that matches a route with
 * another method gets 405 and the Allow header; HEAD is served by the GET handler (Node sends no body).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { HttpError } from "./readJsonBody";
import { decodeSegment } from "./requestUrl";

/** `params` are the pattern's groups, percent-decoded (undefined for a group that did not take part). */
export type Handler = (req: IncomingMessage, res: ServerResponse, params: (string | undefined)[]) => Promise<void>;

export interface Route {
  pattern: RegExp;
  methods: Partial<Record<"GET" | "POST" | "DELETE", Handler>>;
}

/** Handles a request whose path matches a route (resolves true), or resolves false. */
export function router(routes: Route[]) {
  return async (req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> => {
    for (const route of routes) {
      const m = route.pattern.exec(path);
      if (!m) continue;
      const method = req.method === "HEAD" ? "GET" : req.method;
      const handler = route.methods[method as keyof Route["methods"]];
      if (!handler) {
        const allow = Object.keys(route.methods).flatMap((k) => (k === "GET" ? ["GET", "HEAD"] : [k]));
        res.setHeader("allow", allow.join(", "));
        throw new HttpError(405, `method ${req.method} not allowed here; allowed: ${allow.join(", ")}`);
      }
      await handler(
        req,
        res,
        m.slice(1).map((p) => (p === undefined ? undefined : decodeSegment(p))),
      );
      return true;
    }
    return false;
  };
}
