"use client";

/** Names a model version's first components in plain words, shown in every room of that version. */
import { useState } from "react";
import { COMPONENT_NAME_LENGTH, type NamesRequest } from "../../../lib/api/adminApi";

/** The components named here: the first twelve, the largest variance. */
const SHOWN = Array.from({ length: 12 }, (_, k) => k);

export function ComponentNames({
  version,
  names,
  save,
}: {
  version: string;
  names: NamesRequest["names"];
  save(names: NamesRequest["names"]): void;
}) {
  const [draft, setDraft] = useState<NamesRequest["names"]>(names);
  return (
    <form
      className="component-names"
      onSubmit={(e) => {
        e.preventDefault();
        save(draft);
      }}
    >
      {SHOWN.map((k) => (
        <label key={k}>
          {k + 1}{" "}
          <input
            type="text"
            maxLength={COMPONENT_NAME_LENGTH}
            aria-label={`Name of component ${k + 1} of ${version}`}
            value={draft[String(k)] ?? ""}
            onChange={(e) => setDraft({ ...draft, [String(k)]: e.target.value })}
          />
        </label>
      ))}
      <button type="submit">Save names</button>
    </form>
  );
}
