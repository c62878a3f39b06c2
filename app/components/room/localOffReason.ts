/**
 * Why faces are not drawn on this device whatever it can do, shown to the person; null when nothing
 * stands in the way (the device itself may still be too slow: localDecoder.ts).
 */
export function localOffReason(enabled: boolean, modelAllows: boolean, blurred: boolean): string | null {
  if (!enabled) return "turned off in this browser";
  if (!modelAllows) return "this model is drawn on the server only";
  if (blurred) return "the face is blurred for you: the server draws it";
  return null;
}
