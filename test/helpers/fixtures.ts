import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'samples');
export const sample = (name: string): string => join(SAMPLES, name);
export const SAMPLE_KEY = sample('sample.key');

export function samplePrivateKey(): Uint8Array {
  return Uint8Array.from(Buffer.from(readFileSync(SAMPLE_KEY, 'latin1').trim(), 'base64'));
}

export interface Truth {
  scenario: string;
  program_type: 'shell' | 'exec';
  commands: Array<{ text: string; ts: number }>;
  secrets: string[];
  not_commands: string[];
  output_snippets: string[];
  started_at: number;
  ended_at: number;
  pty: { term: string; width: number; height: number; modes: Array<[string, number]> } | null;
  exit_status: number | null;
  exec_command?: string;
  logpush: { SessionID: string; ProgramID: string };
  stats: { packets: number; client_bytes: number; server_bytes: number; data_size: number; blocks: number };
}

export function truth(scenario: string): Truth {
  return JSON.parse(readFileSync(sample(`${scenario}.truth.json`), 'utf8')) as Truth;
}

/** A temporary folder removed by the returned cleanup. */
export function tempDir(prefix = 'sshlens-test-'): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}
