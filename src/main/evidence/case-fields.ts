import type { CaseDb } from '../store/open-case';
import { CASE_FIELD_NAMES, readCaseFields, writeCaseFields, type CaseFields } from '../store/case-field-rows';
import { appendAudit } from './audit-log';

export { CASE_FIELD_NAMES, type CaseFieldName, type CaseFields } from '../store/case-field-rows';

const EMPTY: CaseFields = {
  caseNumber: null,
  title: null,
  description: null,
  investigatorName: null,
  investigatorOrganisation: null,
};

/** The fields as stored; all null in a case that has none (or, opened read-only, predates the table). */
export function getCaseFields(db: CaseDb): CaseFields {
  return readCaseFields(db) ?? { ...EMPTY };
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
    writeCaseFields(db, after, Math.trunc(now() * 1000));
    appendAudit(db, {
      action: 'case-fields',
      details: Object.fromEntries(names.map((n) => [n, after[n]])),
      now,
      actor: options.actor,
    });
    return after;
  })();
}
