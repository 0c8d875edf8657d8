import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { RawKeyPair } from '../src/main/crypto/x25519-keys';
import { importSetInChild } from './import-bench';
import type { ImportChildReport } from './import-child';
import type { GeneratedSet } from './import-set';
import { mbPerSecond, MiB } from './measure';
import { bytesLabel, print, rate, row, seconds, target } from './report';

const START_NS = 1795281600000000000n;

/** One Logpush record of program `programId` whose Payload holds events `from..to` (1 ms apart). */
function record(programId: string, from: number, to: number): string {
  const lines = [JSON.stringify({ version: 2, width: 80, height: 24, timestamp: Number(START_NS / 1_000_000_000n) })];
  for (let i = from; i < to; i++) lines.push(JSON.stringify([i / 1000, i % 2 ? 'o' : 'i', i % 2 ? 'ab\r\n' : 'x']));
  return JSON.stringify({
    ClientAddress: '198.51.100.1:40000',
    Payload: lines.join('\n') + '\n',
    ProgramID: programId,
    ProgramStartDatetime: Number(START_NS),
    ProgramFinishDatetime: Number(START_NS) + 9e12,
    ProgramType: 'shell',
    ServerAddress: '203.0.113.80:22',
    SessionID: `s-${programId}`,
    SessionStartDatetime: Number(START_NS),
    Username: 'root',
  });
}

function writeSet(dir: string, lines: string[]): GeneratedSet {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'ssh_logs.ndjson');
  writeFileSync(path, lines.join('\n') + '\n');
  const size = statSync(path).size;
  const file = { name: 'ssh_logs.ndjson', plaintextBytes: size, layout: 'mixed' as const, fileBytes: size };
  return { dir, files: [file], totalBytes: size, largestBytes: size, seconds: 0 };
}

export interface LogpushPayloadResult {
  events: number;
  load: number;
  oneRecord: ImportChildReport;
  manyRecords: ImportChildReport;
  records: number;
}

/**
 * Issue 11/13: one Logpush record with a Payload of `events` events (2.27M make a 61 MB line),
 * imported in a child process, beside the baseline of the same events over records of 4096.
 */
export async function runLogpushPayloadBench(
  workDir: string,
  keys: RawKeyPair,
  events: number,
): Promise<LogpushPayloadResult> {
  const per = 4096;
  const one = writeSet(join(workDir, 'one'), [record('one', 0, events)]);
  const oneRecord = await importSetInChild(one, join(workDir, 'one'), keys);
  const lines: string[] = [];
  for (let i = 0; i < events; i += per) lines.push(record('many', i, Math.min(events, i + per)));
  const many = writeSet(join(workDir, 'many'), lines);
  const manyRecords = await importSetInChild(many, join(workDir, 'many'), keys);
  return { events, load: loadavg()[0]!, oneRecord, manyRecords, records: lines.length };
}

const RSS_GOAL = 300 * MiB;

export function printLogpushPayload(r: LogpushPayloadResult): void {
  print(
    `logpush  one record of ${r.events.toLocaleString('en')} events (${bytesLabel(r.oneRecord.bytes)} on one line), in a child process, load ${r.load.toFixed(1)}`,
  );
  const line = (label: string, c: ImportChildReport, note: string): void => {
    const s = c.planSeconds + c.importSeconds;
    print(row(label, rate(mbPerSecond(c.bytes, s)), seconds(s), `peak RSS ${bytesLabel(c.peakRss)}`, note));
  };
  line(`same events in ${r.records} records of 4096`, r.manyRecords, 'baseline');
  line('one record', r.oneRecord, target('peak RSS < 300 MiB', r.oneRecord.peakRss < RSS_GOAL));
}
