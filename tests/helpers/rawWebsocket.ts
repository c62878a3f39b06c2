/** A websocket handshake by hand, so that a test can send frames no websocket library would. */
import { randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";

export async function rawHandshake(serverUrl: string, path: string): Promise<Socket> {
  const { port } = new URL(serverUrl);
  const socket = connect(Number(port), "127.0.0.1");
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  socket.write(
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  await new Promise<void>((resolve) => socket.once("data", () => resolve()));
  return socket;
}

/** A binary frame of two bytes without the mask every client frame must have. */
export const UNMASKED_FRAME = Buffer.from([0x82, 0x02, 0x00, 0x00]);

export const socketClosed = (socket: Socket) => new Promise<void>((resolve) => socket.once("close", () => resolve()));
