/** A worker thread of the FaceEncoderPool: encodes the faces it is asked (faceEncoding.ts). */
import { serveRequests } from "../../facemodel/runtime/workerChannel";
import { type EncodedFace, encodeFace } from "./faceEncoding";

export interface EncodeTask {
  bytes: Uint8Array;
  width: number;
  height: number;
  blur: boolean;
}

await serveRequests<EncodeTask, EncodedFace, null>(
  async () => ({ state: null, ready: null }),
  (task) => encodeFace(task.bytes, task.width, task.height, task.blur),
);
