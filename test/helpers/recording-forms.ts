import { createHash } from 'node:crypto';
import { writeZip } from './zip-writer';

// The forms an investigator receives of one real session, written from its asciicast as the
// tools that make them do: ssh-log-cli's ZIP (term_data.txt + term_times.txt) and Logpush
// ssh_logs records (whole, sent in pieces while the program ran, re-pulled with overlapping
// pieces, with datetimes as RFC 3339 or unix nanoseconds). Parsed here with JSON.parse alone,
// never with sshlens's own readers, so the files are a check on them.

export interface CastRecording {
  name: string;
  header: Record<string, unknown>;
  /** The event lines as recorded, and each parsed. */
  lines: string[];
  events: Array<[number, string, string]>;
}

export function parseCast(name: string, text: string): CastRecording {
  const [first, ...rest] = text.split('\n').filter((l) => l.trim() !== '');
  const events = rest.map((l) => JSON.parse(l) as [number, string, string]);
  return { name, header: JSON.parse(first!) as Record<string, unknown>, lines: rest, events };
}

/** The bytes of one stream of the recording ('o' output or 'i' keystrokes), concatenated. */
export function castStream(cast: CastRecording, code: 'o' | 'i'): Buffer {
  return Buffer.concat(cast.events.filter((e) => e[1] === code).map((e) => Buffer.from(e[2], 'utf8')));
}

const official = (unixSeconds: number): string =>
  `${new Date(unixSeconds * 1000).toISOString().slice(0, 19).replace('T', ' ')}+00`;

/** What `ssh-log-cli decrypt` writes for a terminal session: output and its scriptreplay timing. */
export function officialZip(cast: CastRecording, startedAt: number, exitStatus: number): Buffer {
  const outputs = cast.events.filter((e) => e[1] === 'o');
  const end = startedAt + Math.ceil(cast.events.at(-1)?.[0] ?? 0);
  const head = `Session started on ${official(startedAt)} [TERM="xterm-256color" COLUMNS="${String(cast.header['width'])}" LINES="${String(cast.header['height'])}"]\n`;
  const tail = `\nScript done on ${official(end)} [COMMAND_EXIT_CODE="${exitStatus}"]\n`;
  const data = Buffer.concat([Buffer.from(head), ...outputs.map((e) => Buffer.from(e[2], 'utf8')), Buffer.from(tail)]);
  let previous = 0;
  const times = outputs.map((e) => {
    const line = `${(e[0] - previous).toFixed(6)} ${Buffer.byteLength(e[2], 'utf8')}`;
    previous = e[0];
    return line;
  });
  return writeZip([
    { name: 'term_data.txt', data },
    { name: 'term_times.txt', data: Buffer.from(times.join('\n') + '\n') },
  ]);
}

export interface LogpushPlan {
  /** Events per record (a long program is sent in pieces while it runs). */
  eventsPerRecord: number;
  /** Events each record repeats from the one before (an export re-pulled for a wider window). */
  overlap?: number;
  time: 'rfc3339' | 'unixnano';
}

export interface LogpushIdentity {
  sessionId: string;
  programId: string;
  userEmail: string;
  targetId: string;
  clientAddress: string;
}

/** Stable fictional Cloudflare facts for a recording, so every export of it names it alike. */
export function identityOf(name: string, i: number): LogpushIdentity {
  const h = createHash('sha256').update(`recording-forms/${name}`).digest('hex');
  return {
    sessionId: h.slice(0, 32),
    programId: `${h.slice(32, 40)}-${h.slice(40, 44)}-4${h.slice(45, 48)}-8${h.slice(49, 52)}-${h.slice(52, 64)}`,
    userEmail: ['ana.ruiz@example.net', 'bo.chen@example.net', 'dee.kamau@example.net'][i % 3]!,
    targetId: ['9d1f6a3e-0c4b-4e7a-9b2d-3f5e6a7b8c9d', '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d'][i % 2]!,
    clientAddress: `198.51.100.${10 + i}:${41000 + i}`,
  };
}

/** An ssh_logs export (NDJSON text) of `casts`, the i-th started at startedAt[i] (unix seconds). */
export function logpushExport(
  casts: readonly CastRecording[],
  startedAt: readonly number[],
  plan: LogpushPlan,
): string {
  const out: string[] = [];
  const step = plan.eventsPerRecord - (plan.overlap ?? 0);
  if (step <= 0) throw new Error('each record must bring new events');
  for (const [i, cast] of casts.entries()) {
    const id = identityOf(cast.name, i);
    const start = startedAt[i]!;
    const at = (seconds: number): string =>
      plan.time === 'rfc3339'
        ? JSON.stringify(new Date(Math.round(seconds * 1000)).toISOString())
        : // Nanoseconds exceed 2^53: written as integer text, never through a float.
          `${BigInt(Math.round(seconds * 1e6)) * 1000n}`;
    const finish = start + Math.ceil(cast.events.at(-1)?.[0] ?? 0);
    const header = JSON.stringify({ ...cast.header, timestamp: start });
    for (let from = 0; from === 0 || from < cast.lines.length; from += step) {
      const part = cast.lines.slice(from, from + plan.eventsPerRecord);
      const last = from + plan.eventsPerRecord >= cast.lines.length;
      const sent = last ? finish : start + (cast.events[from + part.length - 1]?.[0] ?? 0);
      const pty = JSON.stringify({
        term: 'xterm-256color',
        width: cast.header['width'],
        height: cast.header['height'],
      });
      const fields: Array<[string, string]> = [
        ['AccountID', '"5f0c9e1d2b3a4c5d6e7f8091a2b3c4d5"'],
        ['ClientAddress', JSON.stringify(id.clientAddress)],
        ['Datetime', at(sent)],
        ['Error', '""'],
        ['PTY', JSON.stringify(pty)],
        ['Payload', JSON.stringify([header, ...part].join('\n') + '\n')],
        ['ProgramFinishDatetime', last ? at(finish) : '""'],
        ['ProgramID', JSON.stringify(id.programId)],
        ['ProgramStartDatetime', at(start)],
        ['ProgramType', '"shell"'],
        ['ServerAddress', '"10.44.0.5:22"'],
        ['SessionFinishDatetime', last ? at(finish) : '""'],
        ['SessionID', JSON.stringify(id.sessionId)],
        ['SessionStartDatetime', at(start)],
        ['TargetID', JSON.stringify(id.targetId)],
        ['UserEmail', JSON.stringify(id.userEmail)],
        ['Username', '"root"'],
      ];
      out.push(`{${fields.map(([k, v]) => `"${k}":${v}`).join(',')}}`);
      if (last) break;
    }
  }
  return out.join('\n') + '\n';
}
