import { useCallback, useMemo, useState } from 'react';
import { api } from '../../api/client';
import { useResult } from '../../api/use-result';

export interface NoteMoment {
  atUs: number;
  endUs: number | null;
  note: string;
}

/**
 * The moments of this program that notes point at (a command, a range), for the seek bar, and a
 * reload to call when the notes change.
 */
export function useProgramNotes(
  session: string,
  program: string,
  caseVersion: number,
): { moments: NoteMoment[]; changed: () => void } {
  const [version, setVersion] = useState(0);
  const notes = useResult(() => api.listNotes({ session }), [session, caseVersion, version]);
  const listed = notes.state === 'done' && notes.ok ? notes.value : null;
  const moments = useMemo(
    () =>
      (listed ?? []).flatMap((n) =>
        n.program === program && n.atUs !== null ? [{ atUs: n.atUs, endUs: n.endUs, note: n.note }] : [],
      ),
    [listed, program],
  );
  const changed = useCallback(() => setVersion((v) => v + 1), []);
  return { moments, changed };
}
