#!/usr/bin/env node
// Write NAME.truth.json for a recording from the shells' own history (the truth of what was
// executed) plus the scenario's metadata (what was typed but must not count as a command).
//
//   node scripts/record/make-truth.mjs META.json RAW_DIR OUT.truth.json
//
// META.json is written by record-session.sh from the scenario file. RAW_DIR holds io.log,
// timing.log and the history files: the recorded shell's (META.main_history: bash_history,
// zsh_history or typed_history.main) and those of nested shells.
//
// History formats:
//   bash  (HISTTIMEFORMAT set, lithist on): each entry is a "#<unix seconds>" line followed by the
//         entry text; a multi-line entry spans all lines up to the next "#<digits>" line.
//   zsh   (EXTENDED_HISTORY): ": <unix seconds>:<elapsed>;<text>"; each newline inside an entry is
//         written as a backslash before it.
//   typed (dash and sh keep no history): one JSON line {ts, text, expect} per line typed, written by
//         shcmd/log_typed in scripts/record/lib.sh around its Enter; EXPECT is what the command
//         prints, checked by verify.mjs. The time is then taken from the recording itself: the
//         first Enter pressed from the logged time on, and when EXPECT is given, when it first
//         appears in the output after that Enter (the shell ran it then, also when typed ahead).
//
// Nested shells (a `bash` started inside the recording, `su - user`, the windows of a tmux or
// screen) write their own history. META.nested_history lists {anchor, file, label, format}: the
// entries of FILE are placed right after the first entry (after the previous insertion) whose text
// equals ANCHOR -- the command that started that shell; ANCHOR "@time" merges them by time instead
// (shells used in turns, like tmux windows: the scenario leaves a second between switches).
// Every command carries "shell": LABEL (the recorded shell: META.main_label, else its kind).
//
// Bash's history is not exactly "what ran": the first line of a compound command abandoned with
// Ctrl-C at the PS2 prompt stays in history. META.history_not_executed lists such entry texts;
// they are kept (history is the truth) and marked "executed": false.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readScriptLog } from './to-asciicast.mjs';

/** Parse a history file of FORMAT (bash, zsh or typed): [{text, ts}] in file order. */
export function parseHistoryAs(text, format, rawDir = null) {
  if (format === 'zsh') return parseZshHistory(text);
  if (format === 'typed') {
    const entries = parseTypedHistory(text);
    return rawDir === null ? entries : withRecordedTimes(entries, rawDir);
  }
  if (format !== 'bash') throw new Error(`unknown history format ${format}`);
  return parseHistory(text);
}

/**
 * A history file's text. zsh writes its history "metafied": each byte 0x83-0x9d, 0xa0 and 0x00
 * (so also the inner bytes of UTF-8 characters) as the Meta byte 0x83 followed by the byte XOR 0x20;
 * undone here before decoding UTF-8. bash and the typed logs are plain UTF-8.
 */
export function readHistoryFile(path, format) {
  const bytes = readFileSync(path);
  if (format !== 'zsh') return bytes.toString('utf8');
  const out = Buffer.alloc(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++)
    out[n++] = bytes[i] === 0x83 && i + 1 < bytes.length ? bytes[++i] ^ 0x20 : bytes[i];
  return out.subarray(0, n).toString('utf8');
}

/** zsh EXTENDED_HISTORY: ": 1795284142:0;text", continued on the next line after a trailing backslash. */
export function parseZshHistory(text) {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const entries = [];
  let cur = null;
  for (const line of lines) {
    if (cur && cur.open) {
      cur.open = line.endsWith('\\');
      cur.lines.push(cur.open ? line.slice(0, -1) : line);
      continue;
    }
    const m = /^: (\d+):\d+;([\s\S]*)$/.exec(line);
    if (!m) throw new Error(`zsh history line without ": ts:elapsed;": ${JSON.stringify(line)}`);
    const open = m[2].endsWith('\\');
    cur = { ts: Number(m[1]), lines: [open ? m[2].slice(0, -1) : m[2]], open };
    entries.push(cur);
  }
  return entries.map((e) => ({ text: e.lines.join('\n'), ts: e.ts }));
}

/** typed_history.*: JSON lines {ts, text, expect}. */
export function parseTypedHistory(text) {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const e = JSON.parse(l);
      return { text: e.text, ts: e.ts, expect_output: e.expect };
    });
}

/** Times of typed lines from the recording (see top of file): output for EXPECT, else the next Enter. */
function withRecordedTimes(entries, rawDir) {
  const log = readScriptLog(join(rawDir, 'io.log'), join(rawDir, 'timing.log'));
  const start = Date.parse(log.header.START_TIME.replace(' ', 'T')) / 1000;
  const out = [];
  const enters = []; // each Enter, with the keys typed since the Enter before
  let bytes = 0;
  let keys = [];
  for (const e of log.events) {
    if (e.type === 'O') {
      out.push({ from: bytes, us: e.us });
      bytes += e.bytes.length;
    }
    if (e.type !== 'I') continue;
    keys.push(e.bytes);
    if (e.bytes.includes(13)) {
      enters.push({ us: e.us, typed: Buffer.concat(keys).toString('utf8') });
      keys = [];
    }
  }
  const stream = Buffer.concat(log.events.filter((e) => e.type === 'O').map((e) => e.bytes));
  const timeAt = (offset) => out.findLast((o) => o.from <= offset).us;
  const offsetAt = (us) => out.find((o) => o.us > us)?.from ?? stream.length;
  // The logged second and START_TIME are whole seconds: an Enter up to 1.5 s before the logged time
  // is the line's, if it comes after the line before's; of two such, the one the line was typed
  // before (another shell's command may be entered just before, as after `screen -r`).
  let previous = -1;
  return entries.map((e) => {
    const logged = (e.ts - start) * 1e6;
    const candidates = enters.filter((t) => t.us > previous && t.us >= logged - 1_500_000);
    const enter = candidates.find((t) => t.us <= logged + 3_000_000 && t.typed.includes(e.text)) ?? candidates[0];
    let us = enter?.us ?? logged;
    previous = us;
    if (e.expect_output) {
      const at = stream.indexOf(Buffer.from(e.expect_output), offsetAt(us));
      if (at >= 0) us = timeAt(at);
    }
    return { ...e, ts: Math.floor(start + us / 1e6) };
  });
}

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

/** The history files a truth is made of: the recorded shell's first, then the nested shells'. */
export function historySources(meta) {
  const main = meta.main_history || { file: 'bash_history', format: 'bash' };
  return [
    { ...main, label: mainLabel(meta) },
    ...(meta.nested_history || []).map(({ anchor, file, format, label }) => ({
      file,
      format: format || 'bash',
      label,
      merge: anchor === '@time' ? 'time' : 'after-anchor',
    })),
  ];
}

function mainLabel(meta) {
  return meta.main_label || meta.shell_kind || 'bash';
}

/** Merge the main history with the nested shells' histories (see top of file). */
export function buildCommands(meta, rawDir) {
  const [mainSource] = historySources(meta);
  const read = (file, format) => {
    const path = join(rawDir, file);
    if (!existsSync(path)) throw new Error(`history ${path} is missing`);
    return parseHistoryAs(readHistoryFile(path, format || 'bash'), format || 'bash', rawDir);
  };
  let merged = read(mainSource.file, mainSource.format).map((c) => ({ ...c, shell: mainSource.label }));
  const nested = meta.nested_history || [];
  let from = 0;
  for (const { anchor, file, label, format } of nested) {
    const inner = read(file, format).map((c) => ({ ...c, shell: label }));
    if (anchor === '@time') {
      // Stable by time: entries of one shell keep their order, a later shell's entry goes after equal
      // times. Several shells may share one file (tmux windows): each appends when its command ends,
      // so the file's order is not the order of entry.
      merged = [...merged, ...inner]
        .map((c, i) => ({ c, i }))
        .sort((a, b) => a.c.ts - b.c.ts || a.i - b.i)
        .map((x) => x.c);
      continue;
    }
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
  // "TEXT": the first entry with that text not marked yet; "@N|TEXT": the Nth entry with that text
  for (const spec of meta.history_not_executed || []) {
    const nth = /^@(\d+)\|([\s\S]*)$/.exec(spec);
    const text = nth ? nth[2] : spec;
    const c = nth
      ? commands.filter((c) => c.text === text)[Number(nth[1]) - 1]
      : commands.find((c) => c.text === text && c.executed === undefined);
    if (!c) throw new Error(`history_not_executed ${JSON.stringify(spec)} is not in the history`);
    c.executed = false;
  }
  if (!commands.length) throw new Error('no commands in the history');
  if (Number(h.COLUMNS) !== meta.width || Number(h.LINES) !== meta.height) {
    throw new Error(`recorded size ${h.COLUMNS}x${h.LINES} is not the scenario's ${meta.width}x${meta.height}`);
  }
  return {
    scenario: meta.scenario,
    description: meta.description,
    shell: meta.shell_kind || 'bash',
    history_sources: historySources(meta),
    width: meta.width,
    height: meta.height,
    user: meta.user,
    started_at: started,
    ended_at: Math.round(started + Number(h.DURATION)),
    exit_status: Number(h.EXIT_CODE),
    commands,
    secrets: meta.secrets,
    hidden_inputs: meta.hidden_inputs ?? meta.secrets.length,
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
