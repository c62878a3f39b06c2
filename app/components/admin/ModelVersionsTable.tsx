"use client";

/** The admin page's table of model versions: one row each (ModelRow), with the figures they were trained to. */
import type { ModelVersionView } from "../../../lib/api/adminApi";
import { type ModelActions, ModelRow } from "./ModelRow";

export function ModelVersionsTable({ models, ...actions }: { models: ModelVersionView[] } & ModelActions) {
  return (
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
            <ModelRow key={m.version} m={m} {...actions} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
