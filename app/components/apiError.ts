import type { ApiError } from "../../lib/api/apiError";

/** The API's own error message ({ error }) for a refused request, or `fallback (status)` when it has none. */
export async function apiError(res: Response, fallback: string): Promise<string> {
  const body = (await res.json().catch(() => ({}))) as Partial<ApiError>;
  return body.error ?? `${fallback} (${res.status})`;
}
