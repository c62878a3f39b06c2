/** A Yjs connection's websocket as the server writes to it: messages while it is open, and its close. */
import type { WebSocket } from "ws";

export interface ConnectionSocket {
  /** sends a message, if the socket is still open */
  send(message: Uint8Array): void;
  /** closes the socket with a close code and reason, telling onError why */
  close(code: number, reason: string): void;
}

/** The longest start of `text` that fits in `bytes` bytes of UTF-8, whole characters only. */
function fitBytes(text: string, bytes: number): string {
  let out = "";
  let used = 0;
  for (const ch of text) {
    used += Buffer.byteLength(ch);
    if (used > bytes) break;
    out += ch;
  }
  return out;
}

export function connectionSocket(ws: WebSocket, onError?: (reason: string) => void): ConnectionSocket {
  return {
    send: (message) => {
      if (ws.readyState === ws.OPEN) ws.send(message);
    },
    close: (code, reason) => {
      onError?.(reason);
      // a close reason is at most 123 bytes, and client text in it (a type's name, a parse error) may be
      // any characters: cut by bytes; a close that throws all the same ends the socket outright
      try {
        ws.close(code, fitBytes(reason, 120));
      } catch {
        ws.terminate();
      }
    },
  };
}
