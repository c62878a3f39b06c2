/**
 * Headers on every response: no framing (clickjacking), no MIME sniffing, no referrer (a room link is a
 * capability: it must not leak to another site), and a content security policy that allows only this
 * origin (Next.js's inline bootstrap scripts and styles included; development's hot reload needs eval).
 */
import type { ServerResponse } from "node:http";

export function securityHeaders(dev: boolean): Record<string, string> {
  const csp = [
    "default-src 'self'",
    // WebAssembly: the page's own decoder (ONNX Runtime Web); its threads are workers of this origin
    `script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'${dev ? " 'unsafe-eval'" : ""}`,
    "worker-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  return {
    "content-security-policy": csp,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    // with the opener policy, cross-origin isolation: SharedArrayBuffer, so WebAssembly threads
    "cross-origin-embedder-policy": "require-corp",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
  };
}

export function setHeaders(res: ServerResponse, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
}
