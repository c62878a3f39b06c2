/** Parses what a client put in a request line without letting a malformed one throw out of a listener. */
import type { IncomingMessage } from "node:http";
import { KEY_HEADER, KEY_PARAM } from "../../lib/roles";
import { HttpError } from "./readJsonBody";

/** The request's URL, or null when the request line does not hold one (e.g. `GET //`). */
export function requestUrl(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? "/", "http://localhost");
  } catch {
    return null;
  }
}

/** A percent-encoded path segment, decoded; a malformed escape (e.g. `%ZZ`) is the client's error. */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, "malformed percent-escape in the path");
  }
}

/** Whether every percent-escape in a path decodes (`%ZZ`, a bare `%` or `%C0%AF` do not). */
export function wellEscaped(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** A link's token from the request: its header (API calls) or its URL's query (pages, websockets). */
export function requestKey(req: IncomingMessage): string | null {
  const header = req.headers[KEY_HEADER];
  if (typeof header === "string" && header !== "") return header;
  return requestUrl(req)?.searchParams.get(KEY_PARAM) || null;
}
