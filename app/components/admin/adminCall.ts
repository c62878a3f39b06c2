import { CSRF_HEADER } from "../../../lib/api/adminApi";
import { apiError } from "../apiError";

/** A request of the admin area as the page's parts make it: the answer's JSON, or an error saying why not. */
export type Call = (path: string, init?: RequestInit) => Promise<unknown>;

/**
 * Sends a request of the admin area with the session's CSRF token, as JSON unless it carries a file (an
 * upload sets its own multipart content type). A refusal throws the API's own message; a 401 (the session
 * ended: a logout elsewhere, idle, a password change) is told to `ended` first, so the page goes back to
 * the login saying why.
 */
export async function adminCall(
  path: string,
  init: RequestInit | undefined,
  csrf: string | undefined,
  ended: (message: string) => void,
): Promise<unknown> {
  const res = await fetch(path, {
    ...init,
    headers: {
      ...(init?.body instanceof FormData ? {} : { "content-type": "application/json" }),
      ...(csrf ? { [CSRF_HEADER]: csrf } : {}),
      ...(init?.headers as Record<string, string> | undefined),
    },
  });
  if (!res.ok) {
    const message = await apiError(res, "The server refused");
    if (res.status === 401) ended(message);
    throw new Error(message);
  }
  return res.json() as Promise<unknown>;
}
