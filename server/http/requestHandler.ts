/**
 * Every HTTP request, in order: the security headers, a request id (a proxy's own when sane, else a
 * new one) in the answer and in the log, the per-address limit, 400 for a path that does not decode,
 * then the API and room pages (`api`), then the web app for GET and HEAD (any other method on a page
 * is 405). A failure is answered with its status; a 500 is a bug, logged with its stack and id.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiError } from "../../lib/api/apiError";
import { ROOM_HEADER } from "../../lib/roomInfo";
import type { Log } from "../operations/logger";
import { throttledLog } from "../operations/throttledLog";
import { PerClientLimiter } from "../rooms/rateLimiter";
import type { ClientAddress } from "./clientAddress";
import { HttpError } from "./readJsonBody";
import { requestUrl, wellEscaped } from "./requestUrl";
import { securityHeaders, setHeaders } from "./securityHeaders";
import { messageOf, sendError, statusOf } from "./sendError";
import { sendJson } from "./sendJson";
import type { ServerLimits } from "./serverLimits";

/** Names each HTTP request in the log and in its answer. */
export const REQUEST_ID_HEADER = "x-request-id";

export interface RequestHandlerDeps {
  /** the API and the room pages' guard: resolves true when it answered */
  api(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean>;
  clientAddress: ClientAddress;
  limits: Pick<ServerLimits, "requestsPerSecond" | "requestBurst">;
  /** development: hot reload's own requests reach the web app whatever their method */
  dev: boolean;
  /** the web app (Next.js); 404 when absent */
  fallback?: (req: IncomingMessage, res: ServerResponse) => void;
  log: Log;
  /** told each answer's status (the operators' metrics) */
  answered(status: number): void;
}

export function requestHandler(d: RequestHandlerDeps) {
  const requests = new PerClientLimiter(d.limits.requestsPerSecond, d.limits.requestBurst);
  const headers = securityHeaders(d.dev);
  const failed = throttledLog(d.log, "failed requests");
  return (req: IncomingMessage, res: ServerResponse) => {
    setHeaders(res, headers);
    res.once("finish", () => d.answered(res.statusCode));
    // only the server says which room a page shows
    delete req.headers[ROOM_HEADER];
    const path = requestUrl(req)?.pathname;
    const given = req.headers[REQUEST_ID_HEADER];
    const requestId = typeof given === "string" && /^[\w.:-]{1,80}$/.test(given) ? given : randomUUID();
    res.setHeader(REQUEST_ID_HEADER, requestId);
    if (path === undefined) return sendError(res, "/", 400, "malformed request URL");
    if (!requests.take(d.clientAddress(req))) return sendError(res, path, 429, "too many requests; slow down");
    if (!wellEscaped(path))
      return sendError(
        res,
        path,
        400,
        "This link is malformed (a percent-escape that does not decode): check that it was copied whole.",
      );
    d.api(req, res, path)
      .then((handled) => {
        if (handled) return;
        if (path.startsWith("/api/")) throw new HttpError(404, "no such API route");
        // pages and their files are read, never posted to (the web app has no server actions)
        if (!d.dev && req.method !== "GET" && req.method !== "HEAD") {
          res.setHeader("allow", "GET, HEAD");
          throw new HttpError(405, `method ${req.method} not allowed here; allowed: GET, HEAD`);
        }
        if (d.fallback) d.fallback(req, res);
        else sendJson<ApiError>(res, 404, { error: "not found" });
      })
      .catch((error: unknown) => {
        const status = statusOf(error);
        if (status === 500)
          failed(`request failed: ${(error as Error).stack}`, "error", { requestId, method: req.method, path });
        if (!res.headersSent) sendError(res, path, status, status === 500 ? "internal error" : messageOf(error));
      });
  };
}
