import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sshlens } from '../helpers/cli';
import { SAMPLES, tempDir } from '../helpers/fixtures';

const dir = tempDir();
const casePath = join(dir.path, 'case.sqlite');
const run = (...args: string[]) => sshlens(['--case', casePath, ...args]);
const recording = (name: string): string => join(SAMPLES, '..', 'recordings', name);

interface CommandJson {
  id: string;
  text: string;
  kind: string;
  programName?: string;
  parentId?: string;
}
interface Truth {
  program_inputs: Array<{ program: string; text: string; parent: string }>;
}

/** Every recording with lines typed into programs (REPLs, read, cat, nested bash -c, in tmux and screen too). */
const NAMES = readdirSync(join(SAMPLES, '..', 'recordings'))
  .filter((f) => f.endsWith('.truth.json'))
  .map((f) => f.replace(/\.truth\.json$/, ''))
  .filter((n) => (JSON.parse(readFileSync(recording(`${n}.truth.json`), 'utf8')) as Truth).program_inputs.length > 0)
  .sort();

beforeAll(() => {
  const r = run('import', ...NAMES.map((n) => recording(`${n}.cast`)));
  expect(r.status, r.stderr).toBe(0);
});
afterAll(() => dir.cleanup());

/** The program imported from a recording, by its source file name. */
function programOf(name: string): string {
  const sessions = JSON.parse(run('sessions', '--json').stdout) as Array<{
    programs: Array<{ id: string; sources: Array<{ path: string }> }>;
  }>;
  const program = sessions
    .flatMap((s) => s.programs)
    .find((p) => p.sources.some((src) => src.path.endsWith(`${name}.cast`)));
  return program!.id;
}

describe('lines typed into programs, as `show` gives them', () => {
  it('covers the REPLs the recordings exercise', () => {
    expect(NAMES).toEqual(expect.arrayContaining(['repl', 'repl-blocks', 'repl-mysql', 'repl-servers', 'screen']));
  });

  it.each(NAMES)('%s: each names its program and the shell command that started it (--json)', (name) => {
    const truth = JSON.parse(readFileSync(recording(`${name}.truth.json`), 'utf8')) as Truth;
    const r = run('show', programOf(name), '--json');
    expect(r.status).toBe(0);
    const commands = (JSON.parse(r.stdout) as { commands: CommandJson[] }).commands;
    const byId = new Map(commands.map((c) => [c.id, c]));
    const inputs = commands
      .filter((c) => c.kind === 'program-input')
      .map((c) => ({ program: c.programName, text: c.text, parent: byId.get(c.parentId!)?.text }));
    expect(inputs).toEqual(truth.program_inputs);
    for (const c of commands.filter((c) => c.kind === 'program-input')) {
      expect(byId.get(c.parentId!)!.kind).toBe('shell');
      expect(Number(c.parentId!.slice(1))).toBeLessThan(Number(c.id.slice(1)));
    }
    // shell commands carry neither
    for (const c of commands.filter((c) => c.kind === 'shell'))
      expect([c.programName, c.parentId]).toEqual([undefined, undefined]);
  });

  it('says "typed into python3, started by cN" in the text form', () => {
    const id = programOf('repl-blocks');
    const commands = (JSON.parse(run('show', id, '--json').stdout) as { commands: CommandJson[] }).commands;
    const python = commands.find((c) => c.text === 'python3')!;
    const r = run('show', id);
    expect(r.stdout).toContain(`def square(n):  (typed into python3, started by ${python.id})`);
  });
});
