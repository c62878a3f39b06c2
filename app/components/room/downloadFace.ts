/** Downloads the face as the room's API renders it (the link's token on the request), saved as `filename`. */
import { apiError } from "../apiError";
import { withKey } from "./roomKey";

export async function downloadFace(url: string, filename: string): Promise<void> {
  const res = await fetch(withKey(url));
  if (!res.ok) throw new Error(await apiError(res, "the server could not render the face"));
  const a = document.createElement("a");
  a.href = URL.createObjectURL(await res.blob());
  a.download = filename;
  a.click();
  // the download reads the blob after click() returns (Safari later than others)
  setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
}
