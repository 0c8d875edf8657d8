// The one contract between the renderer and the main-process services. Every channel is declared
// here with its arguments and its answer; two thin transports carry it: Electron IPC (preload →
// src/main/app/ipc.ts) and HTTP for `sshlens serve` (src/renderer/src/api/http-transport.ts →
// src/main/serve). Main validates every argument (src/main/services/api-args.ts). Runs everywhere:
// no Node and no DOM types in this file.

import type { KeyInfo } from './model';
import type { ErrorCode, ErrorFields } from './errors';
import type { SearchGroup, SearchHit, SearchResult, SearchSort } from './search';
import type {
  NoteEditRequest,
  NoteListRequest,
  NoteView,
  AuditView,
  CaseFieldsView,
  NewNoteRequest,
  ReportRequest,
  ReportWritten,
  CaseInfo,
  ExecStreams,
  FindHit,
  FindInProgramRequest,
  Histogram,
  HistogramRequest,
  ImportRequest,
  JobInfo,
  ProgramCommands,
  RecentCase,
  ReplayChunk,
  ReplayEventsRequest,
  ReplayFrame,
  ReplayInfo,
  SessionDetail,
  TimelineFacets,
  TimelinePage,
  TimelinePageRequest,
  LanesRequest,
  LanesView,
  RunningAt,
  RunningAtRequest,
  ReportEstimate,
  ReportEstimateRequest,
} from './views';

/** Every channel name starts with this; main refuses any other. */
export const CHANNEL_PREFIX = 'sshlens:';

export interface AppInfo {
  version: string;
  /** The case file the window shows, absolute. */
  casePath: string;
  /** 'ipc' in the desktop app, 'http' under `sshlens serve` (a browser has no file dialogs). */
  transport: 'ipc' | 'http';
  /** Whether main can show native open/save dialogs (dialog:pick). */
  nativeDialogs: boolean;
}

/** What a native dialog is for: main picks its title, filters and mode. */
export type PickPurpose =
  'import-files' | 'import-folder' | 'key-file' | 'open-case' | 'create-case' | 'save-report' | 'save-export';

export interface SearchRequest {
  query: string;
  /** Hits of this page. */
  limit: number;
  /** Default relevance. */
  sort?: SearchSort;
  /** Default none. */
  group?: SearchGroup;
  /** The `next` of the previous page. */
  after?: string;
  /** Count users, targets, types and where over every match (the first page asks; the next reuse them). */
  facets?: boolean;
}

/** An output hit of the list, opened: its query and its unplaced replay (the output's start), to place. */
export interface SearchMomentRequest {
  query: string;
  program: string;
  atUs: number;
  outputOffset: number;
}

/** The whole result list of a query, in the order shown, written by main to a path the user picked. */
export interface SearchExportRequest {
  query: string;
  sort: SearchSort;
  group: SearchGroup;
  /** .csv or .json: the extension picks the format. */
  path: string;
  /** Replace an existing file (the desktop's save dialog asked); refused under `sshlens serve`. */
  force: boolean;
}

export interface SearchExported {
  path: string;
  format: 'csv' | 'json';
  /** Hits written; fewer than the matches when the list stopped at the cap (totalCapped). */
  hits: number;
  totalCapped: boolean;
  sha256: string;
}

/** A query error the user can fix (with the column it points at) is an answer, not a failure. */
export type SearchAnswer = { ok: true; result: SearchResult } | { ok: false; message: string; column: number | null };

// ------------------------------------------------------------ the case a write goes to (issue 10)

/**
 * The first argument of every channel that writes into the case: the case file the window shows.
 * Main refuses the write when another case is open, so a write never lands in a case the
 * investigator does not see. The renderer's client adds it (src/renderer/src/api/client.ts).
 */
export interface CaseGuard {
  expectedCase: string;
}

// ------------------------------------------------------------ links by hand (issue 10)

/** Two sessions (s12) or two programs (p3) found to be one: the older keeps its id, the other becomes its alias. */
export interface JoinRequest {
  keep: string;
  merge: string;
}
export interface JoinedView {
  /** The record that stays (always the older one, whichever was named first). */
  kept: string;
  merged: string;
}

/** Splits a source (its SHA-256, 12+ hex digits of it, or its path) off a program it was linked to by mistake. */
export interface SplitRequest {
  program: string;
  source: string;
}
export interface SplitView {
  program: string;
  source: string;
  /** The program, in a session of its own, the source now records. */
  split: string;
  session: string;
}

/** What "Build the demo case" did: started building it, or opened it when it was already built. */
export interface DemoStarted {
  /** The job building the demo; null when the demo case was already built and is simply open now. */
  job: JobInfo | null;
  /** The case now open (the demo case), for the top bar. */
  caseInfo: CaseInfo;
}

// ------------------------------------------------------------ pushed events (issue 15 item 4)

/**
 * What main tells the window without being asked: the job list whenever a job moves, the case
 * that is now open whenever it changes, and how far a report being written is. Carried by IPC (preload: `window.sshlensEvents`) in the
 * desktop app and by Server-Sent Events (GET /events) under `sshlens serve`.
 */
export type ApiEvent =
  { type: 'jobs'; jobs: JobInfo[] } | { type: 'case'; path: string } | { type: 'report'; progress: ReportProgress };

/** A report being written (report dialog): its programs read, then the file printed or written. */
export interface ReportProgress {
  /** The file being written, as the request named it. */
  path: string;
  phase: 'reading' | 'printing' | 'writing';
  /** Programs read so far, of total (while reading). */
  done: number;
  total: number;
}

/** The IPC channel main sends ApiEvents on; the SSE path under `sshlens serve`. */
export const EVENTS_CHANNEL = 'sshlens:events';
export const EVENTS_PATH = '/events';

/** Starts listening; the function returned stops. `onOpen` runs on each (re)connection: state may have been missed. */
export type SubscribeEvents = (listener: (event: ApiEvent) => void, onOpen?: () => void) => () => void;

/** Channel name → the arguments it takes and the value it answers with. */
export interface ApiContract {
  'sshlens:app:info': { args: []; value: AppInfo };
  'sshlens:dialog:pick': { args: [PickPurpose]; value: string[] };

  'sshlens:case:info': { args: []; value: CaseInfo };
  'sshlens:case:recent': { args: []; value: RecentCase[] };
  'sshlens:case:open': { args: [string]; value: CaseInfo };
  'sshlens:case:create': { args: [string]; value: CaseInfo };

  'sshlens:keys:list': { args: []; value: KeyInfo[] };
  'sshlens:keys:generate': { args: [string]; value: KeyInfo };
  'sshlens:keys:import': { args: [{ path: string; label: string }]; value: KeyInfo };
  'sshlens:keys:delete': { args: [string]; value: KeyInfo };

  'sshlens:jobs:import': { args: [CaseGuard, ImportRequest]; value: JobInfo };
  'sshlens:jobs:reindex': { args: [CaseGuard]; value: JobInfo };
  'sshlens:jobs:demo': { args: []; value: DemoStarted };
  'sshlens:jobs:list': { args: []; value: JobInfo[] };
  'sshlens:jobs:cancel': { args: [string]; value: JobInfo };
  'sshlens:jobs:dismiss': { args: [string]; value: JobInfo[] };

  'sshlens:timeline:facets': { args: []; value: TimelineFacets };
  'sshlens:timeline:histogram': { args: [HistogramRequest]; value: Histogram };
  'sshlens:timeline:page': { args: [TimelinePageRequest]; value: TimelinePage };
  // swim lanes and the instant cursor (issue 14, item 2)
  'sshlens:timeline:lanes': { args: [LanesRequest]; value: LanesView };
  'sshlens:timeline:runningAt': { args: [RunningAtRequest]; value: RunningAt };

  'sshlens:search:run': { args: [SearchRequest]; value: SearchAnswer };
  // the replay moment of the output hit opened: the list's hits are not placed (run-search.ts placeMoments)
  'sshlens:search:moment': { args: [SearchMomentRequest]; value: SearchHit['replay'] | null };
  // the result list as CSV or JSON (issue 14, item 3)
  'sshlens:search:export': { args: [CaseGuard, SearchExportRequest]; value: SearchExported };

  'sshlens:sessions:get': { args: [string]; value: SessionDetail };
  'sshlens:programs:commands': { args: [string]; value: ProgramCommands };
  'sshlens:programs:find': { args: [FindInProgramRequest]; value: FindHit[] };
  'sshlens:programs:exec': { args: [string]; value: ExecStreams };

  'sshlens:replay:info': { args: [string]; value: ReplayInfo };
  'sshlens:replay:frame': { args: [{ program: string; atUs: number }]; value: ReplayFrame };
  'sshlens:replay:events': { args: [ReplayEventsRequest]; value: ReplayChunk };

  'sshlens:case:fields': { args: []; value: CaseFieldsView };
  'sshlens:case:setFields': { args: [CaseGuard, Partial<CaseFieldsView>]; value: CaseFieldsView };
  'sshlens:notes:list': { args: [NoteListRequest]; value: NoteView[] };
  'sshlens:notes:add': { args: [CaseGuard, NewNoteRequest]; value: NoteView };
  'sshlens:notes:edit': { args: [CaseGuard, NoteEditRequest]; value: NoteView };
  'sshlens:notes:delete': { args: [CaseGuard, string]; value: NoteView };
  'sshlens:audit:list': { args: []; value: AuditView };
  'sshlens:report:write': { args: [CaseGuard, ReportRequest]; value: ReportWritten };
  // the report dialog's page estimate (issue 14, item 5)
  'sshlens:report:estimate': { args: [ReportEstimateRequest]; value: ReportEstimate };
  // links made by hand on the session screen (issue 10)
  'sshlens:sessions:join': { args: [CaseGuard, JoinRequest]; value: JoinedView };
  'sshlens:sources:split': { args: [CaseGuard, SplitRequest]; value: SplitView };
}

export type Channel = keyof ApiContract;
export type ChannelArgs<C extends Channel> = ApiContract[C]['args'];
export type ChannelValue<C extends Channel> = ApiContract[C]['value'];

/**
 * Errors cross the boundary as values carrying a human message and a code (src/shared/errors.ts),
 * never as a stack trace. Main sets the code on every failure, over IPC and HTTP alike.
 */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string; code?: ErrorCode; fields?: ErrorFields };

/** The method name on `window.sshlens` of each channel. */
export const CHANNELS = {
  appInfo: 'sshlens:app:info',
  pick: 'sshlens:dialog:pick',
  caseInfo: 'sshlens:case:info',
  recentCases: 'sshlens:case:recent',
  openCase: 'sshlens:case:open',
  createCase: 'sshlens:case:create',
  listKeys: 'sshlens:keys:list',
  generateKey: 'sshlens:keys:generate',
  importKey: 'sshlens:keys:import',
  deleteKey: 'sshlens:keys:delete',
  startImport: 'sshlens:jobs:import',
  startReindex: 'sshlens:jobs:reindex',
  startDemo: 'sshlens:jobs:demo',
  listJobs: 'sshlens:jobs:list',
  cancelJob: 'sshlens:jobs:cancel',
  dismissJob: 'sshlens:jobs:dismiss',
  timelineFacets: 'sshlens:timeline:facets',
  timelineHistogram: 'sshlens:timeline:histogram',
  timelinePage: 'sshlens:timeline:page',
  timelineLanes: 'sshlens:timeline:lanes',
  runningAt: 'sshlens:timeline:runningAt',
  search: 'sshlens:search:run',
  searchMoment: 'sshlens:search:moment',
  exportSearch: 'sshlens:search:export',
  getSession: 'sshlens:sessions:get',
  programCommands: 'sshlens:programs:commands',
  findInProgram: 'sshlens:programs:find',
  execStreams: 'sshlens:programs:exec',
  replayInfo: 'sshlens:replay:info',
  replayFrame: 'sshlens:replay:frame',
  replayEvents: 'sshlens:replay:events',
  caseFields: 'sshlens:case:fields',
  setCaseFields: 'sshlens:case:setFields',
  listNotes: 'sshlens:notes:list',
  addNote: 'sshlens:notes:add',
  editNote: 'sshlens:notes:edit',
  deleteNote: 'sshlens:notes:delete',
  auditLog: 'sshlens:audit:list',
  writeReport: 'sshlens:report:write',
  estimateReport: 'sshlens:report:estimate',
  joinSessions: 'sshlens:sessions:join',
  splitSource: 'sshlens:sources:split',
} as const satisfies Record<string, Channel>;

export type ApiMethod = keyof typeof CHANNELS;

/**
 * The `window.sshlens` global: one function per intent, nothing else. Plain functions, not
 * methods: they may be passed around unbound.
 */
export type SshlensApi = {
  readonly [M in ApiMethod]: (
    ...args: ChannelArgs<(typeof CHANNELS)[M]>
  ) => Promise<Result<ChannelValue<(typeof CHANNELS)[M]>>>;
};

/** Builds the API over any transport that can carry one call: the preload's IPC, or HTTP. */
export function apiOver(
  call: <C extends Channel>(channel: C, args: ChannelArgs<C>) => Promise<Result<ChannelValue<C>>>,
): SshlensApi {
  const api: Record<string, unknown> = {};
  for (const [method, channel] of Object.entries(CHANNELS)) {
    api[method] = (...args: unknown[]) => call(channel, args as ChannelArgs<typeof channel>);
  }
  return Object.freeze(api) as SshlensApi;
}

// ------------------------------------------------------------ writes name their case (issue 10)

/** The methods whose channel takes a CaseGuard first: every write into the case, and a search export (it must be of the case shown). */
export type GuardedMethod = {
  [M in ApiMethod]: ChannelArgs<(typeof CHANNELS)[M]> extends [CaseGuard, ...unknown[]] ? M : never;
}[ApiMethod];

/** The same, at run time; the type below fails to compile if one is missing or extra. */
export const GUARDED_METHODS = [
  'startImport',
  'startReindex',
  'setCaseFields',
  'addNote',
  'editNote',
  'deleteNote',
  'writeReport',
  'exportSearch',
  'joinSessions',
  'splitSource',
] as const satisfies readonly GuardedMethod[];
type Missing = Exclude<GuardedMethod, (typeof GUARDED_METHODS)[number]>;
export const GUARDED_METHODS_COMPLETE: Missing extends never ? true : Missing = true;

type Tail<T> = T extends [unknown, ...infer R] ? R : never;

/**
 * The API as screens call it: writes without their CaseGuard, which the renderer's client adds
 * from the case the window shows (src/renderer/src/api/client.ts).
 */
export type ScreenApi = Omit<SshlensApi, GuardedMethod> & {
  readonly [M in GuardedMethod]: (
    ...args: Tail<ChannelArgs<(typeof CHANNELS)[M]>>
  ) => Promise<Result<ChannelValue<(typeof CHANNELS)[M]>>>;
};
