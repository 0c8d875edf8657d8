import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { DemoRecording } from './demo-sources';

/**
 * A Logpush ssh_logs export for the demo's sessions, as an account's Logpush job would deliver
 * it: who connected (a small, fictional team), to which target, from where, and each program's
 * Payload (the recording as asciicast v2) sent in several records while a long program ran.
 * Imported beside the sealed captures, it shows how sshlens joins a capture to its Logpush
 * records by content: every demo session names its user and target, once.
 */

const TEAM = [
  { email: 'maya.ortiz@example.com', username: 'maya', client: '198.51.100.23' },
  { email: 'li.wei@example.com', username: 'lwei', client: '203.0.113.41' },
  { email: 'sam.okafor@example.com', username: 'root', client: '192.0.2.77' },
];
const TARGETS = [
  { id: '7b0c2f4e-1d3a-4c55-9e0a-5f6b7c8d9e01', address: '10.20.1.11:22' },
  { id: 'c2a9d3e8-6f1b-4a77-8b2c-0d1e2f3a4b5c', address: '10.20.1.12:22' },
  { id: '0f9e8d7c-6b5a-4c3d-9e2f-1a0b9c8d7e6f', address: '10.20.4.30:22' },
];
const ACCOUNT = '3c6e0b8a9c15224a8228b9a98ca1531d';
/** Events per record: long programs are sent in pieces, as Logpush does while they run. */
const EVENTS_PER_RECORD = 400;

export async function writeDemoLogpush(
  recordings: readonly DemoRecording[],
  startTimes: readonly number[],
  workDir: string,
): Promise<string> {
  const lines: string[] = [];
  for (const [i, recording] of recordings.entries()) {
    const [header, ...events] = (await readFile(recording.castPath, 'utf8')).split('\n').filter((l) => l.trim() !== '');
    if (!header) continue;
    const start = startTimes[i]!;
    const meta = JSON.parse(header) as Record<string, unknown>;
    const payloadHeader = JSON.stringify({ ...meta, timestamp: start });
    const lastSeconds = events.length > 0 ? (JSON.parse(events.at(-1)!) as [number])[0] : 0;
    const user = TEAM[i % TEAM.length]!;
    const target = TARGETS[(i * 2 + 1) % TARGETS.length]!;
    const ids = idsOf(recording.name);
    const rfc3339 = (seconds: number): string => new Date(Math.round(seconds * 1000)).toISOString();
    const finished = rfc3339(start + Math.ceil(lastSeconds));
    const pieces = Math.max(1, Math.ceil(events.length / EVENTS_PER_RECORD));
    for (let p = 0; p < pieces; p++) {
      const part = events.slice(p * EVENTS_PER_RECORD, (p + 1) * EVENTS_PER_RECORD);
      const last = p === pieces - 1;
      lines.push(
        JSON.stringify({
          AccountID: ACCOUNT,
          ClientAddress: `${user.client}:${40000 + ((i * 7919) % 20000)}`,
          Datetime: last ? finished : rfc3339(start + (JSON.parse(part.at(-1) ?? '[0]') as [number])[0]),
          Error: '',
          PTY: meta['command']
            ? ''
            : JSON.stringify({ term: 'xterm-256color', width: meta['width'], height: meta['height'], modes: [] }),
          Payload: [payloadHeader, ...part].join('\n') + '\n',
          ProgramFinishDatetime: last ? finished : '',
          ProgramID: ids.program,
          ProgramStartDatetime: rfc3339(start),
          ProgramType: meta['command'] ? 'exec' : 'shell',
          ServerAddress: target.address,
          SessionFinishDatetime: last ? finished : '',
          SessionID: ids.session,
          SessionStartDatetime: rfc3339(start),
          TargetID: target.id,
          UserEmail: user.email,
          UserID: uuidOf(`user:${user.email}`),
          Username: user.username,
        }),
      );
    }
  }
  const path = join(workDir, 'demo-logpush.ndjson.gz');
  await writeFile(path, gzipSync(lines.join('\n') + '\n'));
  return path;
}

/** Stable fictional Cloudflare ids per recording, so a rebuilt demo names its sessions alike. */
function idsOf(name: string): { session: string; program: string } {
  return { session: hex(`session:${name}`).slice(0, 32), program: uuidOf(`program:${name}`) };
}

function uuidOf(seed: string): string {
  const h = hex(seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function hex(seed: string): string {
  return createHash('sha256').update(`sshlens-demo/${seed}`).digest('hex');
}
