/**
 * The one step from a decoded face (8-bit RGB) to what viewers receive: its JPEG (quality 85, 4:4:4) and,
 * when asked, the JPEG of the same face with its external features blurred (innerFace.ts). The live server
 * runs it in worker threads (FaceEncoderPool), never on the event loop.
 */
import sharp from "sharp";
import { blurExternalFeatures, findInnerFace } from "./innerFace";

export interface EncodedFace {
  jpeg: Buffer;
  /** the face with hair, ears and background blurred, when asked for */
  blurred?: Buffer;
}

const JPEG_QUALITY = 85;

function encodeJpeg(bytes: Uint8Array, width: number, height: number): Promise<Buffer> {
  return sharp(bytes, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: JPEG_QUALITY, chromaSubsampling: "4:4:4" })
    .toBuffer();
}

export async function encodeFace(
  bytes: Uint8Array,
  width: number,
  height: number,
  blur: boolean,
): Promise<EncodedFace> {
  const jpeg = encodeJpeg(bytes, width, height);
  if (!blur) return { jpeg: await jpeg };
  const region = findInnerFace(bytes, width, height);
  const blurred = encodeJpeg(await blurExternalFeatures(bytes, width, height, region), width, height);
  return { jpeg: await jpeg, blurred: await blurred };
}
