/**
 * Why a message of a Yjs connection closes it, as a close code and a reason: before it is read (a text frame,
 * one too large, one over a rate budget), or when reading it fails (a refused change, invalid data).
 */
import { CLOSE_INVALID, CLOSE_RATE_LIMITED, CLOSE_REFUSED, CLOSE_TOO_LARGE } from "../../lib/closeCodes";
import { InvalidUpdateError, RefusedChangeError } from "./Room";
import { ProtocolError } from "./yjsProtocol";

export type Close = [code: number, reason: string];

/** Why a message is not read, or null when it is; `take` spends one of the rate budgets' messages. */
export function refusalOf(data: Buffer, isBinary: boolean, maxBytes: number, take: () => boolean): Close | null {
  if (!isBinary) return [CLOSE_INVALID, "invalid message: text frames are not part of the protocol"];
  if (data.byteLength > maxBytes) return [CLOSE_TOO_LARGE, `message larger than ${maxBytes} bytes`];
  if (!take()) return [CLOSE_RATE_LIMITED, "too many messages"];
  return null;
}

/** The close for an error reading a message. */
export function closeFor(error: unknown): Close {
  if (error instanceof RefusedChangeError) return [CLOSE_REFUSED, error.message];
  if (error instanceof InvalidUpdateError || error instanceof ProtocolError) return [CLOSE_INVALID, error.message];
  return [CLOSE_INVALID, `invalid message: ${(error as Error).message}`];
}
