// How a program reads in lists and badges: its type's name, its exit, whether it has a screen.

import type { ProgramDetail, ProgramType } from '../../../../shared/model';

export const TYPE_LABELS: Record<ProgramType, string> = {
  shell: 'Shell',
  exec: 'Exec',
  x11: 'X11',
  'direct-tcpip': 'Tunnel (direct-tcpip)',
  'forwarded-tcpip': 'Tunnel (forwarded-tcpip)',
  unknown: 'Unknown',
};

export const TYPE_SHORT: Record<ProgramType, string> = {
  shell: 'shell',
  exec: 'exec',
  x11: 'x11',
  'direct-tcpip': 'direct-tcpip',
  'forwarded-tcpip': 'forwarded-tcpip',
  unknown: 'unknown',
};

/** A program drew on a terminal (and is replayed as a screen): a shell, or anything with a pty. */
export function hasTerminal(p: ProgramDetail): boolean {
  return p.type === 'shell' || p.terminal !== null;
}

export function isTunnel(p: ProgramDetail): boolean {
  return p.type === 'direct-tcpip' || p.type === 'forwarded-tcpip' || p.type === 'x11';
}

export type Tone = 'ok' | 'warn' | 'problem' | 'neutral';

/** The program's exit in a few words, and how it should look. */
export function exitOf(
  p: Pick<ProgramDetail, 'exitStatus' | 'exitSignal' | 'coreDumped' | 'exitError' | 'incomplete'>,
): { label: string; tone: Tone; title: string } {
  if (p.exitSignal) {
    const core = p.coreDumped ? ', core dumped' : '';
    return {
      label: p.exitSignal.startsWith('SIG') ? p.exitSignal : `SIG${p.exitSignal}`,
      tone: 'problem',
      title: `Killed by signal ${p.exitSignal}${core}`,
    };
  }
  if (p.exitStatus !== null) {
    return p.exitStatus === 0
      ? { label: 'exit 0', tone: 'ok', title: 'Exited with status 0' }
      : // Not zero is an answer, not an alarm: grep found nothing, test was false, a login failed.
        {
          label: `exit ${p.exitStatus}`,
          tone: 'neutral',
          title: `Exited with status ${p.exitStatus}: the program reported a failure or a negative answer`,
        };
  }
  if (p.exitError) return { label: 'error', tone: 'problem', title: p.exitError };
  if (p.incomplete) return { label: 'incomplete', tone: 'warn', title: 'The recording ends before the program did' };
  return { label: 'no exit', tone: 'neutral', title: 'The recording has no exit status for this program' };
}

export function badgeClass(tone: Tone): string {
  return tone === 'neutral' ? 'badge' : `badge badge-${tone}`;
}
