/** The model report's page: its title, its style sheet, and the sections one after another. */
import { esc } from "./html";

/** A self-contained HTML page for model `version` holding `sections` in order. */
export function reportPage(version: string, sections: string[]): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Likeness model ${esc(version)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 24px; color: #222; max-width: 1400px; }
img { image-rendering: pixelated; display: block; margin: 8px 0; }
table { border-collapse: collapse; margin: 8px 0; } th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; }
table.factors td { text-align: center; font-size: 12px; } table.factors th { font-size: 11px; }
.sweep { display: flex; align-items: center; gap: 12px; } .sweep .label { width: 200px; }
</style></head><body><h1>Likeness model <code>${esc(version)}</code></h1>${sections.join("\n")}</body></html>`;
}
