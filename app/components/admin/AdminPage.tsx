"use client";

/**
 * The admin area: log in with the admin password; the model versions with their figures, which one new
 * rooms start on, and activating another (no restart); training; the sessions; the audit log of admin
 * actions.
 */
import { useState } from "react";
import type { NamesRequest } from "../../../lib/api/adminApi";
import { AdminLogin } from "./AdminLogin";
import { AdminSessions } from "./AdminSessions";
import { AuditLog } from "./AuditLog";
import { ComponentNames } from "./ComponentNames";
import { ModelVersionsTable } from "./ModelVersionsTable";
import { modelPath } from "./modelFigures";
import { runAction } from "./runAction";
import { TrainingPanel } from "./TrainingPanel";
import { useAdminRecords } from "./useAdminRecords";
import { useAdminSession } from "./useAdminSession";

export function AdminPage() {
  const session = useAdminSession();
  const { state, error, setError, call } = session;
  const { models, audit, refresh } = useAdminRecords(call, state?.loggedIn === true, setError);
  /** the version whose component names are open */
  const [naming, setNaming] = useState<string | null>(null);
  const act = (work: () => Promise<unknown>) => runAction(work, refresh, setError);
  const refreshQuietly = () => void refresh().catch(() => {});

  if (!state) return <main className="landing">Loading…</main>;
  if (!state.enabled)
    return (
      <main className="landing">
        <h1>Admin</h1>
        <p>The admin area is off. {state.how}.</p>
      </main>
    );
  if (!state.loggedIn) return <AdminLogin error={error} onLogin={(password) => void session.login(password)} />;
  return (
    <main className="admin">
      <div className="toolbar">
        <h1>Admin</h1>
        <button type="button" onClick={() => act(session.logout)}>
          Log out
        </button>
      </div>
      {error && <p role="alert">{error}</p>}
      <h2>Model versions</h2>
      <ModelVersionsTable
        models={models}
        onRequest={(path, init) => act(() => call(path, init))}
        onNames={(version) => setNaming(naming === version ? null : version)}
      />
      {naming && (
        <ComponentNames
          key={naming}
          version={naming}
          names={models.find((m) => m.version === naming)?.names ?? {}}
          save={(names) =>
            act(async () => {
              await call(modelPath(naming, "/names"), {
                method: "POST",
                body: JSON.stringify({ names } satisfies NamesRequest),
              });
              setNaming(null);
            })
          }
        />
      )}
      <TrainingPanel call={call} onModels={refreshQuietly} />
      <AdminSessions call={call} onEnded={session.loggedOut} onChanged={refreshQuietly} />
      <h2>Audit log</h2>
      <AuditLog entries={audit} />
    </main>
  );
}
