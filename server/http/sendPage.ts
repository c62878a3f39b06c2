/** A small HTML page for what the server answers itself (errors of links and of rooms). */
import type { ServerResponse } from "node:http";
import { escapeHtml } from "../../lib/escapeHtml";

export function sendPage(res: ServerResponse, status: number, title: string, message: string): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
      `<title>${escapeHtml(title)} · Likeness</title></head><body style="font-family:system-ui;max-width:36rem;margin:4rem auto;padding:0 1rem">` +
      `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p><a href="/">Likeness home</a></p></body></html>`,
  );
}
