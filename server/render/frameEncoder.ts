/** Turns a decoded face (floats 0..1, RGB) into the JPEG bytes every viewer of a room receives. */
import sharp from "sharp";

/** A decoded face as 8-bit RGB. */
export function toBytes(image: Float32Array): Uint8Array {
  const bytes = new Uint8Array(image.length);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.round(Math.min(1, Math.max(0, image[i] as number)) * 255);
  return bytes;
}

export function encodeJpegBytes(bytes: Uint8Array, width: number, height: number, quality = 85): Promise<Buffer> {
  return sharp(bytes, { raw: { width, height, channels: 3 } })
    .jpeg({ quality, chromaSubsampling: "4:4:4" })
    .toBuffer();
}

export function encodeJpeg(image: Float32Array, width: number, height: number, quality = 85): Promise<Buffer> {
  return encodeJpegBytes(toBytes(image), width, height, quality);
}
