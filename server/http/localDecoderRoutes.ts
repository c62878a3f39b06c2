/**
 * What a page needs to draw faces itself: ONNX Runtime Web's files (/ort/<version>/…, from the installed
 * package, cached for good) and the room's decoder graph (/api/rooms/:id/decoder.onnx: sliders in,
 * pixels out), only to the room's link holders and only for a model version an admin lets leave the
 * server. Both are gzipped once, when asked for, and kept.
 */
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import type { LoadedModel } from "../../facemodel/artifact/modelArtifact";
import { exportOnnx } from "../../facemodel/decoder/onnxExport";
import { ORT_FILES, ORT_WEB_VERSION } from "../../lib/localDrawing";
import type { ModelRegistry } from "../render/ModelRegistry";
import type { LiveRoom } from "../rooms/LiveRoom";
import { PerClientLimiter } from "../rooms/rateLimiter";
import type { Gate } from "../sessions/session";
import type { ClientAddress } from "./clientAddress";
import { HttpError } from "./readJsonBody";
import { requireRoom } from "./requireRoom";
import { router } from "./router";

const compress = promisify(gzip);

interface Asset {
  plain: Buffer;
  gzipped: Buffer;
}

/** The asset, gzipped when the client takes it so, with the headers that go with it. */
function sendAsset(req: IncomingMessage, res: ServerResponse, asset: Asset, headers: Record<string, string>) {
  const gzipped = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
  const body = gzipped ? asset.gzipped : asset.plain;
  res.writeHead(200, {
    ...headers,
    "content-length": String(body.length),
    vary: "accept-encoding",
    ...(gzipped ? { "content-encoding": "gzip" } : {}),
  });
  res.end(req.method === "HEAD" ? undefined : body);
}

const once = async (plain: Buffer): Promise<Asset> => ({ plain, gzipped: await compress(plain) });

export interface LocalDecoderDeps {
  openRoom(id: string): Promise<LiveRoom | undefined>;
  gate: Gate;
  models: ModelRegistry;
  clientAddress: ClientAddress;
}

export function localDecoderRoutes(d: LocalDecoderDeps) {
  // the package's entry lies in its dist/ folder, beside the browser files
  const dist = dirname(createRequire(import.meta.url).resolve("onnxruntime-web"));
  const assets = new Map<string, Promise<Asset>>();
  const graphs = new WeakMap<LoadedModel, Promise<Asset>>();
  // a decoder is megabytes: a few a minute per address
  const downloads = new PerClientLimiter(0.2, 6);
  const room = requireRoom(d.openRoom, d.gate);
  const files = new Set<string>(ORT_FILES);
  return router([
    {
      pattern: /^\/ort\/([^/]+)\/([^/]+)$/,
      methods: {
        GET: async (req, res, [version, file]) => {
          if (version !== ORT_WEB_VERSION || !files.has(file ?? "")) throw new HttpError(404, "no such file");
          const name = file as string;
          let asset = assets.get(name);
          if (!asset) {
            asset = readFile(join(dist, name)).then(once);
            assets.set(name, asset);
          }
          sendAsset(req, res, await asset, {
            "content-type": name.endsWith(".wasm") ? "application/wasm" : "text/javascript; charset=utf-8",
            "cache-control": "public, max-age=31536000, immutable",
          });
        },
      },
    },
    {
      pattern: /^\/api\/rooms\/([^/]+)\/decoder\.onnx$/,
      methods: {
        GET: async (req, res, [id]) => {
          if (!downloads.take(d.clientAddress(req)))
            throw new HttpError(429, "too many decoder downloads; wait a minute");
          const { entry } = await room(req, id, "room:read");
          const { version, model } = entry.renderer;
          if (!d.models.localDrawing(version))
            throw new HttpError(403, `model ${version} is drawn on the server only: an admin has not let it leave`);
          const etag = `"${version}"`;
          if (req.headers["if-none-match"] === etag) {
            res.writeHead(304, { etag }).end();
            return;
          }
          let graph = graphs.get(model);
          if (!graph) {
            graph = once(Buffer.from(exportOnnx(model.manifest.architecture, model.weights, model.faceSpace)));
            graphs.set(model, graph);
          }
          sendAsset(req, res, await graph, {
            "content-type": "application/octet-stream",
            // the link holder's own copy: the address names the version, a new version a new address
            "cache-control": "private, max-age=86400",
            etag,
          });
        },
      },
    },
  ]);
}
