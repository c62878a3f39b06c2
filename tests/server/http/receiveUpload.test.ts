import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { HttpError } from "../../../server/http/readJsonBody";
import { receiveUpload } from "../../../server/http/receiveUpload";
import { tempDir } from "../../helpers/tinyDataset";

const BOUNDARY = "likeness-test-boundary";
let server: Server | undefined;
afterEach(() => server?.close());

/** A server that receives each upload into `dir` within small limits and answers its status and files. */
async function uploadServer(dir: string): Promise<string> {
  server = createServer((req, res) => {
    receiveUpload(req, dir, { totalBytes: 64 * 1024, files: 4, imageBytes: 32 * 1024 }).then(
      (upload) => res.writeHead(200).end(JSON.stringify(upload)),
      (error: unknown) => res.writeHead(error instanceof HttpError ? error.status : 500).end((error as Error).message),
    );
  });
  await new Promise<void>((done) => server?.listen(0, "127.0.0.1", done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Sends file parts in 8 KB chunks without a declared length; resolves with the answer. */
function sendChunked(
  url: string,
  files: { name: string; chunks: number }[],
): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = request(url, {
      method: "POST",
      headers: { "content-type": `multipart/form-data; boundary=${BOUNDARY}`, "transfer-encoding": "chunked" },
    });
    req.on("response", (res) => {
      let body = "";
      res.on("data", (c: Buffer) => {
        body += c.toString();
      });
      res.on("end", () => done({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", fail);
    const parts = files.flatMap(({ name, chunks }) => [
      `\r\n--${BOUNDARY}\r\ncontent-disposition: form-data; name="files"; filename="${name}"\r\n\r\n`,
      ...Array.from({ length: chunks }, () => Buffer.alloc(8 * 1024, 7)),
    ]);
    parts.push(`\r\n--${BOUNDARY}--\r\n`);
    const next = () => {
      const part = parts.shift();
      if (part === undefined) return void req.end();
      if (req.write(part)) setImmediate(next);
      else req.once("drain", next);
    };
    next();
  });
}

it("ends an upload that passes its total size with 413 and removes its files, never keeping a file cut short", async () => {
  for (const files of [
    // one file larger than the whole upload may be
    [{ name: "portraits.zip", chunks: 16 }],
    // the second file passes the total while it is being written
    [
      { name: "first.zip", chunks: 5 },
      { name: "second.zip", chunks: 5 },
    ],
  ]) {
    const dir = join(await tempDir("upload"), "upload");
    const url = await uploadServer(dir);
    const answer = await sendChunked(url, files);
    expect(answer).toEqual({ status: 413, body: "the upload is larger than 65536 bytes" });
    expect(existsSync(dir)).toBe(false);
    server?.close();
  }
});

it("keeps a file within the limits sent without a declared length", async () => {
  const dir = join(await tempDir("upload"), "upload");
  const url = await uploadServer(dir);
  const answer = await sendChunked(url, [{ name: "portraits.zip", chunks: 4 }]);
  expect(answer.status).toBe(200);
  expect(JSON.parse(answer.body)).toMatchObject({ files: ["portraits.zip"], rejected: [] });
  expect(await readdir(dir)).toEqual(["portraits.zip"]);
});
