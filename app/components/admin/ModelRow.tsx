"use client";

/**
 * One model version in the admin page's table: its figures, its report (written on demand), whether its
 * decoder may be drawn in browsers, and naming, deleting (unused only) and activating it.
 */
import type { LocalDrawingRequest, ModelVersionView } from "../../../lib/api/adminApi";
import { datasetText, modelPath, psnrText, trainingTimeText, varianceText } from "./modelFigures";

export interface ModelActions {
  /** sends an action on a version, then the page asks for the versions again */
  onRequest(path: string, init: RequestInit): void;
  /** opens or closes the component names of a version */
  onNames(version: string): void;
}

export function ModelRow({ m, onRequest, onNames }: { m: ModelVersionView } & ModelActions) {
  const post = (tail: string, body?: string) => onRequest(modelPath(m.version, tail), { method: "POST", body });
  return (
    <tr data-version={m.version}>
      <td>
        <code>{m.version}</code>
      </td>
      <td>{psnrText(m)}</td>
      <td>{varianceText(m)}</td>
      <td>{trainingTimeText(m)}</td>
      <td>{datasetText(m)}</td>
      <td>{m.rooms}</td>
      <td>{new Date(m.createdAt).toLocaleString()}</td>
      <td>
        {m.report ? (
          <a href={modelPath(m.version, "/report")} target="_blank" rel="noopener">
            Model report
          </a>
        ) : (
          <button type="button" onClick={() => post("/report")}>
            Write report
          </button>
        )}
      </td>
      <td>
        {m.localDrawing ? "allowed" : "server only"}{" "}
        <button
          type="button"
          onClick={() =>
            post("/local-drawing", JSON.stringify({ allowed: !m.localDrawing } satisfies LocalDrawingRequest))
          }
        >
          {m.localDrawing ? "Keep on the server" : "Allow"}
        </button>
      </td>
      <td>
        <button type="button" onClick={() => onNames(m.version)}>
          Names
        </button>{" "}
        {!m.active && m.rooms === 0 && (
          <button type="button" onClick={() => onRequest(modelPath(m.version), { method: "DELETE" })}>
            Delete
          </button>
        )}{" "}
        {m.active ? (
          <b>active: new rooms use it</b>
        ) : (
          <button type="button" onClick={() => post("/activate")}>
            Activate
          </button>
        )}
      </td>
    </tr>
  );
}
