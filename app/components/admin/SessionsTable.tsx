/**
 * Where the admin area is open now: when each session logged in and was last used, from which address and
 * browser; this browser's own is marked.
 */
import type { AdminSessionView } from "../../../lib/api/adminApi";

export function SessionsTable({ rows }: { rows: AdminSessionView[] }) {
  return (
    <div className="table-scroll">
      <table className="sessions">
        <thead>
          <tr>
            <th>logged in</th>
            <th>last used</th>
            <th>address</th>
            <th>browser</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.createdAt}-${r.address}-${r.agent}`} data-current={r.current}>
              <td>
                {new Date(r.createdAt).toLocaleString()}
                {r.current && <b> (this browser)</b>}
              </td>
              <td>{new Date(r.seenAt).toLocaleString()}</td>
              <td>{r.address}</td>
              <td>{r.agent.slice(0, 60)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
