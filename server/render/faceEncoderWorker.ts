/** A worker thread of the FaceEncoderPool: encodes the faces it is sent (faceEncoding.ts) and answers each. */
import { parentPort } from "node:worker_threads";
import { encodeFace } from "./faceEncoding";

export interface EncodeTask {
  id: number;
  bytes: Uint8Array;
  width: number;
  height: number;
  blur: boolean;
}

export type EncodeReply = { id: number; jpeg: Uint8Array; blurred?: Uint8Array } | { id: number; error: string };

const port = parentPort;
if (!port) throw new Error("faceEncoderWorker runs as a worker thread");
port.on("message", (task: EncodeTask) => {
  encodeFace(task.bytes, task.width, task.height, task.blur).then(
    (face) => port.postMessage({ id: task.id, ...face } satisfies EncodeReply),
    (error: unknown) => port.postMessage({ id: task.id, error: (error as Error).message } satisfies EncodeReply),
  );
});
port.postMessage("ready");
