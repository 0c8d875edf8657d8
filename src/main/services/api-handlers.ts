// What each API channel does, in the engine's words. Arguments arrive checked (api-args.ts); ids
// that name nothing are refused here. The store and the vault load on first use (see CaseConnection).

import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CaseGuard, SearchAnswer } from '../../shared/api';
import type { NoteTargetRequest, CaseInfo } from '../../shared/views';
import type { NoteTarget } from '../notes/note-types';
import { noteView } from '../notes/note-view';
import { isoFromUs } from '../store/stored-time';
import type { CaseDb } from '../store/open-case';
import { hasProgram } from '../store/row-lookups';
import { withWriteLock } from '../store/write-lock';
import type { AppServices } from './app-services';
import type { ApiHandlers } from './dispatch';
import { demoFilesDir } from '../demo/demo-location';
import { caseName } from './case-connection';
import { checkReplaceable, checkWriteFolder, WritePolicyError } from './write-policy';
import { rowOfRef } from '../../shared/ids';
import { CodedError } from '../../shared/errors';

const MAX_KEY_FILE_BYTES = 64 * 1024;

export function createApiHandlers(services: AppServices): ApiHandlers {
  const { cases, jobs } = services;
  const db = () => cases.db();
  /** A write waits for the case's write lock without blocking the event loop (an import may hold it). */
  const writing = async <T>(work: (d: CaseDb) => T | Promise<T>): Promise<T> => {
    const d = await db();
    return withWriteLock(d, () => work(d));
  };
  const store = {
    caseInfo: () => import('../store/session-detail-query'),
    timeline: () => import('../store/timeline-queries'),
    lanes: () => import('../store/timeline-lanes'),
    replay: () => import('../replay/replay-queries'),
  };
  const vault = async () => new (await import('../vault/key-vault')).KeyVault();
  const evidence = {
    caseFields: () => import('../evidence/case-fields'),
    notes: () => import('../notes'),
    audit: () => import('../evidence/audit-log'),
  };

  async function currentCase(): Promise<CaseInfo> {
    const { caseInfo } = await store.caseInfo();
    return caseInfo(await db(), cases.path);
  }

  /** Over HTTP the path was typed, not chosen in a dialog: keep to the folders serve was given. */
  const served = services.options.transport === 'http';
  const writeDirs = services.options.writeDirs ?? [];

  /** Issue 10: a write names the case the window shows; another case open here refuses it. */
  function checkCase({ expectedCase }: CaseGuard): void {
    if (resolve(expectedCase) === cases.path) return;
    throw new CodedError(
      'wrong-case',
      `refused: this window shows the case ${caseName(expectedCase)} (${expectedCase}) but ${caseName(cases.path)} ` +
        `(${cases.path}) is open now; nothing was written. Reload the window to work on ${caseName(cases.path)}.`,
    );
  }

  async function switchCase(action: 'open' | 'create', path: string): Promise<CaseInfo> {
    if (jobs.busy) throw new Error('a job is running on this case: wait for it or cancel it before switching cases');
    if (action === 'create' && served) checkWriteFolder(path, writeDirs, 'new cases');
    await (action === 'open' ? cases.open(path) : cases.create(path));
    services.recent.remember(cases.path);
    services.events.caseChanged(cases.path);
    return currentCase();
  }

  return {
    'sshlens:app:info': () => ({
      version: services.options.version,
      casePath: cases.path,
      transport: services.options.transport,
      nativeDialogs: services.options.pick !== undefined,
    }),
    'sshlens:dialog:pick': (purpose) => {
      if (!services.options.pick)
        throw new Error('file dialogs are not available in the browser: type the path instead');
      return services.options.pick(purpose);
    },

    'sshlens:case:info': currentCase,
    'sshlens:case:recent': () => services.recent.list().filter((r) => r.path !== cases.path),
    'sshlens:case:open': (path) => switchCase('open', path),
    'sshlens:case:create': (path) => switchCase('create', path),

    'sshlens:keys:list': async () => (await vault()).list(),
    'sshlens:keys:generate': async (label) => (await vault()).generate(label.trim() || undefined),
    'sshlens:keys:import': async ({ path, label }) => {
      // Read here, in main: the private key never passes through the renderer.
      const st = await stat(path).catch(() => null);
      if (!st?.isFile()) throw new Error(`${path}: no such key file`);
      if (st.size > MAX_KEY_FILE_BYTES) throw new Error(`${path}: too large to be a key file (${st.size} bytes)`);
      return (await vault()).importKeyFile(await readFile(path), label.trim() || caseName(path), new Date(), path);
    },
    'sshlens:keys:delete': async (id) => (await vault()).delete(id),

    'sshlens:jobs:import': async (guard, { paths, allowPartial }) => {
      checkCase(guard);
      await db(); // the case exists and is migrated before a worker opens it
      return jobs.start({ kind: 'import', paths, allowPartial }, cases.path);
    },
    'sshlens:jobs:reindex': async (guard) => {
      checkCase(guard);
      await db();
      return jobs.start({ kind: 'reindex' }, cases.path);
    },
    'sshlens:jobs:demo': async () => {
      const demo = services.demoCasePath;
      if (cases.path !== demo) {
        if (jobs.busy) throw new Error('a job is running: wait for it or cancel it before building the demo');
        await cases.open(demo).catch(() => cases.create(demo));
        services.recent.remember(demo);
        services.events.caseChanged(cases.path);
      }
      const info = await currentCase();
      // Already built: opening it is what was asked for (issue 10: the window follows, never desyncs).
      if (info.sessions > 0) return { job: null, caseInfo: info };
      return { job: jobs.start({ kind: 'demo', workDir: demoFilesDir(demo) }, demo), caseInfo: info };
    },
    'sshlens:jobs:list': () => jobs.list(),
    'sshlens:jobs:cancel': (id) => jobs.cancel(id),
    'sshlens:jobs:dismiss': (id) => jobs.dismiss(id),

    'sshlens:timeline:facets': async () => (await store.timeline()).timelineFacets(await db()),
    'sshlens:timeline:histogram': async (req) => (await store.timeline()).timelineHistogram(await db(), req),
    'sshlens:timeline:page': async (req) => (await store.timeline()).timelinePage(await db(), req),
    'sshlens:timeline:lanes': async (req) => (await store.lanes()).timelineLanes(await db(), req),
    'sshlens:timeline:runningAt': async (req) => (await store.lanes()).runningAt(await db(), req),

    'sshlens:search:run': async ({ query, ...options }): Promise<SearchAnswer> => {
      // An empty box is no query (the screen shows the help), not a malformed one.
      if (query.trim() === '') {
        const [sort, group] = [options.sort ?? 'relevance', options.group ?? 'none'];
        const none = { total: 0, totalCapped: false, hits: [], tookMs: 0, sort, group, offset: 0, next: null };
        return { ok: true, result: none };
      }
      const { searchCase } = await import('../search/run-search');
      // The list places no replay moments: the hit opened is placed then (sshlens:search:moment).
      const outcome = searchCase(await db(), query, { ...options, placeMoments: false });
      return outcome.ok ? outcome : { ok: false, message: outcome.error.message, column: outcome.error.column };
    },
    'sshlens:search:moment': async ({ query, program, atUs, outputOffset }) => {
      const { placeHitMoment } = await import('../search/run-search');
      return placeHitMoment(await db(), { query, programRow: await programRow(program), atUs, outputOffset });
    },
    'sshlens:search:export': async (guard, req) => {
      checkCase(guard);
      const { searchWholeList } = await import('../search/run-search');
      const out = await import('../export/search-export');
      const output = resolve(req.path);
      const format = out.searchExportFormat(output);
      if (served) {
        checkWriteFolder(output, writeDirs, 'exports');
        // No save dialog asked the investigator: never replace a file from a browser.
        if (existsSync(output))
          throw new WritePolicyError(`${output} exists: sshlens will not replace it; choose another name`);
      }
      out.checkExportPath(output, cases.path, req.force);
      // The list as the screen shows it, page after page: the same hits in the same order.
      const outcome = searchWholeList(await db(), req.query, { sort: req.sort, group: req.group });
      if (!outcome.ok) throw new Error(outcome.error.message);
      const { result } = outcome;
      const text = format === 'csv' ? out.searchCsv(result.hits) : out.searchJson(req.query, result);
      const sha256 = out.writeSearchExport(output, text);
      return { path: output, format, hits: result.hits.length, totalCapped: result.totalCapped, sha256 };
    },

    'sshlens:sessions:get': async (id) => {
      const detail = (await store.caseInfo()).getSessionDetail(await db(), rowOf(id));
      if (!detail) throw new Error(`no session ${id} in this case`);
      return detail;
    },
    'sshlens:programs:commands': async (id) =>
      (await store.caseInfo()).programCommands(await db(), await programRow(id)),
    'sshlens:programs:find': async (req) =>
      (await store.replay()).findInProgram(await db(), { ...req, programRow: await programRow(req.program) }),
    'sshlens:programs:exec': async (id) => (await store.replay()).execStreams(await db(), await programRow(id)),

    'sshlens:replay:info': async (id) => (await store.replay()).replayInfo(await db(), await programRow(id)),
    'sshlens:replay:frame': async ({ program, atUs }) =>
      (await store.replay()).replayFrame(await db(), await programRow(program), atUs),
    'sshlens:replay:events': async (req) =>
      (await store.replay()).replayEvents(await db(), { ...req, programRow: await programRow(req.program) }),

    'sshlens:case:fields': async () => (await evidence.caseFields()).getCaseFields(await db()),
    'sshlens:case:setFields': async (guard, changes) => {
      checkCase(guard);
      // An empty field clears it, as `sshlens case set --title ''` does.
      const cleared = Object.fromEntries(
        Object.entries(changes).map(([k, v]) => [k, typeof v === 'string' && v.trim() === '' ? null : v]),
      );
      const { setCaseFields } = await evidence.caseFields();
      return writing((d) => setCaseFields(d, cleared));
    },
    'sshlens:notes:list': async ({ session, tag, starred }) => {
      const { listNotes } = await evidence.notes();
      const filter = {
        ...(session !== undefined && { sessionRow: rowOf(session) }),
        ...(tag !== undefined && { tag }),
        ...(starred !== undefined && { starred }),
      };
      return listNotes(await db(), filter).map(noteView);
    },
    'sshlens:notes:add': async (guard, { target, note, tags, starred }) => {
      checkCase(guard);
      const { addNote } = await evidence.notes();
      return noteView(await writing((d) => addNote(d, { target: noteTarget(target), note, tags, starred })));
    },
    'sshlens:notes:edit': async (guard, { id, ...edit }) => {
      checkCase(guard);
      return noteView(await writing(async (d) => (await evidence.notes()).editNote(d, rowOf(id), edit)));
    },
    'sshlens:notes:delete': async (guard, id) => {
      checkCase(guard);
      return noteView(await writing(async (d) => (await evidence.notes()).deleteNote(d, rowOf(id))));
    },
    'sshlens:audit:list': async () => {
      const { verifyAudit } = await evidence.audit();
      const v = verifyAudit(await db());
      return {
        entries: v.entries.map((e) => ({
          seq: e.seq,
          at: isoFromUs(e.atUs)!,
          actor: e.actor,
          action: e.action,
          details: parseDetails(e.details),
          prevHash: e.prevHash,
          hash: e.hash,
        })),
        verified: v.ok,
        firstBadSeq: v.ok ? null : v.firstBadSeq,
        reason: v.ok ? null : v.reason,
      };
    },
    // links made by hand (issue 10): each takes the write lock and audits itself
    'sshlens:sessions:join': async (guard, { keep, merge }) => {
      checkCase(guard);
      const { joinByHand } = await import('../indexing/link-by-hand');
      const { kept, merged } = await joinByHand(await db(), keep, merge);
      return { kept, merged };
    },
    'sshlens:sources:split': async (guard, { program, source }) => {
      checkCase(guard);
      const { splitByHand } = await import('../indexing/link-by-hand');
      return splitByHand(await db(), program, source);
    },
    'sshlens:report:estimate': async (req) => {
      const { buildReport } = await import('../report/build-report');
      const { estimatePages } = await import('../report/page-estimate');
      const model = await buildReport(await db(), {
        ...req,
        fromUs: null,
        toUs: null,
        toolVersion: services.options.version,
      });
      return estimatePages(model);
    },
    'sshlens:report:write': async (guard, req) => {
      checkCase(guard);
      const { checkReportPath, reportFormat } = await import('../report/write-report');
      const { writeAuditedReport } = await import('../report/write-audited-report');
      const output = resolve(req.path);
      const format = reportFormat(output);
      if (served) checkWriteFolder(output, writeDirs, 'reports');
      checkReportPath(output, cases.path, req.force);
      const conn = await db();
      if (served && req.force) await checkReplaceable(conn, output);
      const options = {
        sessions: req.sessions,
        tags: req.tags,
        fromUs: null,
        toUs: null,
        outputLines: req.outputLines,
        transcript: req.transcript,
        toolVersion: services.options.version,
        onProgress: (done: number, total: number) =>
          services.events.reportProgress({ path: req.path, phase: 'reading', done, total }),
      };
      return writeAuditedReport(
        conn,
        () => ({ db: conn, close: () => undefined }),
        options,
        output,
        format,
        services.options.printPdf,
        (phase) => services.events.reportProgress({ path: req.path, phase, done: 0, total: 0 }),
      );
    },
  };

  async function programRow(id: string): Promise<number> {
    const row = rowOf(id);
    if (!hasProgram(await db(), row)) throw new Error(`no program ${id} in this case`);
    return row;
  }
}

/** "s12" / "p12" / "c12" / "n12" → 12 (the format was checked by api-args). */
const rowOf = rowOfRef;

function noteTarget(t: NoteTargetRequest): NoteTarget {
  switch (t.kind) {
    case 'session':
      return { kind: 'session', sessionRow: rowOf(t.session) };
    case 'program':
      return { kind: 'program', programRow: rowOf(t.program) };
    case 'command':
      return { kind: 'command', commandRow: rowOf(t.command) };
    case 'range':
      return { kind: 'range', programRow: rowOf(t.program), atUs: t.atUs, endUs: t.endUs };
  }
}

function parseDetails(details: string): unknown {
  try {
    return JSON.parse(details) as unknown;
  } catch {
    return details; // a tampered entry: shown as it is stored
  }
}
