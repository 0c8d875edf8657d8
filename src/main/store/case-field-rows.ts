import type { CaseDb } from './open-case';
import { statement } from './statement-cache';

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

/** The stored row (case_fields holds one, id 1), or null when there is none or, opened read-only, no table yet. */
export function readCaseFields(db: CaseDb): CaseFields | null {
  const hasTable =
    statement(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'case_fields'").get() !== undefined;
  if (!hasTable) return null;
  const row = statement(
    db,
    `SELECT case_number AS caseNumber, title, description, investigator_name AS investigatorName,
      investigator_organisation AS investigatorOrganisation FROM case_fields WHERE id = 1`,
  ).get() as CaseFields | undefined;
  return row ?? null;
}

/** Stores every field as given, and when they changed (µs since the epoch). */
export function writeCaseFields(db: CaseDb, fields: CaseFields, atUs: number): void {
  statement(
    db,
    `INSERT INTO case_fields (id, case_number, title, description, investigator_name, investigator_organisation, updated_at_us)
    VALUES (1, @caseNumber, @title, @description, @investigatorName, @investigatorOrganisation, @at)
    ON CONFLICT (id) DO UPDATE SET ${CASE_FIELD_NAMES.map((n) => `${COLUMN[n]} = excluded.${COLUMN[n]}`).join(', ')},
    updated_at_us = excluded.updated_at_us`,
  ).run({ ...fields, at: atUs });
}
