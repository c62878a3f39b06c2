"use client";

/**
 * The admin area's login: the password, and why the last try or the last session ended. The password
 * lives in this form only: a login that succeeds closes it.
 */
import { useState } from "react";
import { PasswordInput } from "./PasswordInput";

export function AdminLogin({ error, onLogin }: { error: string | null; onLogin(password: string): void }) {
  const [password, setPassword] = useState("");
  return (
    <main className="landing">
      <h1>Admin</h1>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onLogin(password);
        }}
        className="toolbar"
      >
        <label htmlFor="admin-password">Admin password</label>
        <PasswordInput id="admin-password" label="Admin password" value={password} onChange={setPassword} />
        <button type="submit">Log in</button>
      </form>
      {error && <p role="alert">{error}</p>}
    </main>
  );
}
