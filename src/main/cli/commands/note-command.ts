import { addNote, NoteError, deleteNote, editNote, listNotes, type Note, type NoteTarget } from '../../notes';
import { commandRef, noteRef, parseEntityRef, programRef, sessionRef } from '../../../shared/ids';
import { noteView } from '../../notes/note-view';
import { withWriteLock } from '../../store/write-lock';
import { openCase, type CaseDb } from '../../store/open-case';
import { parseCommandArgs } from '../args';
import { CliError } from '../cli-error';
import { orDash, printJson, printLine, printTable } from '../output';

export const noteHelp = `Usage: sshlens [--case PATH] note add TARGET [--at S --to S] [--text TEXT] [--tag TAG]... [--star] [--json]
       sshlens [--case PATH] note list [--tag TAG] [--starred] [--session sN] [--program pN] [--json]
       sshlens [--case PATH] note edit ID [--text TEXT] [--tag TAG]... [--untag TAG]... [--star|--unstar] [--json]
       sshlens [--case PATH] note delete ID [--json]

Bookmarks, notes, tags and stars on the evidence. They are kept apart from the imported
recordings, which they never change; every add, edit and delete goes to the audit log
with the note's text and its SHA-256 (sshlens audit).

  TARGET        a session (s1), a program (p1), or a command (c1, as show --json prints);
                with --at (and --to) on a program: the time range, in seconds since the
                program started (12.5); --to defaults to --at
  ID            a note, as listed (n1 or 1)
  --text TEXT   the note: plain text, kept exactly as written
  --tag TAG     a tag (repeatable): lowercased; letters, digits, . _ : - (lateral-movement)
  --untag TAG   remove a tag
  --star        mark as a key event (--unstar to clear)
  --json        note add/edit/delete: the note; note list: an array of them, as the API
                gives them: {id, kind, session, program, command, commandText, atUs,
                endUs, note, tags, starred, author, created, updated}; atUs and endUs
                are µs since the program started, created and updated ISO 8601 UTC

Each note says where it jumps: its session, program and time since the program
started. A command's note follows the command through sshlens reindex (matched by
program, time and command line). Search hits carrying them: tag:TAG, note:WORD, is:starred.`;

export async function noteCommand(casePath: string, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const db = (): CaseDb => openCase(casePath);
  switch (sub) {
    case 'add':
      return withCase(db(), (d) => add(d, rest), true);
    case 'list':
      return withCase(db(), (d) => list(d, rest), false);
    case 'edit':
      return withCase(db(), (d) => edit(d, rest), true);
    case 'delete':
      return withCase(db(), (d) => remove(d, rest), true);
    default:
      throw new CliError(
        `note: ${sub === undefined ? 'give a subcommand' : `unknown subcommand "${sub}"`}: add, list, edit or delete (see sshlens note --help)`,
        2,
      );
  }
}

/** Runs a subcommand; one that writes waits for an import in progress to let go of the case. */
async function withCase(db: CaseDb, work: (db: CaseDb) => number, writes: boolean): Promise<number> {
  try {
    return writes ? await withWriteLock(db, () => work(db)) : work(db);
  } catch (e) {
    if (e instanceof NoteError) throw new CliError(`note: ${e.message}`);
    throw e;
  } finally {
    db.close();
  }
}

function add(db: CaseDb, argv: string[]): number {
  const { values, positionals } = parseCommandArgs('note', argv, {
    at: { type: 'string' },
    to: { type: 'string' },
    text: { type: 'string' },
    tag: { type: 'string', multiple: true },
    star: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  });
  if (positionals.length !== 1) throw new CliError('note add: give one TARGET (s1, p1 or c1)', 2);
  const target = targetOf(positionals[0]!, values.at, values.to);
  const added = addNote(db, { target, note: values.text ?? '', tags: values.tag ?? [], starred: values.star });
  printOne(added, values.json, 'added');
  return 0;
}

function list(db: CaseDb, argv: string[]): number {
  const { values } = parseCommandArgs(
    'note',
    argv,
    {
      tag: { type: 'string' },
      starred: { type: 'boolean', default: false },
      session: { type: 'string' },
      program: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    false,
  );
  const session = values.session === undefined ? undefined : rowOf(values.session, 'session');
  const program = values.program === undefined ? undefined : rowOf(values.program, 'program');
  const found = listNotes(db, {
    sessionRow: session,
    programRow: program,
    tag: values.tag,
    starred: values.starred ? true : undefined,
  });
  if (values.json) {
    printJson(found.map(noteView));
    return 0;
  }
  if (found.length === 0) {
    printLine('no notes');
    return 0;
  }
  // Every cell goes through terminalSafe (printTable): a note may quote hostile text.
  printTable(
    ['ID', 'STAR', 'SESSION', 'PROGRAM', 'AT', 'ON', 'TAGS', 'NOTE'],
    found.map((a) => [
      noteRef(a.id),
      a.starred ? '*' : '',
      sessionRef(a.sessionRow),
      orDash(a.programRow === null ? null : programRef(a.programRow)),
      when(a),
      on(a),
      a.tags.join(','),
      oneLine(a.note),
    ]),
  );
  return 0;
}

function edit(db: CaseDb, argv: string[]): number {
  const { values, positionals } = parseCommandArgs('note', argv, {
    text: { type: 'string' },
    tag: { type: 'string', multiple: true },
    untag: { type: 'string', multiple: true },
    star: { type: 'boolean', default: false },
    unstar: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  });
  if (positionals.length !== 1) throw new CliError('note edit: give one note ID (n1)', 2);
  if (values.star && values.unstar) throw new CliError('note edit: --star or --unstar, not both', 2);
  if (values.text === undefined && !values.tag && !values.untag && !values.star && !values.unstar) {
    throw new CliError('note edit: nothing to change: give --text, --tag, --untag, --star or --unstar', 2);
  }
  const starred = values.star ? true : values.unstar ? false : undefined;
  const edited = editNote(db, idOf(positionals[0]!), {
    note: values.text,
    addTags: values.tag,
    removeTags: values.untag,
    starred,
  });
  printOne(edited, values.json, 'edited');
  return 0;
}

function remove(db: CaseDb, argv: string[]): number {
  const { values, positionals } = parseCommandArgs('note', argv, { json: { type: 'boolean', default: false } });
  if (positionals.length !== 1) throw new CliError('note delete: give one note ID (n1)', 2);
  const gone = deleteNote(db, idOf(positionals[0]!));
  printOne(gone, values.json, 'deleted');
  return 0;
}

function targetOf(ref: string, at: string | undefined, to: string | undefined): NoteTarget {
  if (to !== undefined && at === undefined) throw new CliError('note add: --to goes with --at', 2);
  const command = /^c(\d{1,15})$/i.exec(ref.trim());
  if (command) {
    if (at !== undefined)
      throw new CliError('note add: --at and --to take a program (p1): a command has its own time', 2);
    return { kind: 'command', commandRow: Number(command[1]) };
  }
  const entity = parseEntityRef(ref);
  if (entity === null) throw new CliError(`note add: "${ref}" is not a session, program or command id (s1, p1, c1)`, 2);
  if (at === undefined)
    return entity.kind === 'session'
      ? { kind: 'session', sessionRow: entity.row }
      : { kind: 'program', programRow: entity.row };
  if (entity.kind !== 'program') throw new CliError('note add: --at and --to take a program (p1), not a session', 2);
  const atUs = secondsArg(at, '--at');
  return { kind: 'range', programRow: entity.row, atUs, endUs: to === undefined ? atUs : secondsArg(to, '--to') };
}

/** Seconds since the program started, as typed (12.5), to whole µs. */
function secondsArg(value: string, flag: string): number {
  if (!/^\d{1,9}(\.\d{1,6})?$/.test(value.trim()))
    throw new CliError(`note add: ${flag} takes seconds since the program started, like 12.5`, 2);
  return Math.round(Number(value) * 1_000_000);
}

function rowOf(value: string, kind: 'session' | 'program'): number {
  const ref = parseEntityRef(value);
  if (ref === null || ref.kind !== kind)
    throw new CliError(`note list: "${value}" is not a ${kind} id (like ${kind[0]}1)`, 2);
  return ref.row;
}

function idOf(value: string): number {
  const m = /^n?(\d{1,15})$/i.exec(value.trim());
  if (!m) throw new CliError(`note: "${value}" is not a note id (like n1)`, 2);
  return Number(m[1]);
}

function printOne(a: Note, json: boolean, done: string): void {
  if (json) printJson(noteView(a));
  else
    printTable(
      ['ID', 'STATUS', 'SESSION', 'PROGRAM', 'AT', 'ON'],
      [
        [
          noteRef(a.id),
          done,
          sessionRef(a.sessionRow),
          orDash(a.programRow === null ? null : programRef(a.programRow)),
          when(a),
          on(a),
        ],
      ],
    );
}

/** Where the replay jumps, in seconds since the program started. */
function when(a: Note): string {
  if (a.atUs === null) return '-';
  const s = (us: number): string => `${(us / 1e6).toFixed(3).replace(/\.?0+$/, '')}s`;
  return a.kind === 'range' && a.endUs !== null && a.endUs !== a.atUs ? `${s(a.atUs)}-${s(a.endUs)}` : s(a.atUs);
}

function on(a: Note): string {
  if (a.kind !== 'command') return a.kind;
  const text = oneLine(a.commandText ?? '');
  return `${a.commandRow === null ? 'command (gone)' : commandRef(a.commandRow)}: ${text}`;
}

/** A table cell on one line; terminalSafe (in printTable) then shows any other control character as \xNN. */
function oneLine(text: string): string {
  const flat = text.replace(/\r?\n/g, ' ⏎ ');
  return [...flat].length > 80 ? `${[...flat].slice(0, 79).join('')}…` : flat;
}
