/**
 * The admin area's API (server/http/adminRoutes.ts behind adminAccess.ts): what the admin page sends,
 * checked by the server with these schemas, and the answers it reads back. Dates travel as ISO strings.
 */
import { z } from "zod";

/** every change carries the session's CSRF token in this header */
export const CSRF_HEADER = "x-csrf-token";
/** sent by the admin page's timed refreshes: they do not keep a session from going idle */
export const POLL_HEADER = "x-likeness-poll";
/** the shortest password the admin area accepts for a change */
export const MIN_PASSWORD_LENGTH = 12;
/** the longest name of a component */
export const COMPONENT_NAME_LENGTH = 40;

export const loginRequestSchema = z.object({ password: z.string().min(1).max(200) }).strict();
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const passwordRequestSchema = z
  .object({
    current: z.string().min(1).max(200),
    next: z
      .string()
      .min(MIN_PASSWORD_LENGTH, `the new password needs ${MIN_PASSWORD_LENGTH} characters or more`)
      .max(200),
  })
  .strict();
export type PasswordRequest = z.infer<typeof passwordRequestSchema>;

export const localDrawingRequestSchema = z.object({ allowed: z.boolean() }).strict();
export type LocalDrawingRequest = z.infer<typeof localDrawingRequestSchema>;

/** component names by index ("0" is the first), an empty name removing one */
export const namesRequestSchema = z
  .object({ names: z.record(z.string().regex(/^\d{1,3}$/), z.string().trim().max(COMPONENT_NAME_LENGTH)) })
  .strict();
export type NamesRequest = z.infer<typeof namesRequestSchema>;

/** GET /api/admin/session: whether the area is on, and this browser's session */
export interface AdminSessionState {
  enabled: boolean;
  /** how to turn the area on, while it is off */
  how?: string;
  loggedIn?: boolean;
  csrf?: string;
  /** why the session this browser had is over */
  ended?: string;
}

export interface LoginResponse {
  loggedIn: true;
  csrf: string;
}

export interface LogoutResponse {
  loggedIn: false;
}

/** "Log out everywhere": this session ended too, with `ended` sessions in all */
export interface EndAllResponse {
  loggedIn: false;
  ended: number;
}

/** a password change: the other sessions it ended */
export interface PasswordChangedResponse {
  changed: true;
  ended: number;
}

/** one live session of the admin area */
export interface AdminSessionView {
  /** the session of the browser asking */
  current: boolean;
  createdAt: string;
  seenAt: string;
  address: string;
  agent: string;
}

/** a model version with its figures, as the versions table shows it */
export interface ModelVersionView {
  version: string;
  /** new rooms start on it */
  active: boolean;
  /** the server has it in memory */
  loaded: boolean;
  createdAt: string;
  /** rooms created on it */
  rooms: number;
  /** the admin's component names */
  names: Record<string, string>;
  /** its decoder may be sent to its rooms' browsers, which then draw faces themselves */
  localDrawing: boolean;
  trainPsnr: number | null;
  explainedVarianceTop10: number | null;
  explainedVarianceTop20: number | null;
  trainingSeconds: number | null;
  dataset: { size?: number; id?: string; source?: string } | null;
  /** its model report has been written */
  report: boolean;
}

export interface ActivatedResponse {
  active: string;
}

export interface NamesResponse {
  version: string;
  names: Record<string, string>;
}

export interface LocalDrawingResponse {
  version: string;
  localDrawing: boolean;
}

/** a model version or a dataset deleted */
export interface DeletedResponse {
  deleted: string;
}

/** one row of the audit log of admin actions */
export interface AuditEntryView {
  id: number;
  at: string;
  action: string;
  detail: string;
  address: string;
}
