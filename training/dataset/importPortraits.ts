/**
 * Turns any folder or zip of portraits (JPEG/PNG/WebP) into a training set: each image centre-cropped
 * to 3:4 and resized to 144x192 RGB. A portrait whose 3:4 centre is smaller than half that size in
 * either direction (72x96) is too small to train on. Unreadable, too small and unsafe files are
 * reported by name with their reason and skipped.
 */
import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { extname, join, relative } from "node:path";
import AdmZip from "adm-zip";
import sharp from "sharp";
import { FACE_HEIGHT, FACE_WIDTH } from "../../lib/imageSize";

export const IMAGE_EXTENSIONS = new Set([".jpg", ".jpeg", ".png", ".webp"]);
const METADATA_EXTENSIONS = new Set([".json", ".csv"]);
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
export const DEFAULT_MIN_IMAGES = 16;
/** Portraits in one set unless maxImages says otherwise: 20,000 at 144×192 hold 1.7 GB of pixels. */
export const DEFAULT_MAX_IMAGES = 20_000;
export const MAX_ZIP_BYTES = 2 ** 30;
/** An entry that would expand more than this many times its compressed size is not read (a zip bomb). */
export const MAX_EXPANSION = 100;
/** The entries of one zip may expand to this much in all. */
export const MAX_ZIP_EXPANDED_BYTES = 4 * 2 ** 30;

export interface SkippedFile {
  name: string;
  reason: string;
}

export interface PortraitSet {
  /** N × 192 × 144 × 3 bytes, row-major RGB */
  pixels: Uint8Array;
  count: number;
  names: string[];
  skipped: SkippedFile[];
  /** sha256 of the pixels: the dataset's identity */
  hash: string;
}

export interface ImportOptions {
  minImages?: number;
  /**
   * take the first maxImages portraits; without it, a set of more than DEFAULT_MAX_IMAGES images is
   * refused before any is decoded
   */
  maxImages?: number;
  /** output size; the product's portraits are 144x192, tests use smaller */
  width?: number;
  height?: number;
  /** how errors name the set (default: its path); a server names an upload, never its folder */
  label?: string;
  onProgress?: (done: number, total: number) => void;
}

interface SourceFile {
  name: string;
  read: () => Promise<Buffer>;
  /** why the file is skipped without being read */
  problem?: string;
}

/** The smallest 3:4 centre a portrait may have: half the output size each way (72x96 for 144x192). */
export const minimumPortrait = (width = FACE_WIDTH, height = FACE_HEIGHT) => ({
  width: Math.ceil(width / 2),
  height: Math.ceil(height / 2),
});

/** Why an image is too small to train on at width x height, or null; from its header alone. */
export async function tooSmall(data: Buffer, width = FACE_WIDTH, height = FACE_HEIGHT): Promise<string | null> {
  const meta = await sharp(data).metadata();
  // EXIF orientations 5 to 8 turn the picture a quarter
  const turned = (meta.orientation ?? 1) >= 5;
  const w = (turned ? meta.height : meta.width) ?? 0;
  const h = (turned ? meta.width : meta.height) ?? 0;
  // the centre crop to the output's aspect
  const cropW = Math.min(w, (h * width) / height);
  const cropH = (cropW * height) / width;
  const min = minimumPortrait(width, height);
  if (cropW >= min.width - 0.5 && cropH >= min.height - 0.5) return null;
  return `too small: ${w}x${h} pixels; a portrait needs a ${min.width}x${min.height} centre or more (half the model's ${width}x${height})`;
}

/** Decodes one image to 144x192 RGB bytes, cropping the centre to 3:4 first. */
export async function portraitPixels(data: Buffer, width = FACE_WIDTH, height = FACE_HEIGHT): Promise<Uint8Array> {
  const { data: raw, info } = await sharp(data, { failOn: "error", limitInputPixels: 100_000_000 })
    .rotate()
    .resize(width, height, { fit: "cover", position: "centre" })
    .removeAlpha()
    .toColourspace("srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3 || info.width !== width || info.height !== height) {
    throw new Error(`decoded to ${info.width}x${info.height}x${info.channels}, expected ${width}x${height}x3`);
  }
  return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
}

async function listSources(path: string, label: string): Promise<SourceFile[]> {
  const info = await stat(path);
  if (info.isDirectory()) {
    const names = (await readdir(path, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      // relative() and not a cut at path.length: "./photos" lists as "photos/…" (Node before 20.12
      // names the parent folder `path`, later ones `parentPath`)
      .map((e) => relative(path, join(e.parentPath ?? (e as { path?: string }).path ?? path, e.name)))
      .sort();
    return names.map((name) => ({ name, read: () => readFile(join(path, name)) }));
  }
  if (extname(path).toLowerCase() === ".zip") {
    // the zip is read into memory whole
    if (info.size > MAX_ZIP_BYTES)
      throw new Error(`${label} is ${(info.size / 2 ** 30).toFixed(1)} GiB; at most ${MAX_ZIP_BYTES / 2 ** 30} GiB`);
    let zip: AdmZip;
    try {
      zip = new AdmZip(path);
    } catch (error) {
      throw new Error(`${label} is not a readable zip file: ${(error as Error).message}`);
    }
    const entries = zip.getEntries().filter((e) => !e.isDirectory);
    const expanded = entries.reduce((sum, e) => sum + e.header.size, 0);
    if (expanded > MAX_ZIP_EXPANDED_BYTES)
      throw new Error(
        `${label} would expand to ${(expanded / 2 ** 30).toFixed(1)} GiB; at most ${MAX_ZIP_EXPANDED_BYTES / 2 ** 30} GiB`,
      );
    return (
      entries
        // the same code-point order as a folder's, whatever the locale
        .sort((a, b) => (a.entryName < b.entryName ? -1 : a.entryName > b.entryName ? 1 : 0))
        .map((e) => ({
          name: e.entryName,
          // nothing is extracted to disk; a name that would leave the folder is refused all the same
          problem: /(^|[/\\])\.\.([/\\]|$)|^[/\\]|^[A-Za-z]:/.test(e.entryName)
            ? "a name that leaves the folder ('..' or an absolute path)"
            : e.header.size > MAX_EXPANSION * Math.max(1, e.header.compressedSize)
              ? `expands ${Math.round(e.header.size / Math.max(1, e.header.compressedSize))}× its compressed size (at most ${MAX_EXPANSION}×)`
              : undefined,
          read: async () => {
            if (e.header.size > MAX_IMAGE_BYTES) throw new Error(`larger than ${MAX_IMAGE_BYTES} bytes`);
            return e.getData();
          },
        }))
    );
  }
  throw new Error(`${label} is neither a folder nor a .zip file`);
}

const isHidden = (name: string) =>
  name.split("/").some((part) => (part.startsWith(".") && part !== "..") || part === "__MACOSX");

export async function importPortraits(path: string, options: ImportOptions = {}): Promise<PortraitSet> {
  const minImages = options.minImages ?? DEFAULT_MIN_IMAGES;
  const width = options.width ?? FACE_WIDTH;
  const height = options.height ?? FACE_HEIGHT;
  const label = options.label ?? path;
  const sources = (await listSources(path, label)).filter((s) => !isHidden(s.name));
  if (options.maxImages === undefined) {
    const images = sources.filter((s) => IMAGE_EXTENSIONS.has(extname(s.name).toLowerCase())).length;
    if (images > DEFAULT_MAX_IMAGES)
      throw new Error(
        `${label} has ${images} images; at most ${DEFAULT_MAX_IMAGES} are taken unless a maximum is given`,
      );
  }
  const skipped: SkippedFile[] = [];
  const kept: { name: string; pixels: Uint8Array }[] = [];
  let done = 0;
  for (const source of sources) {
    done++;
    if (options.maxImages !== undefined && kept.length >= options.maxImages) break;
    const ext = extname(source.name).toLowerCase();
    if (source.problem) {
      skipped.push({ name: source.name, reason: source.problem });
    } else if (METADATA_EXTENSIONS.has(ext)) {
      // labels and notes that travel with a portrait set are not images
    } else if (!IMAGE_EXTENSIONS.has(ext)) {
      skipped.push({ name: source.name, reason: `not a JPEG, PNG or WebP file (${ext || "no extension"})` });
    } else {
      try {
        const data = await source.read();
        if (data.byteLength > MAX_IMAGE_BYTES) throw new Error(`larger than ${MAX_IMAGE_BYTES} bytes`);
        const small = await tooSmall(data, width, height);
        if (small) skipped.push({ name: source.name, reason: small });
        else kept.push({ name: source.name, pixels: await portraitPixels(data, width, height) });
      } catch (error) {
        skipped.push({ name: source.name, reason: `unreadable image: ${(error as Error).message}` });
      }
    }
    options.onProgress?.(done, sources.length);
  }
  if (kept.length < minImages) {
    const why = skipped.length
      ? ` (${skipped.length} skipped: ${skipped
          .slice(0, 3)
          .map((s) => `${s.name}: ${s.reason}`)
          .join("; ")}${skipped.length > 3 ? "; …" : ""})`
      : "";
    throw new Error(`${label} has ${kept.length} usable portraits; at least ${minImages} are needed${why}`);
  }
  const imageBytes = width * height * 3;
  const pixels = new Uint8Array(kept.length * imageBytes);
  kept.forEach((k, i) => {
    pixels.set(k.pixels, i * imageBytes);
  });
  const hash = createHash("sha256").update(pixels).digest("hex");
  return { pixels, count: kept.length, names: kept.map((k) => k.name), skipped, hash };
}
