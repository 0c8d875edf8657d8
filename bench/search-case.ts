import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseDb } from '../src/main/store/open-case';
import { writeOutputText } from '../src/main/store/output-pieces';
import { CommandCorpus } from './command-corpus';
import { now, Prng } from './measure';

/**
 * A synthetic case for the search bench: sessions of many users on many targets over 90 days,
 * shell programs of 5..120 commands and one-command exec programs, each command with its
 * output, and now and then a login banner as output before the first command. Rows go in
 * directly with prepared statements in big transactions, not through the extractor. The same
 * text is written to plain files, one line per command or output line, for the grep baseline.
 */

export interface SearchCaseSpec {
  commands: number;
  seed: number;
  /** bulk (default): index the text once at the end; triggers: row by row, as imports do (5x slower to build). */
  indexing?: 'bulk' | 'triggers';
}

export interface BuiltSearchCase {
  commands: number;
  outputs: number;
  programs: number;
  sessions: number;
  /** Characters of command and output text. */
  textChars: number;
  exportedBytes: number;
  insertSeconds: number;
  indexSeconds: number;
  /** What the queries draw their filter values from. */
  users: string[];
  targets: string[];
  clientIps: string[];
  firstUs: number;
  lastUs: number;
}

const DAY_US = 86_400_000_000;
const END_US = Date.UTC(2026, 10, 21) * 1000;
const FIRST_NAMES = [
  'kai',
  'alex',
  'sam',
  'rio',
  'noor',
  'lena',
  'tomas',
  'ines',
  'yuki',
  'omar',
  'mara',
  'jonas',
  'priya',
  'chen',
  'ada',
  'felix',
  'zoe',
  'ivan',
  'lea',
  'hugo',
];
const LAST_NAMES = [
  'tester',
  'dev',
  'ops',
  'berg',
  'silva',
  'novak',
  'khan',
  'moreau',
  'sato',
  'weber',
  'rossi',
  'park',
  'lind',
  'costa',
  'meyer',
];
const BANNER =
  'Welcome to Ubuntu 22.04.4 LTS (GNU/Linux 5.15.0-105-generic x86_64)\n\n * Documentation:  https://help.ubuntu.com\n\nLast login: Thu Nov 19 08:14:09 2026 from ';

/** Builds the case into `db` (a fresh, migrated case) and writes the grep files into `textDir`. */
export function buildSearchCase(
  db: CaseDb,
  textDir: string,
  spec: SearchCaseSpec,
  onProgress?: (done: number) => void,
): BuiltSearchCase {
  const rng = new Prng(spec.seed);
  const corpus = new CommandCorpus(spec.seed ^ 0xc0ffee);
  const users = Array.from(
    { length: 300 },
    (_, i) =>
      `${FIRST_NAMES[i % FIRST_NAMES.length]}.${LAST_NAMES[(i * 7) % LAST_NAMES.length]}${i >= 60 ? i : ''}@corp.example`,
  );
  const targets = Array.from(
    { length: 800 },
    () => hex(rng, 8) + '-' + hex(rng, 4) + '-4' + hex(rng, 3) + '-a' + hex(rng, 3) + '-' + hex(rng, 12),
  );
  const clientIps = Array.from({ length: 2000 }, () => corpus.ip());
  const skew = (n: number): number => Math.min(n - 1, Math.floor(n * Math.pow(rng.next() / 0x1_0000_0000, 2)));

  const insert = {
    session:
      db.prepare(`INSERT INTO sessions (cf_session_id, user_email, username, target_id, client_address, server_address, started_at_us, finished_at_us)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    program:
      db.prepare(`INSERT INTO programs (session_id, cf_program_id, type, command, started_at_us, finished_at_us, term_cols, term_rows, exit_status)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    command:
      db.prepare(`INSERT INTO commands (program_id, seq, at_us, kind, method, text, output_start_us, output_end_us, output_start_offset, output_end_offset, exit_status)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    output: db.prepare(
      'INSERT INTO outputs (program_id, command_id, start_us, end_us, start_offset, end_offset) VALUES (?, ?, ?, ?, ?, ?)',
    ),
  };
  // Output text goes into compressed pieces, indexed as they are written (contentless indexes cannot be rebuilt).
  const addOutput = (
    program: number,
    command: number | null,
    a: number,
    b: number,
    c: number,
    d: number,
    text: string,
  ) => writeOutputText(db, Number(insert.output.run(program, command, a, b, c, d).lastInsertRowid), text);

  // Bulk load: index text once at the end ('rebuild'), 5x faster than row-by-row triggers.
  const bulk = (spec.indexing ?? 'bulk') === 'bulk';
  const triggers = db
    .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN ('commands_ai')")
    .pluck()
    .all() as string[];
  if (bulk) db.exec('DROP TRIGGER commands_ai;');

  const out = new TextFiles(textDir);
  const built = { commands: 0, outputs: 0, programs: 0, sessions: 0, textChars: 0 };
  const t0 = now();
  const batch = db.transaction((limit: number) => {
    while (built.commands < limit) {
      const exec = rng.chance(0.15);
      const count = exec ? 1 : Math.min(rng.int(5, 120), Math.max(1, spec.commands - built.commands));
      const startUs =
        END_US - 90 * DAY_US + Math.floor((built.commands / spec.commands) * 90 * DAY_US) + rng.int(0, 600_000_000);
      const user = users[skew(users.length)]!;
      const target = targets[skew(targets.length)]!;
      const client = `${clientIps[skew(clientIps.length)]!}:${rng.int(30000, 65000)}`;
      const server = `10.${rng.int(0, 40)}.${rng.int(0, 255)}.${rng.int(1, 254)}:22`;
      const commands = Array.from({ length: count }, () => corpus.command());
      let atUs = exec ? 0 : rng.int(500_000, 3_000_000);
      const times = commands.map(() => (atUs += rng.int(1_000_000, 30_000_000)));
      const endUs = startUs + atUs + 1_000_000;
      const sessionId = Number(
        insert.session.run(
          hex(rng, 32),
          user,
          user.split('@')[0]!.split('.')[0]!,
          target,
          client,
          server,
          startUs,
          endUs,
        ).lastInsertRowid,
      );
      const programId = Number(
        insert.program.run(
          sessionId,
          hex(rng, 32),
          exec ? 'exec' : 'shell',
          exec ? commands[0]!.text : null,
          startUs,
          endUs,
          exec ? null : 120,
          exec ? null : 40,
          exec ? commands[0]!.exitStatus : 0,
        ).lastInsertRowid,
      );
      built.sessions += 1;
      built.programs += 1;
      let offset = 0;
      if (!exec && rng.chance(0.05)) {
        const banner = BANNER + client.split(':')[0]!;
        addOutput(programId, null, 0, 200_000, 0, banner.length, banner);
        out.write(banner);
        offset += banner.length + 40;
        built.outputs += 1;
        built.textChars += banner.length;
      }
      commands.forEach((c, seq) => {
        const at = times[seq]!;
        const promptAndEcho = c.text.length + 30;
        const commandId = Number(
          insert.command.run(
            programId,
            seq,
            at,
            exec ? 'exec' : 'shell',
            exec ? 'exec' : 'screen',
            c.text,
            at + 1000,
            at + 900_000,
            offset + promptAndEcho,
            offset + promptAndEcho + c.output.length,
            c.exitStatus,
          ).lastInsertRowid,
        );
        addOutput(
          programId,
          commandId,
          at + 1000,
          at + 900_000,
          offset + promptAndEcho,
          offset + promptAndEcho + c.output.length,
          c.output,
        );
        offset += promptAndEcho + c.output.length;
        out.write(c.text);
        if (c.output !== '') out.write(c.output);
        built.commands += 1;
        built.outputs += 1;
        built.textChars += c.text.length + c.output.length;
      });
    }
  });
  while (built.commands < spec.commands) {
    batch(Math.min(spec.commands, built.commands + 50_000));
    out.flush();
    onProgress?.(built.commands);
  }
  const exportedBytes = out.total;
  const t1 = now();
  if (bulk) {
    for (const table of ['commands_trigram', 'commands_words']) {
      db.exec(`INSERT INTO ${table} (${table}) VALUES ('rebuild')`);
      db.exec(`INSERT INTO ${table} (${table}) VALUES ('optimize')`);
    }
    for (const sql of triggers) db.exec(sql);
  }
  const t2 = now();
  return {
    ...built,
    exportedBytes,
    insertSeconds: t1 - t0,
    indexSeconds: t2 - t1,
    users,
    targets,
    clientIps,
    firstUs: END_US - 90 * DAY_US,
    lastUs: END_US,
  };
}

function hex(rng: Prng, n: number): string {
  let s = '';
  while (s.length < n) s += rng.next().toString(16).padStart(8, '0');
  return s.slice(0, n);
}

/** Plain text for grep: a new file every 64 MB, so grep -r reads a folder of files as a case export would be. */
class TextFiles {
  private pending: string[] = [];
  private index = 0;
  private inFile = 0;
  total = 0;

  constructor(private readonly dir: string) {}

  write(text: string): void {
    this.pending.push(text, '\n');
  }

  /** Appends what was written since the last flush (called between transactions, not per row). */
  flush(): void {
    const chunk = this.pending.join('');
    this.pending = [];
    const bytes = Buffer.byteLength(chunk);
    appendFileSync(join(this.dir, `export-${String(this.index).padStart(3, '0')}.txt`), chunk);
    this.inFile += bytes;
    this.total += bytes;
    if (this.inFile > 64e6) {
      this.index += 1;
      this.inFile = 0;
    }
  }
}
