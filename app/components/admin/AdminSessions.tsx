"use client";

/**
 * The admin's sessions: where the admin area is open now (this browser marked), "Log out everywhere"
 * (every session ends, this one too), and a password change (every other session ends).
 */
import { type FormEvent, useCallback, useEffect, useState } from "react";
import {
  type AdminSessionView,
  type EndAllResponse,
  MIN_PASSWORD_LENGTH,
  type PasswordChangedResponse,
  type PasswordRequest,
} from "../../../lib/api/adminApi";
import type { Call } from "./adminCall";
import { PasswordInput } from "./PasswordInput";

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
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [message, setMessage] = useState<string | null>(null);

  const refresh = useCallback(async () => setRows((await call("/api/admin/sessions")) as AdminSessionView[]), [call]);
  useEffect(() => {
    void refresh().catch(() => {});
  }, [refresh]);

  const change = async (event: FormEvent) => {
    event.preventDefault();
    if (next !== repeat) return setMessage("The new password and its repeat differ");
    try {
      const answer = (await call("/api/admin/password", {
        method: "POST",
        body: JSON.stringify({ current, next } satisfies PasswordRequest),
      })) as PasswordChangedResponse;
      setCurrent("");
      setNext("");
      setRepeat("");
      setMessage(`Password changed; ${answer.ended} other session(s) ended`);
      await refresh();
      onChanged();
    } catch (e) {
      setMessage((e as Error).message);
    }
  };
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
      <div className="table-scroll">
        <table className="sessions">
          <thead>
            <tr>
              <th>logged in</th>
              <th>last used</th>
              <th>address</th>
              <th>browser</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.createdAt}-${r.address}-${r.agent}`} data-current={r.current}>
                <td>
                  {new Date(r.createdAt).toLocaleString()}
                  {r.current && <b> (this browser)</b>}
                </td>
                <td>{new Date(r.seenAt).toLocaleString()}</td>
                <td>{r.address}</td>
                <td>{r.agent.slice(0, 60)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="toolbar">
        <button type="button" onClick={() => void endAll()}>
          Log out everywhere
        </button>
      </p>
      <h3>Change the password</h3>
      <form onSubmit={change} className="toolbar">
        <PasswordInput label="Current password" placeholder="current password" value={current} onChange={setCurrent} />
        <PasswordInput
          label="New password"
          fresh
          minLength={MIN_PASSWORD_LENGTH}
          placeholder="new: 12 characters or more"
          value={next}
          onChange={setNext}
        />
        <PasswordInput
          label="Repeat the new password"
          fresh
          placeholder="the new one again"
          value={repeat}
          onChange={setRepeat}
        />
        <button type="submit">Change password</button>
      </form>
      {message && <p role="status">{message}</p>}
    </section>
  );
}
