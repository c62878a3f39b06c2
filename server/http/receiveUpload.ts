/**
 * Receives an upload of portraits (multipart: one zip, or images) straight to disk, never whole in
 * memory, within limits: the request's total bytes, the number of files, each file's bytes. A file whose
 * name is not a plain file name (a path, "..") or whose type is not a zip, JPEG, PNG or WebP is skipped
 * and named with its reason; exceeding a limit ends the upload (413) and removes what was written.
 */
import { createWriteStream, type WriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import type { IncomingMessage } from "node:http";
import { extname, join } from "node:path";
import type { Readable } from "node:stream";
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

/** Why a file of this name is skipped (its name, its type, a second of the name), or null to keep it. */
const refusalOf = (name: string, ext: string, kept: string[]) =>
  !plainName(name)
    ? "not a plain file name (a folder, a hidden file or '..')"
    : ext !== ".zip" && !IMAGES.has(ext)
      ? `not a zip, JPEG, PNG or WebP file (${ext || "no extension"})`
      : kept.includes(name)
        ? "a second file of the same name"
        : null;

/** The upload passed its whole size (declared, counted, or a file cut at it by the parser). */
const tooLarge = (limits: UploadLimits) => new HttpError(413, `the upload is larger than ${limits.totalBytes} bytes`);

export function receiveUpload(req: IncomingMessage, dir: string, limits = DEFAULT_UPLOAD_LIMITS): Promise<Upload> {
  const declared = Number(req.headers["content-length"] ?? Number.NaN);
  if (declared > limits.totalBytes) throw tooLarge(limits);
  const receiving = new Receiving(req, multipartParser(req, limits), dir, limits);
  return mkdir(dir, { recursive: true }).then(() => receiving.run());
}

/** The request's multipart parser, within the limits; 400 when the request is not a multipart upload. */
function multipartParser(req: IncomingMessage, limits: UploadLimits): busboy.Busboy {
  try {
    return busboy({
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
}

/** One upload being read into its folder: what was kept so far, the files being written, what ended it. */
class Receiving {
  private readonly upload: Upload = { fields: {}, files: [], rejected: [] };
  private readonly writes: Promise<void>[] = [];
  /** files still being written: a failure ends them, as no more of their bytes will come */
  private readonly open = new Set<WriteStream>();
  private received = 0;
  private failure: HttpError | null = null;
  private settled = false;
  private resolve: (upload: Upload) => void = () => {};
  private reject: (error: HttpError) => void = () => {};

  constructor(
    private readonly req: IncomingMessage,
    private readonly parser: busboy.Busboy,
    private readonly dir: string,
    private readonly limits: UploadLimits,
  ) {}

  /** Reads the whole request: the upload, or the error that ended it once its files are removed. */
  run(): Promise<Upload> {
    const { req, parser, limits } = this;
    return new Promise<Upload>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
      parser.on("field", (name, value) => {
        this.upload.fields[name] = value;
      });
      parser.on("file", (_field, stream, info) => this.file(stream, info.filename ?? ""));
      parser.on("partsLimit", () => this.fail(new HttpError(413, `more than ${limits.files} files`)));
      parser.on("filesLimit", () => this.fail(new HttpError(413, `more than ${limits.files} files`)));
      parser.on("error", (error: Error) => this.fail(new HttpError(400, `the upload is malformed: ${error.message}`)));
      parser.on("close", () => void this.done());
      req.on("aborted", () => this.fail(new HttpError(400, "the upload was cut off")));
      req.pipe(parser);
    });
  }

  /**
   * Past a limit nothing more is kept: the files so far are removed and the request is answered 413; the
   * rest of the body is read and dropped (a client that sends it all reads the answer after).
   */
  private fail(error: HttpError): void {
    if (this.failure) return;
    this.failure = error;
    this.req.unpipe(this.parser);
    this.req.resume();
    for (const file of this.open) file.destroy();
    void this.done();
  }

  /** Once every write has ended: the upload, or its failure after its folder is removed. */
  private async done(): Promise<void> {
    if (this.settled) return;
    this.settled = true;
    await Promise.allSettled(this.writes);
    if (this.failure) {
      await rm(this.dir, { recursive: true, force: true });
      this.reject(this.failure);
    } else this.resolve(this.upload);
  }

  /** A file of the form: skipped (named with its reason) or written within its cap. */
  private file(stream: Readable, name: string): void {
    const ext = extname(name).toLowerCase();
    const reason = refusalOf(name, ext, this.upload.files);
    if (reason || this.failure) {
      if (reason) this.upload.rejected.push({ name: name.slice(0, 200), reason });
      stream.resume();
      return;
    }
    this.write(stream, name, ext === ".zip" ? this.limits.totalBytes : this.limits.imageBytes);
  }

  /** Streams one file to disk at the disk's pace; past `cap` it is removed and named as rejected. */
  private write(stream: Readable, name: string, cap: number): void {
    const path = join(this.dir, name);
    const file = createWriteStream(path);
    this.open.add(file);
    this.upload.files.push(name);
    let bytes = 0;
    let tooBig = false;
    this.writes.push(
      new Promise<void>((settled) => {
        file.on("close", () => {
          this.open.delete(file);
          settled();
        });
        file.on("error", () => settled());
      }).then(() => (tooBig || this.failure ? rm(path, { force: true }) : undefined)),
    );
    stream.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      this.received += chunk.length;
      if (this.received > this.limits.totalBytes) this.fail(tooLarge(this.limits));
      if (tooBig || this.failure) return;
      if (bytes > cap) {
        tooBig = true;
        this.upload.files.splice(this.upload.files.indexOf(name), 1);
        this.upload.rejected.push({ name, reason: `larger than ${cap} bytes` });
        file.destroy();
        return;
      }
      // the disk sets the pace: the request is read no faster than it is written
      if (!file.write(chunk)) {
        stream.pause();
        file.once("drain", () => stream.resume());
      }
    });
    // the parser cut the file at the upload's whole size: the upload is too large, never kept truncated
    stream.on("limit", () => this.fail(tooLarge(this.limits)));
    stream.on("end", () => {
      if (!tooBig) file.end();
    });
  }
}
