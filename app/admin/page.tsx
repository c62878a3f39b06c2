import { AdminPage } from "../components/admin/AdminPage";

export const dynamic = "force-dynamic";

/** The admin area: the page asks the server whether it is on and whether this browser is logged in. */
export default function Admin() {
  return <AdminPage />;
}
