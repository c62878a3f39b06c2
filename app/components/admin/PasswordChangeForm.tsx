"use client";

/**
 * Changes the admin password: the current one, the new one twice (they must match). The server ends every
 * other session; the form says how many, or why the change was refused.
 */
import { type FormEvent, useState } from "react";
import { MIN_PASSWORD_LENGTH, type PasswordChangedResponse, type PasswordRequest } from "../../../lib/api/adminApi";
import type { Call } from "./adminCall";
import { PasswordInput } from "./PasswordInput";

interface Props {
  call: Call;
  onMessage(message: string): void;
  /** the password changed: the sessions and the audit log have changed with it */
  onChanged(): Promise<void>;
}

export function PasswordChangeForm({ call, onMessage, onChanged }: Props) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const change = async (event: FormEvent) => {
    event.preventDefault();
    if (next !== repeat) return onMessage("The new password and its repeat differ");
    try {
      const answer = (await call("/api/admin/password", {
        method: "POST",
        body: JSON.stringify({ current, next } satisfies PasswordRequest),
      })) as PasswordChangedResponse;
      setCurrent("");
      setNext("");
      setRepeat("");
      onMessage(`Password changed; ${answer.ended} other session(s) ended`);
      await onChanged();
    } catch (e) {
      onMessage((e as Error).message);
    }
  };
  return (
    <form onSubmit={change} className="toolbar">
      <PasswordInput label="Current password" placeholder="current password" value={current} onChange={setCurrent} />
      <PasswordInput
        label="New password"
        fresh
        minLength={MIN_PASSWORD_LENGTH}
        placeholder={`new: ${MIN_PASSWORD_LENGTH} characters or more`}
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
  );
}
