#!/usr/bin/env node
// Check the recordings in test/fixtures/recordings/ against their raw files.
//
//   node scripts/record/verify.mjs            all recordings
//   node scripts/record/verify.mjs NAME...    some
//   (REC_FIXTURES=DIR: check recordings in DIR instead)
//
// For each NAME:
//   - NAME.cast: header size/timestamp match the timing log; the concatenated "o" data equal the
//     O bytes of raw/NAME/io.log and the "i" data the I bytes, byte for byte; times never go back;
//     "r" events match the SIGWINCH lines; io.log ends with the "Script done" line.
//   - NAME.truth.json: commands are non-empty and are exactly the entries of the history files
//     in raw/NAME/ (truth.history_sources, else bash_history*: the main history in order, each
//     nested history as one block in order, or in order among the others when merged by time);
//     a line typed into a shell without history (typed_history.*) printed what it was expected to;
//     times are within the session and never go back; no secret is part of a command, shows up in
//     the output stream (echo was off) or is missing from the input stream; no not_command is a
//     command; every program input was typed.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readScriptLog, checkCast, streamBytes } from './to-asciicast.mjs';
import { parseHistoryAs, readHistoryFile } from './make-truth.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const DIR = process.env.REC_FIXTURES || join(HERE, '..', '..', 'test', 'fixtures', 'recordings');

function verify(name) {
  const errors = [];
  const warnings = [];
  const raw = join(DIR, 'raw', name);
  const log = readScriptLog(join(raw, 'io.log'), join(raw, 'timing.log'));
  const castText = readFileSync(join(DIR, `${name}.cast`), 'utf8');
  let cast;
  try {
    cast = checkCast(log, castText);
  } catch (e) {
    errors.push(`cast: ${e.message}`);
    return { errors, warnings };
  }
  const h = log.header;
  const start = Math.floor(Date.parse(h.START_TIME.replace(' ', 'T')) / 1000);
  if (cast.header.version !== 2) errors.push('cast: version is not 2');
  if (cast.header.width !== Number(h.COLUMNS) || cast.header.height !== Number(h.LINES))
    errors.push('cast: size differs from the timing log');
  if (cast.header.timestamp !== start) errors.push('cast: timestamp differs from START_TIME');
  const winch = log.events.filter((e) => e.type === 'S' && e.signal === 'SIGWINCH').length;
  const resizes = cast.events.filter((e) => e[1] === 'r').length;
  if (winch !== resizes) errors.push(`cast: ${resizes} "r" events for ${winch} SIGWINCH lines`);
  if (!/^\nScript done on [^\n]*\n$/.test(log.trailer.toString('utf8')))
    errors.push('io.log: does not end with the "Script done" line');
  if (h.EXIT_CODE !== '0') warnings.push(`script exit code ${h.EXIT_CODE}`);

  const truth = JSON.parse(readFileSync(join(DIR, `${name}.truth.json`), 'utf8'));
  const cmds = truth.commands;
  if (!Array.isArray(cmds) || cmds.length === 0) errors.push('truth: no commands');
  for (const c of cmds) {
    if (typeof c.text !== 'string' || c.text === '' || !Number.isInteger(c.ts))
      errors.push(`truth: bad command ${JSON.stringify(c)}`);
    if (c.ts < start - 1 || c.ts > truth.ended_at + 1)
      errors.push(`truth: ${JSON.stringify(c.text)} at ${c.ts} is outside the session`);
  }
  for (let i = 1; i < cmds.length; i++) {
    if (cmds[i].ts < cmds[i - 1].ts) errors.push(`truth: time goes back at ${JSON.stringify(cmds[i].text)}`);
  }
  // the commands are exactly the history entries
  const sources =
    truth.history_sources ??
    readdirSync(raw)
      .filter((f) => f === 'bash_history' || f.startsWith('bash_history.'))
      .sort((a, b) => (a === 'bash_history' ? -1 : b === 'bash_history' ? 1 : 0))
      .map((file) => ({ file, format: 'bash', merge: 'after-anchor' }));
  const entriesOf = (s) => parseHistoryAs(readHistoryFile(join(raw, s.file), s.format), s.format, raw);
  const key = (c) => `${c.ts}\u0000${c.text}`;
  for (const c of cmds)
    if ('executed' in c && c.executed !== false) errors.push(`truth: bad executed flag on ${JSON.stringify(c.text)}`);
  const fromFiles = sources.flatMap((s) => entriesOf(s).map(key)).sort();
  const fromTruth = cmds.map(key).sort();
  if (JSON.stringify(fromFiles) !== JSON.stringify(fromTruth))
    errors.push(`truth: commands are not the entries of ${sources.map((s) => s.file).join(', ')}`);
  const truthKeys = cmds.map(key);
  const inOrder = (list) => {
    let j = 0;
    for (const k of truthKeys) if (j < list.length && k === list[j]) j++;
    return j === list.length;
  };
  const main = entriesOf(sources[0]).map(key);
  if (!inOrder(main)) errors.push('truth: the main history is not in order');
  if (main.at(-1)?.split('\u0000')[1] !== 'exit') errors.push('truth: the main history does not end with exit');
  for (const s of sources.slice(1)) {
    const block = entriesOf(s).map(key);
    const at = truthKeys.indexOf(block[0]);
    if (s.merge === 'time') {
      // merged by time: the truth must be in time order (several shells may share the file)
      if (!inOrder([...block].sort((x, y) => Number(x.split('\u0000')[0]) - Number(y.split('\u0000')[0]))))
        errors.push(`truth: ${s.file} is not in time order`);
    } else if (at < 0 || JSON.stringify(truthKeys.slice(at, at + block.length)) !== JSON.stringify(block)) {
      errors.push(`truth: ${s.file} is not one block in order`);
    }
  }

  const out = streamBytes(log, 'O');
  const inp = streamBytes(log, 'I');
  // a line typed into a shell without history ran: what it prints follows in the output, in order
  let after = 0;
  for (const c of cmds.filter((c) => c.expect_output !== undefined)) {
    const at = out.indexOf(Buffer.from(c.expect_output), after);
    if (at < 0) errors.push(`truth: ${JSON.stringify(c.text)} did not print ${JSON.stringify(c.expect_output)}`);
    else after = at + 1;
  }
  for (const s of truth.secrets) {
    if (cmds.some((c) => c.text.includes(s))) errors.push(`secret ${JSON.stringify(s)} is part of a command`);
    if (out.includes(Buffer.from(s)))
      errors.push(`secret ${JSON.stringify(s)} was echoed (found in the output stream)`);
    if (!inp.includes(Buffer.from(s)))
      warnings.push(`secret ${JSON.stringify(s)} is not in the input stream as one piece`);
  }
  for (const s of truth.not_commands) {
    if (cmds.some((c) => c.text === s)) errors.push(`not_command ${JSON.stringify(s)} is a command`);
    else if (s.length >= 8 && cmds.some((c) => c.text.includes(s)))
      warnings.push(`not_command ${JSON.stringify(s)} is part of a command`);
  }
  for (const p of truth.program_inputs) {
    if (!inp.includes(Buffer.from(p.text)))
      warnings.push(`program input ${JSON.stringify(p.text)} is not in the input stream as one piece`);
  }
  return {
    errors,
    warnings,
    stats: { commands: cmds.length, out: out.length, in: inp.length, seconds: Number(h.DURATION).toFixed(1) },
  };
}

const names = process.argv.slice(2).length
  ? process.argv.slice(2)
  : readdirSync(DIR)
      .filter((f) => f.endsWith('.truth.json'))
      .map((f) => f.replace(/\.truth\.json$/, ''))
      .sort();
let failed = 0;
for (const name of names) {
  if (!existsSync(join(DIR, `${name}.cast`))) {
    console.log(`FAIL ${name}: no ${name}.cast`);
    failed++;
    continue;
  }
  const { errors, warnings, stats } = verify(name);
  const s = stats
    ? ` (${stats.commands} commands, ${stats.out} output / ${stats.in} input bytes, ${stats.seconds} s)`
    : '';
  console.log(`${errors.length ? 'FAIL' : 'ok  '} ${name}${s}`);
  for (const e of errors) console.log(`  error: ${e}`);
  for (const w of warnings) console.log(`  warning: ${w}`);
  if (errors.length) failed++;
}
process.exit(failed ? 1 : 0);
