"use client";

/** Makes a synthetic dataset: its name (which an upload takes too), how many portraits, and the seed. */
import { type FormEvent, useState } from "react";
import type { SyntheticRequest } from "../../../lib/api/trainingApi";
import type { Send } from "./useTrainingRuns";

export function SyntheticSetForm({ name, onName, send }: { name: string; onName(name: string): void; send: Send }) {
  const [count, setCount] = useState(500);
  // seed 1 and 2,000 portraits: the shipped model's own training set
  const [seed, setSeed] = useState(1);
  const makeSet = (e: FormEvent) => {
    e.preventDefault();
    send("/api/admin/datasets/synthetic", {
      method: "POST",
      body: JSON.stringify({ name, count, seed } satisfies SyntheticRequest),
    });
  };
  return (
    <form onSubmit={makeSet} className="toolbar">
      <input type="text" aria-label="Dataset name" value={name} onChange={(e) => onName(e.target.value)} />
      <input
        type="number"
        aria-label="Portraits"
        min={16}
        max={5000}
        value={count}
        onChange={(e) => setCount(Number(e.target.value))}
      />
      <input type="number" aria-label="Seed" min={0} value={seed} onChange={(e) => setSeed(Number(e.target.value))} />
      <button type="submit">Make a synthetic set</button>
    </form>
  );
}
