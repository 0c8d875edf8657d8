// The timeline list's status badge: a non-zero exit is the program's answer and reads "exit N"
// in a neutral badge, as on the session's screen; only a signal or a stated error reads red.
import { describe, expect, it } from 'vitest';
import type { SessionFlags } from '../../../src/shared/views';
import { flagBadge } from '../../../src/renderer/src/screens/timeline/session-flags';

const NONE: SessionFlags = { sessionError: false, killed: 0, exitStatuses: [], exitErrors: 0, incomplete: 0 };

describe('flagBadge', () => {
  it('a non-zero exit says its status, neutral, not "error"', () => {
    const b = flagBadge({ ...NONE, exitStatuses: [2] });
    expect(b).toMatchObject({ label: 'exit 2', tone: 'neutral' });
    expect(b.title).toContain('Non-zero exit (2)');
  });

  it('several statuses: the lowest, then how many more; all in the title', () => {
    const b = flagBadge({ ...NONE, exitStatuses: [1, 127] });
    expect(b.label).toBe('exit 1 +1');
    expect(b.title).toContain('(1, 127)');
  });

  it('a signal comes first, then a stated error, then a status, then a cut recording', () => {
    const all: SessionFlags = { sessionError: true, killed: 1, exitStatuses: [3], exitErrors: 2, incomplete: 1 };
    expect(flagBadge(all)).toMatchObject({ label: 'killed', tone: 'problem' });
    expect(flagBadge({ ...all, killed: 0 })).toMatchObject({ label: 'error', tone: 'problem' });
    expect(flagBadge({ ...all, killed: 0, sessionError: false, exitErrors: 0 })).toMatchObject({
      label: 'exit 3',
      tone: 'neutral',
    });
    expect(flagBadge({ ...NONE, incomplete: 2 })).toMatchObject({ label: 'incomplete', tone: 'warn' });
    expect(flagBadge(all).title.split('\n')).toEqual([
      'The session record states an error',
      '1 program killed by a signal',
      '2 programs ended with an error',
      'Non-zero exit (3): the program reported a failure or a negative answer',
      '1 program only partly recorded',
    ]);
  });
});
