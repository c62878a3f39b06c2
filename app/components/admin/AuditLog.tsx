/** The audit log of admin actions: when, what, on what, and from which address. */
import type { AuditEntryView } from "../../../lib/api/adminApi";

export function AuditLog({ entries }: { entries: AuditEntryView[] }) {
  return (
    <div className="table-scroll">
      <table className="audit">
        <tbody>
          {entries.map((a) => (
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
  );
}
