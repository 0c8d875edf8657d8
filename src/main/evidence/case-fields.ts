import type { CaseDb } from '../store/open-case';
import { appendAudit } from './audit-log';

/** The case's own description and who investigates it; null where not set. */
export interface CaseFields {
  caseNumber: string | null;
  title: string | null;
  description: string | null;
  investigatorName: string | null;
  investigatorOrganisation: string | null;
}

export type CaseFieldName = keyof CaseFields;
export const CASE_FIELD_NAMES: readonly CaseFieldName[] = [
  'caseNumber',
  'title',
  'description',
  'investigatorName',
  'investigatorOrganisation',
];

const COLUMN: Record<CaseFieldName, string> = {
  caseNumber: 'case_number',
  title: 'title',
  description: 'description',
  investigatorName: 'investigator_name',
  investigatorOrganisation: 'investigator_organisation',
};

const EMPTY: CaseFields = {
  caseNumber: null,
  title: null,
  description: null,
  investigatorName: null,
  investigatorOrganisation: null,
};

/** The fields as stored; all null in a case that has none (or, opened read-only, predates the table). */
export function getCaseFields(db: CaseDb): CaseFields {
  const hasTable =
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'case_fields'").get() !== undefined;
  if (!hasTable) return { ...EMPTY };
  const row = db
    .prepare(
      `SELECT case_number AS caseNumber, title, description, investigator_name AS investigatorName,
      investigator_organisation AS investigatorOrganisation FROM case_fields WHERE id = 1`,
    )
    .get() as CaseFields | undefined;
  return row ?? { ...EMPTY };
}

/**
 * Sets the given fields (an empty string clears one) and records the change in the audit log,
 * in one transaction: the case never holds a change its log does not show.
 */
export function setCaseFields(
  db: CaseDb,
  changes: Partial<CaseFields>,
  options: { now?: () => number; actor?: string } = {},
): CaseFields {
  const names = CASE_FIELD_NAMES.filter((n) => changes[n] !== undefined);
  if (names.length === 0) return getCaseFields(db);
  const now = options.now ?? Date.now;
  return db.transaction((): CaseFields => {
    const before = getCaseFields(db);
    const after: CaseFields = { ...before };
    for (const n of names) after[n] = changes[n] === '' ? null : (changes[n] ?? null);
    db.prepare(
      `INSERT INTO case_fields (id, case_number, title, description, investigator_name, investigator_organisation, updated_at_us)
      VALUES (1, @caseNumber, @title, @description, @investigatorName, @investigatorOrganisation, @at)
      ON CONFLICT (id) DO UPDATE SET ${CASE_FIELD_NAMES.map((n) => `${COLUMN[n]} = excluded.${COLUMN[n]}`).join(', ')},
      updated_at_us = excluded.updated_at_us`,
    ).run({ ...after, at: Math.trunc(now() * 1000) });
    appendAudit(db, {
      action: 'case-fields',
      details: Object.fromEntries(names.map((n) => [n, after[n]])),
      now,
      actor: options.actor,
    });
    return after;
  })();
}
