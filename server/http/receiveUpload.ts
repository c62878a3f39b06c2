/**
 * Receives an upload of portraits (multipart: one zip, or images) straight to disk, never whole in
 * memory, within limits: the request's total bytes, the number of files, each file's bytes. A file whose
 * name is not a plain file name (a path, "..") or whose type is not a zip, JPEG, PNG or WebP is skipped
 * and named with its reason; exceeding a limit ends the upload (413) and removes what was written.
 */
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import type { IncomingMessage } from "node:http";
import { extname, join } from "node:path";
import busboy from "busboy";
import { HttpError } from "./readJsonBody";

export interface UploadLimits {
  totalBytes: number;
  files: number;
  imageBytes: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  totalBytes: 1024 ** 3,
  files: 20_000,
  imageBytes: 20 * 1024 ** 2,
};

const IMAGES = new Set([".jpg", ".jpeg", ".png", ".webp"]);

export interface Upload {
  /** the form's fields (the dataset's name) */
  fields: Record<string, string>;
  /** files written, by their names */
  files: string[];
  rejected: { name: string; reason: string }[];
}

/** A plain file name: no folder, nothing hidden, no control characters, at most 200 characters. */
const plainName = (name: string) =>
  name.length > 0 &&
  name.length <= 200 &&
  !/[/\\]/.test(name) &&
  !name.startsWith(".") &&
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  !/[\u0000-\u001f]/.test(name);

export function receiveUpload(req: IncomingMessage, dir: string, limits = DEFAULT_UPLOAD_LIMITS): Promise<Upload> {
  const declared = Number(req.headers["content-length"] ?? Number.NaN);
  if (declared > limits.totalBytes) throw new HttpError(413, `the upload is larger than ${limits.totalBytes} bytes`);
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      limits: {
        files: limits.files,
        fileSize: limits.totalBytes,
        fields: 10,
        fieldSize: 200,
        parts: limits.files + 10,
      },
    });
  } catch (error) {
    throw new HttpError(400, `not a multipart upload: ${(error as Error).message}`);
  }
  const upload: Upload = { fields: {}, files: [], rejected: [] };
  const writes: Promise<void>[] = [];
  let received = 0;
  let failure: HttpError | null = null;
  const open = new Set<ReturnType<typeof createWriteStream>>();
  let finish: () => void = () => {};
  // past a limit nothing more is kept: the files so far are removed and the request is answered 413;
  // the rest of the body is read and dropped (a client that sends it all reads the answer after)
  const fail = (error: HttpError) => {
    if (failure) return;
    failure = error;
    req.unpipe(parser);
    req.resume();
    for (const f of open) f.destroy();
    finish();
  };
  return mkdir(dir, { recursive: true }).then(
    () =>
      new Promise<Upload>((resolve, reject) => {
        let settled = false;
        const done = async () => {
          if (settled) return;
          settled = true;
          await Promise.allSettled(writes);
          if (failure) {
            await rm(dir, { recursive: true, force: true });
            reject(failure);
          } else resolve(upload);
        };
        finish = () => void done();
        parser.on("field", (name, value) => {
          upload.fields[name] = value;
        });
        parser.on("file", (_field, stream, info) => {
          const name = info.filename ?? "";
          const ext = extname(name).toLowerCase();
          const reason = !plainName(name)
            ? "not a plain file name (a folder, a hidden file or '..')"
            : ext !== ".zip" && !IMAGES.has(ext)
              ? `not a zip, JPEG, PNG or WebP file (${ext || "no extension"})`
              : upload.files.includes(name)
                ? "a second file of the same name"
                : null;
          if (reason || failure) {
            if (reason) upload.rejected.push({ name: name.slice(0, 200), reason });
            stream.resume();
            return;
          }
          const cap = ext === ".zip" ? limits.totalBytes : limits.imageBytes;
          const path = join(dir, name);
          const file = createWriteStream(path);
          upload.files.push(name);
          let bytes = 0;
          let tooBig = false;
          writes.push(
            new Promise<void>((settled) => {
              file.on("close", settled);
              file.on("error", () => settled());
            }).then(() => (tooBig || failure ? rm(path, { force: true }) : undefined)),
          );
          stream.on("data", (chunk: Buffer) => {
            bytes += chunk.length;
            received += chunk.length;
            if (received > limits.totalBytes)
              fail(new HttpError(413, `the upload is larger than ${limits.totalBytes} bytes`));
            if (tooBig || failure) return;
            if (bytes > cap) {
              tooBig = true;
              upload.files.splice(upload.files.indexOf(name), 1);
              upload.rejected.push({ name, reason: `larger than ${cap} bytes` });
              file.destroy();
              return;
            }
            // the disk sets the pace: the request is read no faster than it is written
            if (!file.write(chunk)) {
              stream.pause();
              file.once("drain", () => stream.resume());
            }
          });
          stream.on("end", () => {
            if (!tooBig) file.end();
          });
        });
        parser.on("partsLimit", () => fail(new HttpError(413, `more than ${limits.files} files`)));
        parser.on("filesLimit", () => fail(new HttpError(413, `more than ${limits.files} files`)));
        parser.on("error", (error: Error) => fail(new HttpError(400, `the upload is malformed: ${error.message}`)));
        parser.on("close", () => void done());
        req.on("aborted", () => fail(new HttpError(400, "the upload was cut off")));
        req.pipe(parser);
      }),
  );
}
