"use client";

/** The model versions and the audit log of the admin page, asked for once logged in and after each action. */
import { useCallback, useEffect, useState } from "react";
import type { AuditEntryView, ModelVersionView } from "../../../lib/api/adminApi";
import type { Call } from "./adminCall";

export function useAdminRecords(call: Call, loggedIn: boolean, onError: (message: string) => void) {
  const [models, setModels] = useState<ModelVersionView[]>([]);
  const [audit, setAudit] = useState<AuditEntryView[]>([]);
  const refresh = useCallback(async () => {
    setModels((await call("/api/admin/models")) as ModelVersionView[]);
    setAudit((await call("/api/admin/audit")) as AuditEntryView[]);
  }, [call]);
  useEffect(() => {
    if (loggedIn) refresh().catch((e: unknown) => onError((e as Error).message));
  }, [loggedIn, refresh, onError]);
  return { models, audit, refresh };
}
