/** HTML pieces of the model report: escaped text and inline JPEG images. */
import { escapeHtml as esc } from "../../lib/escapeHtml";

export { esc };

export const img = (jpeg: Buffer, alt: string) =>
  `<img alt="${esc(alt)}" src="data:image/jpeg;base64,${jpeg.toString("base64")}">`;
