import type { Database } from 'better-sqlite3';

/**
 * The inflated text of output pieces read recently on a connection, so a piece is inflated once,
 * not once per query. Search tests the newest candidate pieces first, so the queries of one
 * investigation (and each keystroke of instant search) test mostly the same pieces: inflating one
 * costs ~40-90 µs on the bench's 1 GB case, decoding it ~5 µs, testing its text ~10 µs.
 *
 * It keeps the inflated UTF-8 bytes, not the decoded string: bytes live outside the JavaScript
 * heap, where a string of 16 K characters kept past a few queries is copied by every young-
 * generation collection it survives. Keeping strings made scavenges 14 ms each and a fifth of
 * the CPU of queries that test hundreds of pieces.
 *
 * An entry serves only the very bytes it was made from (compared whole, a memcmp of ~5 KB): a
 * piece stored again under the same id by a reindex or another connection is read again, so the
 * cache can never answer with text the case no longer holds. Bounded in bytes, least recently
 * used first out.
 */

/** Memory the cache may hold per connection: the inflated bytes and the stored bytes they came from. */
export const PIECE_CACHE_BYTES = 32 * 1024 * 1024;

interface Entry {
  stored: Uint8Array;
  inflated: Uint8Array;
  bytes: number;
}

export class PieceTextCache {
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  private readonly entries = new Map<number, Entry>();
  private held = 0;

  constructor(private readonly maxBytes: number) {}

  /**
   * The inflated bytes of piece `id` stored as `stored`: from the cache when it holds those bytes,
   * else `inflate(stored)`, kept. The caller must not change what it is given.
   */
  inflated(id: number, stored: Uint8Array, inflate: (stored: Uint8Array) => Uint8Array): Uint8Array {
    const hit = this.entries.get(id);
    if (hit !== undefined) {
      this.entries.delete(id);
      if (Buffer.compare(hit.stored, stored) === 0) {
        this.entries.set(id, hit);
        return hit.inflated;
      }
      this.held -= hit.bytes;
    }
    const fresh = inflate(stored);
    const bytes = fresh.length + stored.length;
    if (bytes > this.maxBytes) return fresh;
    // Copied, both: the caller's buffer may be a view of memory it reuses, and zlib's output a
    // view of a larger buffer (the cache would hold all of it).
    const inflated = Uint8Array.prototype.slice.call(fresh);
    this.entries.set(id, { stored: Uint8Array.prototype.slice.call(stored), inflated, bytes });
    this.held += bytes;
    for (const [oldest, e] of this.entries) {
      if (this.held <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.held -= e.bytes;
    }
    return inflated;
  }

  /** Bytes held (for tests). */
  get size(): number {
    return this.held;
  }
}

const caches = new WeakMap<Database, PieceTextCache>();

/** The connection's cache (one per connection: a closed connection's goes with it). */
export function pieceTextCache(db: Database): PieceTextCache {
  let cache = caches.get(db);
  if (cache === undefined) caches.set(db, (cache = new PieceTextCache(PIECE_CACHE_BYTES)));
  return cache;
}
