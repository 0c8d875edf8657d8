#!/usr/bin/env node
// Write NAME.truth.json for a recording from bash's own history (the truth of what was executed)
// plus the scenario's metadata (what was typed but must not count as a command).
//
//   node scripts/record/make-truth.mjs META.json RAW_DIR OUT.truth.json
//
// META.json is written by record-session.sh from the scenario file. RAW_DIR holds io.log,
// timing.log, bash_history and the history files of nested shells (bash_history.*).
//
// HISTFILE format (HISTTIMEFORMAT set, lithist on): each entry is a "#<unix seconds>" line followed
// by the entry text; a multi-line entry spans all lines up to the next "#<digits>" line.
//
// Nested shells (a `bash` started inside the recording, `su - user`, ...) write their own HISTFILE.
// META.nested_history lists {anchor, file, label}: the entries of FILE are placed right after the
// first entry (after the previous insertion) whose text equals ANCHOR -- the command that started
// that shell -- and every command then carries "shell": LABEL (the recorded shell: META.main_label).
//
// Bash's history is not exactly "what ran": the first line of a compound command abandoned with
// Ctrl-C at the PS2 prompt stays in history. META.history_not_executed lists such entry texts;
// they are kept (history is the truth) and marked "executed": false.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Parse a bash HISTFILE written with timestamps: [{text, ts}] in file order. */
export function parseHistory(text) {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop(); // the file ends with a newline
  const entries = [];
  let cur = null;
  for (const line of lines) {
    const m = /^#(\d+)$/.exec(line);
    if (m) {
      cur = { ts: Number(m[1]), lines: [] };
      entries.push(cur);
    } else if (cur) {
      cur.lines.push(line);
    } else {
      throw new Error(`history line before the first timestamp: ${JSON.stringify(line)}`);
    }
  }
  return entries.map((e) => ({ text: e.lines.join('\n'), ts: e.ts }));
}

export function readTimingHeader(timingPath) {
  const header = {};
  for (const line of readFileSync(timingPath, 'utf8').split('\n')) {
    const m = /^H \S+ (\S+) ?(.*)$/.exec(line);
    if (m) header[m[1]] = m[2];
  }
  return header;
}

/** Merge the main history with the nested shells' histories (see top of file). */
export function buildCommands(meta, rawDir) {
  const main = parseHistory(readFileSync(join(rawDir, 'bash_history'), 'utf8'));
  const nested = meta.nested_history || [];
  if (!nested.length) return main;
  let merged = main.map((c) => ({ ...c, shell: meta.main_label || 'recorded shell' }));
  let from = 0;
  for (const { anchor, file, label } of nested) {
    const path = join(rawDir, file);
    if (!existsSync(path)) throw new Error(`nested history ${path} is missing`);
    const inner = parseHistory(readFileSync(path, 'utf8')).map((c) => ({ ...c, shell: label }));
    const at = merged.findIndex((c, i) => i >= from && c.text === anchor);
    if (at < 0) throw new Error(`no history entry ${JSON.stringify(anchor)} to place ${file} after`);
    merged = [...merged.slice(0, at + 1), ...inner, ...merged.slice(at + 1)];
    from = at + 1 + inner.length;
  }
  return merged;
}

export function makeTruth(meta, rawDir) {
  const h = readTimingHeader(join(rawDir, 'timing.log'));
  const started = Math.floor(Date.parse(h.START_TIME.replace(' ', 'T')) / 1000);
  const commands = buildCommands(meta, rawDir);
  for (const text of meta.history_not_executed || []) {
    const c = commands.find((c) => c.text === text && c.executed === undefined);
    if (!c) throw new Error(`history_not_executed ${JSON.stringify(text)} is not in the history`);
    c.executed = false;
  }
  if (!commands.length) throw new Error('no commands in the history');
  if (Number(h.COLUMNS) !== meta.width || Number(h.LINES) !== meta.height) {
    throw new Error(`recorded size ${h.COLUMNS}x${h.LINES} is not the scenario's ${meta.width}x${meta.height}`);
  }
  return {
    scenario: meta.scenario,
    description: meta.description,
    width: meta.width,
    height: meta.height,
    user: meta.user,
    started_at: started,
    ended_at: Math.round(started + Number(h.DURATION)),
    exit_status: Number(h.EXIT_CODE),
    commands,
    secrets: meta.secrets,
    not_commands: meta.not_commands,
    program_inputs: meta.program_inputs,
    hard_cases: meta.hard_cases,
  };
}

function main(argv) {
  if (argv.length !== 3) {
    console.error('usage: make-truth.mjs META.json RAW_DIR OUT.truth.json');
    process.exit(2);
  }
  const [metaPath, rawDir, out] = argv;
  const truth = makeTruth(JSON.parse(readFileSync(metaPath, 'utf8')), rawDir);
  writeFileSync(out, JSON.stringify(truth, null, 2) + '\n');
  console.log(`${out}: ${truth.commands.length} commands`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
