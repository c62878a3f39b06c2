"use client";

/**
 * The room's face: the server's frame, or, while the sliders are ahead of it, the face this device drew
 * (useLocalFaces). The server's frame is always loaded and acknowledged, shown or not: it is the
 * authority, and it replaces the local face as soon as it shows the same sliders.
 */
import type { Frames } from "./useFrames";
import type { LocalFaces } from "./useLocalFaces";

const sameSliders = (a: Float64Array | null, b: Float64Array) =>
  a !== null && a.length >= b.length && b.every((v, k) => Math.abs(v - (a[k] as number)) < 1e-9);

export function FaceView({
  frames,
  local,
  values,
  image,
  alt = "The room's current face",
}: {
  frames: Frames;
  local: LocalFaces;
  values: Float64Array;
  image: { width: number; height: number };
  alt?: string;
}) {
  const serverCurrent = sameSliders(frames.sliders, values);
  const showLocal = local.state.kind === "on" && local.drawn !== null && !serverCurrent;
  return (
    <div className="face-view" data-face-source={showLocal ? "local" : "server"} data-local-draws={local.draws}>
      {frames.url ? (
        // biome-ignore lint/performance/noImgElement: frames are blob URLs of server-rendered JPEGs, nothing for next/image to optimise
        <img
          className="face"
          src={frames.url}
          alt={alt}
          data-seq={frames.seq}
          hidden={showLocal}
          onLoad={() => frames.shown(frames.seq)}
        />
      ) : (
        !showLocal && <div className="face" role="img" aria-label="Waiting for the first frame" />
      )}
      <canvas
        ref={local.canvasRef}
        className="face"
        width={image.width}
        height={image.height}
        hidden={!showLocal}
        role="img"
        aria-label="The room's face, drawn on this device"
      />
    </div>
  );
}

/** The person's switch for drawing faces here (none when the model may not leave the server), and what it does now. */
export function LocalDrawingSwitch({ local, allowed }: { local: LocalFaces; allowed: boolean }) {
  const { state } = local;
  const said =
    state.kind === "on"
      ? `drawn here while you drag: ${Math.round(state.msPerFace)} ms a face with ${state.backend === "webgpu" ? "the GPU" : "WebAssembly"}`
      : state.kind === "loading"
        ? "loading the decoder…"
        : `drawn on the server: ${state.reason}`;
  return (
    <p
      className="status local-drawing"
      data-local-state={state.kind}
      data-ms-per-face={state.kind === "on" ? state.msPerFace : undefined}
      data-local-threads={state.kind === "on" ? state.threads : undefined}
      data-local-backend={state.kind === "on" ? state.backend : undefined}
    >
      {allowed && (
        <label className="check">
          <input type="checkbox" checked={local.enabled} onChange={(e) => local.setEnabled(e.target.checked)} /> Draw
          faces on this device
        </label>
      )}{" "}
      <span>({said})</span>
    </p>
  );
}
