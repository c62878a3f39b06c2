"use client";

/**
 * The admin page's session: whether the area is on and this browser logged in, the requests made with
 * its CSRF token, logging in and out, and the message shown when it ends. A request answered 401 after
 * the page ended the session itself (log out everywhere) keeps that first message.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { AdminSessionState, LoginRequest, LoginResponse } from "../../../lib/api/adminApi";
import { adminCall, type Call } from "./adminCall";

export interface AdminSession {
  /** null until the server said */
  state: AdminSessionState | null;
  /** the message the page shows: a refusal, or why the session ended */
  error: string | null;
  setError(message: string | null): void;
  call: Call;
  login(password: string): Promise<void>;
  logout(): Promise<void>;
  /** this page ended its session itself (log out everywhere): back to the login, saying so */
  loggedOut(message: string): void;
}

export function useAdminSession(): AdminSession {
  const [state, setState] = useState<AdminSessionState | null>(null);
  const [error, setError] = useState<string | null>(null);

  /** whether this page's session is open: answers that arrive after it ended keep the first reason shown */
  const open = useRef(false);
  const opened = useCallback((s: AdminSessionState) => {
    open.current = s.loggedIn === true;
    setState(s);
  }, []);
  const loggedOut = useCallback((message: string) => {
    open.current = false;
    setState({ enabled: true, loggedIn: false });
    setError(message);
  }, []);
  /** A request found the session ended (elsewhere, idle, a password change), unless this page had ended it. */
  const ended = useCallback(
    (message: string) => {
      if (open.current) loggedOut(message);
    },
    [loggedOut],
  );
  const call = useCallback<Call>((path, init) => adminCall(path, init, state?.csrf, ended), [state?.csrf, ended]);

  useEffect(() => {
    fetch("/api/admin/session")
      .then((r) => r.json() as Promise<AdminSessionState>)
      .then((s) => {
        opened(s);
        if (s.ended) setError(s.ended);
      })
      .catch(() => setError("The server cannot be reached"));
  }, [opened]);

  const login = async (password: string) => {
    setError(null);
    try {
      const body = (await call("/api/admin/login", {
        method: "POST",
        body: JSON.stringify({ password } satisfies LoginRequest),
      })) as LoginResponse;
      opened({ enabled: true, loggedIn: true, csrf: body.csrf });
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const logout = async () => {
    await call("/api/admin/logout", { method: "POST" });
    opened({ enabled: true, loggedIn: false });
  };
  return { state, error, setError, call, login, logout, loggedOut };
}
