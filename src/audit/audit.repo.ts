/**
 * The audit log: one line for every change staff make (and renewals a
 * patron makes), written in the change's own transaction so the log and the
 * change never disagree. Kysely only; `db` first.
 */
import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

type Db = Kysely<Database>;

/** When the change happened and who made it; null for the patron themselves or the worker's daily job. */
export interface AuditContext {
  now: Date;
  staffId: number | null;
}

export interface AuditEntry {
  action: string;
  patronId?: number | null;
  copyId?: number | null;
  recordId?: number | null;
  holdId?: number | null;
  details?: Record<string, unknown>;
}

/** Writes one line of the audit log: who did what, when, to which patron, copy, record or hold. */
export async function audit(db: Db, ctx: AuditContext, entry: AuditEntry): Promise<void> {
  await db.insertInto('audit_log').values(auditLine(ctx, entry)).execute();
}

/**
 * The audit log's row for an entry, for a change that writes its line in
 * its own statement (a renewal's update and its line are one round trip).
 */
export function auditLine(ctx: AuditContext, entry: AuditEntry): Insertable<Database['audit_log']> {
  return {
    at: ctx.now,
    staff_id: ctx.staffId,
    action: entry.action,
    patron_id: entry.patronId ?? null,
    copy_id: entry.copyId ?? null,
    record_id: entry.recordId ?? null,
    hold_id: entry.holdId ?? null,
    details: JSON.stringify(entry.details ?? {}),
  };
}
