"use client";

/**
 * The training panel's datasets, runs and presets. The runs are asked for every two seconds, so what the
 * panel shows survives a reload and is the same on every admin's page; a run that finishes (a new model
 * version, or a version's report) tells the page to ask for the versions again.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { POLL_HEADER } from "../../../lib/api/adminApi";
import type { DatasetView, PresetView, RunView } from "../../../lib/api/trainingApi";
import type { Call } from "./adminCall";
import { runAction } from "./runAction";

const POLL: RequestInit = { headers: { [POLL_HEADER]: "1" } };

/** Sends an action of the panel, then asks for the datasets and runs again; `then` reads its answer first. */
export type Send = (path: string, init: RequestInit, then?: (answer: unknown) => void) => void;

export function useTrainingRuns(call: Call, onModels: () => void) {
  const [datasets, setDatasets] = useState<DatasetView[]>([]);
  const [runs, setRuns] = useState<RunView[]>([]);
  const [presets, setPresets] = useState<PresetView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);

  const refresh = useCallback(
    async (init?: RequestInit) => {
      setDatasets((await call("/api/admin/datasets", init)) as DatasetView[]);
      setRuns((await call("/api/admin/runs", init)) as RunView[]);
      setLoaded(true);
    },
    [call],
  );
  useEffect(() => {
    void refresh().catch((e: unknown) => setError((e as Error).message));
    void call("/api/admin/presets")
      .then((p) => setPresets(p as PresetView[]))
      .catch(() => {});
    // timed refreshes say so: they do not keep an unattended session from going idle
    const timer = setInterval(() => void refresh(POLL).catch(() => {}), 2000);
    return () => clearInterval(timer);
  }, [refresh, call]);
  const finished = runs.filter((r) => r.modelVersion || (r.kind === "report" && r.status === "finished")).length;
  // the count when the runs were first read: the page asked for the versions itself then
  const seen = useRef<number | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a change in the count of finished runs is the trigger
  useEffect(() => {
    if (!loaded) return;
    if (seen.current !== null && seen.current !== finished) onModels();
    seen.current = finished;
  }, [finished, loaded]);

  const send: Send = (path, init, then) =>
    runAction(
      async () => {
        const answer = await call(path, init);
        then?.(answer);
      },
      refresh,
      setError,
    );
  return { datasets, runs, presets, error, send };
}
