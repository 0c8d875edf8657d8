import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { now } from './measure';

/** 2026-11-21T17:20:00Z in nanoseconds, as Logpush states its datetimes. */
const BASE_NS = 1795281600000000000n;

/**
 * One Logpush file of `sessions` records, each its own session with one shell program whose
 * Payload is a small cast (three commands typed a key at a time, each with a line of output):
 * the shape of a day's export of many short sessions. Every program stays open to more records
 * until the file ends, which is what makes memory grow with the number of programs.
 */
export interface LogpushFile {
  dir: string;
  sessions: number;
  bytes: number;
  seconds: number;
}

export async function generateLogpushFile(dir: string, sessions: number): Promise<LogpushFile> {
  const t0 = now();
  const name = `logpush-${sessions}.ndjson`;
  const out = createWriteStream(join(dir, name));
  const hex = (k: number): string => randomBytes(k).toString('hex');
  const uuid = (): string => `${hex(4)}-${hex(2)}-4${hex(2).slice(1)}-a${hex(2).slice(1)}-${hex(6)}`;
  for (let i = 0; i < sessions; i++) {
    const t = BASE_NS + BigInt(i) * 1_000_000_000n;
    const ts = Number(t / 1_000_000_000n);
    const lines = [JSON.stringify({ version: 2, width: 80, height: 24, timestamp: ts, env: { SHELL: '/bin/bash' } })];
    let at = 0.1;
    for (const cmd of ['id', 'uname -a', `cat /var/log/app-${i}.log | tail -n 3`]) {
      for (const ch of cmd) {
        lines.push(JSON.stringify([at, 'i', ch]), JSON.stringify([at + 0.001, 'o', ch]));
        at += 0.05;
      }
      lines.push(
        JSON.stringify([at, 'i', '\r']),
        JSON.stringify([at + 0.001, 'o', `\r\noutput of ${cmd} on host ${i}\r\nroot@web-${i % 50}:~# `]),
      );
      at += 1;
    }
    const start = Number(t);
    const record = {
      AccountID: '2fefb801c6804fbbc5c6e38f14ec5d8b',
      ClientAddress: `198.51.100.${i % 250}:${40000 + (i % 20000)}`,
      Datetime: start + 9e9,
      Error: '',
      PTY: JSON.stringify({ term: 'xterm-256color', width: 80, height: 24, modes: [] }),
      Payload: lines.join('\n') + '\n',
      ProgramFinishDatetime: start + 8e9,
      ProgramID: uuid(),
      ProgramStartDatetime: start,
      ProgramType: 'shell',
      ServerAddress: '203.0.113.80:22',
      SessionFinishDatetime: start + 9e9,
      SessionID: hex(16),
      SessionStartDatetime: start - 1e8,
      TargetID: 'cac3331d-322d-4c28-a54e-4506f7f1da8a',
      UserEmail: `user${i % 300}@example.org`,
      UserID: uuid(),
      Username: 'root',
    };
    if (!out.write(JSON.stringify(record) + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  const bytes = (await stat(join(dir, name))).size;
  return { dir, sessions, bytes, seconds: now() - t0 };
}
