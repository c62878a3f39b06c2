/**
 * The source that starts a worker thread on one of our modules: from the TypeScript sources (tsx, as in
 * development and tests) or from a bundle's JavaScript. Pass it to `new Worker(source, { eval: true })`.
 */
export function workerSource(moduleUrl: URL): string {
  const url = moduleUrl.href;
  return url.endsWith(".ts")
    ? `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(url)}); });`
    : `import(${JSON.stringify(url)});`;
}

/** A module beside the calling one (`importMetaUrl`), as that one runs: from TypeScript sources or from a bundle. */
export function siblingModule(name: string, importMetaUrl: string): URL {
  return new URL(`./${name}.${importMetaUrl.endsWith(".ts") ? "ts" : "js"}`, importMetaUrl);
}
