/** This browser's name and colour in rooms, and the rooms it visited, kept in localStorage. */
export interface Identity {
  name: string;
  color: string;
}

const IDENTITY_KEY = "likeness.identity";
const RECENT_KEY = "likeness.recentRooms";
const COLORS = ["#d92d20", "#dc6803", "#16b364", "#0e9384", "#2e90fa", "#6172f3", "#ba24d5", "#dd2590"];
const ANIMALS = ["Otter", "Heron", "Lynx", "Badger", "Falcon", "Marten", "Ibex", "Puffin"];

export function loadIdentity(): Identity {
  try {
    const saved = JSON.parse(localStorage.getItem(IDENTITY_KEY) ?? "null") as Identity | null;
    if (saved && typeof saved.name === "string" && /^#[0-9a-f]{6}$/i.test(saved.color)) return saved;
  } catch {
    // fall through to a new identity
  }
  const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)] as T;
  const identity = { name: `${pick(ANIMALS)} ${Math.floor(Math.random() * 90 + 10)}`, color: pick(COLORS) };
  saveIdentity(identity);
  return identity;
}

/** Keeps a value in localStorage where the browser allows it (blocked storage or a full quota: not kept). */
function store(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // the name and the recent rooms are conveniences: the room works without them
  }
}

export function saveIdentity(identity: Identity): void {
  store(IDENTITY_KEY, identity);
}

export interface RecentRoom {
  id: string;
  name: string;
  /** the token of the link it was opened with (none: the plain link) */
  key?: string;
  visited: number;
}

export function recentRooms(): RecentRoom[] {
  try {
    const list = JSON.parse(localStorage.getItem(RECENT_KEY) ?? "[]") as RecentRoom[];
    return Array.isArray(list) ? list.filter((r) => typeof r.id === "string").slice(0, 10) : [];
  } catch {
    return [];
  }
}

export function rememberRoom(room: { id: string; name: string; key?: string }): void {
  const list = [{ ...room, visited: Date.now() }, ...recentRooms().filter((r) => r.id !== room.id)].slice(0, 10);
  store(RECENT_KEY, list);
}
