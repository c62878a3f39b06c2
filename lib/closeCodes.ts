/** The Yjs websocket's close codes: the server sends them, the page reads them. */
/**
 * Close codes (4000–4999 are the application's). y-websocket clients never reconnect after 4400–4499
 * (invalid data, a message too large: sending it again would fail again) and reconnect, then resync,
 * after any other: a client that was only too fast comes back with its edits.
 */
export const CLOSE_INVALID = 4400;
export const CLOSE_TOO_LARGE = 4413;
export const CLOSE_RATE_LIMITED = 4529;
/** The connection's session may not take this action (y-websocket clients do not reconnect after it). */
export const CLOSE_FORBIDDEN = 4403;
/**
 * A change the session may not make (a slider the artist just locked): the client starts again from the
 * room's state (its refused change dropped) and says why.
 */
export const CLOSE_REFUSED = 4423;
/**
 * The room's document was rewritten from its live values (compaction), or the client's is of an older
 * epoch: the client starts again from the room's document (the reason ends with the room's epoch), and
 * sets again the sliders it had moved that the room may not have received.
 */
export const CLOSE_RESET = 4409;
/** The reason a 4409 close gives, and the room's epoch read back from it (`fallback` when it names none). */
export const resetReason = (epoch: number) => `the room's document was compacted: epoch ${epoch}`;
export const epochOfReset = (reason: string, fallback: number) => Number(/epoch (\d+)$/.exec(reason)?.[1] ?? fallback);
/** The room moved to another instance (its owner changed): the client reconnects, and reaches the new one. */
export const CLOSE_MOVED = 4503;
