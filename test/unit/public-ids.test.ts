// Public ids are built and read in one place (src/shared/ids.ts) by main, the CLI and the UI.
import { describe, expect, it } from 'vitest';
import { commandRef, isRef, noteRef, parseEntityRef, programRef, rowOfRef, sessionRef } from '../../src/shared/ids';

describe('public ids', () => {
  it('builds each kind and reads its row back', () => {
    for (const [make, prefix] of [
      [sessionRef, 's'],
      [programRef, 'p'],
      [commandRef, 'c'],
      [noteRef, 'n'],
    ] as const) {
      const id = make(907);
      expect(id).toBe(`${prefix}907`);
      expect(isRef(prefix, id)).toBe(true);
      expect(rowOfRef(id)).toBe(907);
    }
  });

  it('accepts exactly the written form, with at most 15 digits', () => {
    expect(isRef('s', 's1')).toBe(true);
    expect(isRef('s', `s${'9'.repeat(15)}`)).toBe(true);
    for (const bad of ['s', 'S1', ' s1', 's1 ', 's-1', 's1.5', 'p1', `s${'9'.repeat(16)}`, 's１'])
      expect(isRef('s', bad), bad).toBe(false);
  });

  it('reads a session or program id as a person types it, and nothing else', () => {
    expect(parseEntityRef(' S12 ')).toEqual({ kind: 'session', row: 12 });
    expect(parseEntityRef('p3')).toEqual({ kind: 'program', row: 3 });
    for (const bad of ['c7', 'n2', 's', 'sx', `p${'1'.repeat(16)}`]) expect(parseEntityRef(bad), bad).toBeNull();
  });
});
