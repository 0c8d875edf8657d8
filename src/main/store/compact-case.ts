import type { Database } from 'better-sqlite3';
import { isBusy } from './store-errors';

/** The case file's size and how much of it is free pages (space SQLite reuses but never gives back). */
export interface FileSpace {
  fileBytes: number;
  freeBytes: number;
}

/** Free space below this is left alone: rewriting the whole file to win it back costs more than it saves. */
export const COMPACT_MIN_FREE_BYTES = 64 * 1024 * 1024;
/** ... and so is free space under this share of the file. */
const COMPACT_MIN_FREE_SHARE = 0.1;

export function fileSpace(db: Database): FileSpace {
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const pages = db.pragma('page_count', { simple: true }) as number;
  const free = db.pragma('freelist_count', { simple: true }) as number;
  return { fileBytes: pages * pageSize, freeBytes: free * pageSize };
}

/** Whether compacting would give back enough to be worth rewriting the file. */
export function worthCompacting(space: FileSpace): boolean {
  return space.freeBytes >= COMPACT_MIN_FREE_BYTES && space.freeBytes >= space.fileBytes * COMPACT_MIN_FREE_SHARE;
}

/**
 * Rewrites the case file without its free pages (VACUUM), then empties the write-ahead log into
 * it so the file on disk shrinks now, not at some later checkpoint. Nothing stored changes: the
 * rows, their ids and the audit chain are the same. It needs the case to itself (no other
 * connection in a transaction) and free disk space about the size of the case's content, for the
 * copy SQLite builds.
 */
export function compactCase(db: Database): { before: FileSpace; after: FileSpace } {
  const before = fileSpace(db);
  db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
  return { before, after: fileSpace(db) };
}

/**
 * After an upgrade: a migration that rewrites the bulk of a case (016 moved 1.1 GB of output text
 * into compressed pieces) leaves the old pages free, and the file would keep its old size, larger
 * than the case, until something compacts it. Skipped, never failed, when another connection holds
 * the case (`sshlens case compact` does it later).
 */
export function compactAfterUpgrade(db: Database): boolean {
  if (!worthCompacting(fileSpace(db))) return false;
  try {
    compactCase(db);
    return true;
  } catch (e) {
    if (isBusy(e)) return false;
    throw e;
  }
}
