import type { ImportLineIssue } from '../../shared/model';

/** What a reader tells the importer beyond what it wrote into the sink. */
export interface ReaderReport {
  keyFingerprint?: string;
  /** Set when only an authenticated prefix was kept (--allow-partial). */
  partialReason?: string;
  warnings: string[];
  rejectedLines: ImportLineIssue[];
}

export function emptyReport(): ReaderReport {
  return { warnings: [], rejectedLines: [] };
}
