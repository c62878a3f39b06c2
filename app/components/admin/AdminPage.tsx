"use client";

/**
 * The admin area: log in with the admin password; the model versions with their figures, which one new
 * rooms start on, and activating another (no restart); the audit log of admin actions.
 */
import { type FormEvent, useCallback, useEffect, useRef, useState } from "react";
import {
  type AdminSessionState,
  type AuditEntryView,
  CSRF_HEADER,
  type LocalDrawingRequest,
  type LoginRequest,
  type LoginResponse,
  type ModelVersionView,
  type NamesRequest,
} from "../../../lib/api/adminApi";
import { apiError } from "../apiError";
import { AdminSessions } from "./AdminSessions";
import { ComponentNames } from "./ComponentNames";
import { PasswordInput } from "./PasswordInput";
import { TrainingPanel } from "./TrainingPanel";

export function AdminPage() {
  const [state, setState] = useState<AdminSessionState | null>(null);
  const [password, setPassword] = useState("");
  const [models, setModels] = useState<ModelVersionView[]>([]);
  const [audit, setAudit] = useState<AuditEntryView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [naming, setNaming] = useState<string | null>(null);

  /** whether this page's session is open: answers that arrive after it ended keep the first reason shown */
  const open = useRef(false);
  const opened = useCallback((s: AdminSessionState) => {
    open.current = s.loggedIn === true;
    setState(s);
  }, []);
  /** This page ended its session itself (log out everywhere): back to the login, saying so. */
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
  const call = useCallback(
    async (path: string, init?: RequestInit) => {
      const res = await fetch(path, {
        ...init,
        // a file upload sets its own multipart content type
        headers: {
          ...(init?.body instanceof FormData ? {} : { "content-type": "application/json" }),
          ...(state?.csrf ? { [CSRF_HEADER]: state.csrf } : {}),
          ...(init?.headers as Record<string, string> | undefined),
        },
      });
      if (!res.ok) {
        const message = await apiError(res, "The server refused");
        // the session ended (logout elsewhere, idle, a password change): back to the login, saying why
        if (res.status === 401) ended(message);
        throw new Error(message);
      }
      return res.json() as Promise<unknown>;
    },
    [state?.csrf, ended],
  );
  const refresh = useCallback(async () => {
    setModels((await call("/api/admin/models")) as ModelVersionView[]);
    setAudit((await call("/api/admin/audit")) as AuditEntryView[]);
  }, [call]);

  useEffect(() => {
    fetch("/api/admin/session")
      .then((r) => r.json() as Promise<AdminSessionState>)
      .then((s) => {
        opened(s);
        if (s.ended) setError(s.ended);
      })
      .catch(() => setError("The server cannot be reached"));
  }, [opened]);
  useEffect(() => {
    if (state?.loggedIn) refresh().catch((e: unknown) => setError((e as Error).message));
  }, [state?.loggedIn, refresh]);

  const login = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const body = (await call("/api/admin/login", {
        method: "POST",
        body: JSON.stringify({ password } satisfies LoginRequest),
      })) as LoginResponse;
      setPassword("");
      opened({ enabled: true, loggedIn: true, csrf: body.csrf });
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const act = (work: () => Promise<unknown>) => {
    setError(null);
    work()
      .then(() => refresh())
      .catch((e: unknown) => setError((e as Error).message));
  };

  if (!state) return <main className="landing">Loading…</main>;
  if (!state.enabled)
    return (
      <main className="landing">
        <h1>Admin</h1>
        <p>The admin area is off. {state.how}.</p>
      </main>
    );
  if (!state.loggedIn)
    return (
      <main className="landing">
        <h1>Admin</h1>
        <form onSubmit={login} className="toolbar">
          <label htmlFor="admin-password">Admin password</label>
          <PasswordInput id="admin-password" label="Admin password" value={password} onChange={setPassword} />
          <button type="submit">Log in</button>
        </form>
        {error && <p role="alert">{error}</p>}
      </main>
    );
  return (
    <main className="admin">
      <div className="toolbar">
        <h1>Admin</h1>
        <button
          type="button"
          onClick={() =>
            act(async () => {
              await call("/api/admin/logout", { method: "POST" });
              opened({ enabled: true, loggedIn: false });
            })
          }
        >
          Log out
        </button>
      </div>
      {error && <p role="alert">{error}</p>}
      <h2>Model versions</h2>
      <div className="table-scroll">
        <table className="models">
          <thead>
            <tr>
              <th>version</th>
              <th>training-set PSNR</th>
              <th>variance, top 10</th>
              <th>training time</th>
              <th>dataset</th>
              <th>rooms</th>
              <th>created</th>
              <th>report</th>
              <th title="Whether the version's decoder may leave this server for its rooms' browsers">
                drawn in browsers
              </th>
              <th />
            </tr>
          </thead>
          <tbody>
            {models.map((m) => (
              <tr key={m.version} data-version={m.version}>
                <td>
                  <code>{m.version}</code>
                </td>
                <td>{m.trainPsnr === null ? "—" : `${m.trainPsnr.toFixed(2)} dB`}</td>
                <td>{m.explainedVarianceTop10 === null ? "—" : `${(m.explainedVarianceTop10 * 100).toFixed(1)} %`}</td>
                <td>{m.trainingSeconds === null ? "—" : `${(m.trainingSeconds / 60).toFixed(0)} min`}</td>
                <td>
                  {m.dataset
                    ? `${m.dataset.size ?? "?"} portraits${m.dataset.source ? ` (${m.dataset.source})` : ""}`
                    : "—"}
                </td>
                <td>{m.rooms}</td>
                <td>{new Date(m.createdAt).toLocaleString()}</td>
                <td>
                  {m.report ? (
                    <a
                      href={`/api/admin/models/${encodeURIComponent(m.version)}/report`}
                      target="_blank"
                      rel="noopener"
                    >
                      Model report
                    </a>
                  ) : (
                    <button
                      type="button"
                      onClick={() =>
                        act(() => call(`/api/admin/models/${encodeURIComponent(m.version)}/report`, { method: "POST" }))
                      }
                    >
                      Write report
                    </button>
                  )}
                </td>
                <td>
                  {m.localDrawing ? "allowed" : "server only"}{" "}
                  <button
                    type="button"
                    onClick={() =>
                      act(() =>
                        call(`/api/admin/models/${encodeURIComponent(m.version)}/local-drawing`, {
                          method: "POST",
                          body: JSON.stringify({ allowed: !m.localDrawing } satisfies LocalDrawingRequest),
                        }),
                      )
                    }
                  >
                    {m.localDrawing ? "Keep on the server" : "Allow"}
                  </button>
                </td>
                <td>
                  <button type="button" onClick={() => setNaming(naming === m.version ? null : m.version)}>
                    Names
                  </button>{" "}
                  {!m.active && m.rooms === 0 && (
                    <button
                      type="button"
                      onClick={() =>
                        act(() => call(`/api/admin/models/${encodeURIComponent(m.version)}`, { method: "DELETE" }))
                      }
                    >
                      Delete
                    </button>
                  )}{" "}
                  {m.active ? (
                    <b>active: new rooms use it</b>
                  ) : (
                    <button
                      type="button"
                      onClick={() =>
                        act(() =>
                          call(`/api/admin/models/${encodeURIComponent(m.version)}/activate`, { method: "POST" }),
                        )
                      }
                    >
                      Activate
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {naming && (
        <ComponentNames
          key={naming}
          version={naming}
          names={models.find((m) => m.version === naming)?.names ?? {}}
          save={(names) =>
            act(async () => {
              await call(`/api/admin/models/${encodeURIComponent(naming)}/names`, {
                method: "POST",
                body: JSON.stringify({ names } satisfies NamesRequest),
              });
              setNaming(null);
            })
          }
        />
      )}
      <TrainingPanel call={call} onModels={() => void refresh().catch(() => {})} />
      <AdminSessions call={call} onEnded={loggedOut} onChanged={() => void refresh().catch(() => {})} />
      <h2>Audit log</h2>
      <div className="table-scroll">
        <table className="audit">
          <tbody>
            {audit.map((a) => (
              <tr key={a.id}>
                <td>{new Date(a.at).toLocaleString()}</td>
                <td>{a.action}</td>
                <td>{a.detail}</td>
                <td>{a.address}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </main>
  );
}
