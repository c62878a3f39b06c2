"use client";

/** Uploads portraits as a dataset (one zip, or images), and lists the files the server refused on the way in. */
import { type FormEvent, useState } from "react";
import type { RejectedFile, UploadResponse } from "../../../lib/api/trainingApi";
import type { Send } from "./useTrainingRuns";

export function UploadForm({ name, send }: { name: string; send: Send }) {
  const [files, setFiles] = useState<FileList | null>(null);
  const [rejected, setRejected] = useState<RejectedFile[]>([]);
  const upload = (e: FormEvent) => {
    e.preventDefault();
    if (!files || files.length === 0) return;
    const body = new FormData();
    body.set("name", name);
    for (const f of Array.from(files)) body.append("files", f, f.name);
    send("/api/admin/datasets/upload", { method: "POST", body }, (answer) =>
      setRejected((answer as UploadResponse).rejected),
    );
  };
  return (
    <>
      <form onSubmit={upload} className="toolbar">
        <input
          type="file"
          multiple
          accept=".zip,.jpg,.jpeg,.png,.webp"
          aria-label="Portraits to upload (one zip, or images)"
          onChange={(e) => setFiles(e.target.files)}
        />
        <button type="submit" disabled={!files || files.length === 0}>
          Upload portraits
        </button>
      </form>
      {rejected.length > 0 && (
        <ul className="status offline" aria-label="Refused files">
          {rejected.map((r) => (
            <li key={r.name}>
              {r.name}: {r.reason}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
