"use client";

/**
 * The admin's sessions: where the admin area is open now (this browser marked), "Log out everywhere"
 * (every session ends, this one too), and a password change (every other session ends).
 */
import { useCallback, useEffect, useState } from "react";
import type { AdminSessionView, EndAllResponse } from "../../../lib/api/adminApi";
import type { Call } from "./adminCall";
import { PasswordChangeForm } from "./PasswordChangeForm";
import { SessionsTable } from "./SessionsTable";

export function AdminSessions({
  call,
  onEnded,
  onChanged,
}: {
  call: Call;
  onEnded(message: string): void;
  /** the password changed: the audit log has a new row */
  onChanged(): void;
}) {
  const [rows, setRows] = useState<AdminSessionView[]>([]);
  const [message, setMessage] = useState<string | null>(null);

  const refresh = useCallback(async () => setRows((await call("/api/admin/sessions")) as AdminSessionView[]), [call]);
  useEffect(() => {
    void refresh().catch(() => {});
  }, [refresh]);

  const endAll = async () => {
    try {
      const answer = (await call("/api/admin/sessions/end-all", { method: "POST" })) as EndAllResponse;
      onEnded(`Logged out everywhere: ${answer.ended} session(s) ended`);
    } catch (e) {
      setMessage((e as Error).message);
    }
  };

  return (
    <section aria-label="Sessions and password">
      <h2>Sessions</h2>
      <SessionsTable rows={rows} />
      <p className="toolbar">
        <button type="button" onClick={() => void endAll()}>
          Log out everywhere
        </button>
      </p>
      <h3>Change the password</h3>
      <PasswordChangeForm
        call={call}
        onMessage={setMessage}
        onChanged={async () => {
          await refresh();
          onChanged();
        }}
      />
      {message && <p role="status">{message}</p>}
    </section>
  );
}
