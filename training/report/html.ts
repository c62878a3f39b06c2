/** HTML pieces of the model report: escaped text and inline JPEG images. */
export const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export const img = (jpeg: Buffer, alt: string) =>
  `<img alt="${esc(alt)}" src="data:image/jpeg;base64,${jpeg.toString("base64")}">`;
