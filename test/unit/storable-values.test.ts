import { describe, expect, it } from 'vitest';
import type { ProgramFacts, SessionFacts } from '../../src/main/formats/recording';
import { checkStorableEvents, checkStorableFacts } from '../../src/main/store/storable-values';

// The store's own check, behind the readers': whatever slips past a reader is refused by column,
// so a case never holds a value it cannot read back (issue 11, "what to build", second bullet).

const START = Date.UTC(2026, 10, 21, 17, 20, 16) * 1000;
const program: ProgramFacts = {
  type: 'shell',
  startedAtUs: START,
  terminal: { term: 'xterm', cols: 80, rows: 24, modes: [] },
};

describe('values a case may hold', () => {
  it('lets a real session and program through', () => {
    expect(() => checkStorableFacts({ startedAtUs: START, userEmail: 'kai@example.org' }, program)).not.toThrow();
    expect(() => checkStorableEvents([{ atUs: 1000, kind: 'output', code: 0, data: new Uint8Array(3) }])).not.toThrow();
  });

  it.each<[string, SessionFacts, ProgramFacts, RegExp]>([
    ['a start in the year 10^7', { startedAtUs: 1e21 }, program, /sessions\.started_at_us = 1e\+21/],
    ['an end before 1970', { finishedAtUs: -1 }, program, /sessions\.finished_at_us = -1/],
    ['a start that is not whole', {}, { ...program, startedAtUs: START + 0.5 }, /programs\.started_at_us/],
    [
      'a terminal 2^31 columns wide',
      {},
      { ...program, terminal: { term: 'xterm', cols: 2 ** 31, rows: 24, modes: [] } },
      /programs\.term_cols\/term_rows = 2147483648x24/,
    ],
    [
      'an exit status of 1e300',
      {},
      { ...program, exit: { status: 1e300, signal: null, coreDumped: null, error: null } },
      /programs\.exit_status = 1e\+300/,
    ],
    [
      'an e-mail of 5000 characters',
      { userEmail: 'a'.repeat(5000) },
      program,
      /sessions\.user_email = 5000 characters/,
    ],
  ])('refuses %s, naming the column', (_what, session, prog, column) => {
    expect(() => checkStorableFacts(session, prog)).toThrow(column);
    expect(() => checkStorableFacts(session, prog)).toThrow(/the case could not read it back/);
  });

  it.each([
    ['Infinity', Infinity],
    ['NaN', NaN],
    ['2^53', 2 ** 53],
  ])('refuses an event at %s µs', (_what, atUs) => {
    expect(() => checkStorableEvents([{ atUs, kind: 'output', code: 0, data: new Uint8Array(1) }])).toThrow(
      /event_chunks \(event time\)/,
    );
  });
});
