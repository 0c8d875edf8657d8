// Why a session is flagged, as the timeline list's badge: the words of a program's exit badge
// (session/program-facts.ts exitOf), so a non-zero exit reads "exit 2", not "error".

import type { SessionFlags } from '../../../../shared/views';
import { plural } from '../../ui/format';
import type { Tone } from '../session/program-facts';

export interface CauseBadge {
  label: string;
  tone: Tone;
  /** Every problem, one a line, for the badge's title. */
  title: string;
}

/** The most serious problem as the label (a signal, an error, a status, a cut recording); all of them in the title. */
export function flagBadge(p: SessionFlags): CauseBadge {
  const lines: string[] = [];
  if (p.sessionError) lines.push('The session record states an error');
  if (p.killed > 0) lines.push(`${plural(p.killed, 'program')} killed by a signal`);
  if (p.exitErrors > 0) lines.push(`${plural(p.exitErrors, 'program')} ended with an error`);
  if (p.exitStatuses.length > 0) {
    const statuses = p.exitStatuses.join(', ');
    lines.push(`Non-zero exit (${statuses}): the program reported a failure or a negative answer`);
  }
  if (p.incomplete > 0) lines.push(`${plural(p.incomplete, 'program')} only partly recorded`);
  const title = lines.join('\n');
  if (p.killed > 0) return { label: 'killed', tone: 'problem', title };
  if (p.sessionError || p.exitErrors > 0) return { label: 'error', tone: 'problem', title };
  const [first] = p.exitStatuses;
  if (first !== undefined) {
    const label = p.exitStatuses.length === 1 ? `exit ${first}` : `exit ${first} +${p.exitStatuses.length - 1}`;
    return { label, tone: 'neutral', title };
  }
  return { label: 'incomplete', tone: 'warn', title };
}
