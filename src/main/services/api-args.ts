// The argument checks of every channel in src/shared/api.ts: types, ranges and sizes. Whether an
// id names something that exists is the handler's question (api-handlers.ts).

import type {
  CaseGuard,
  Channel,
  ChannelArgs,
  PickPurpose,
  SearchExportRequest,
  SearchMomentRequest,
  SearchRequest,
} from '../../shared/api';
import { SEARCH_GROUPS, SEARCH_SORTS } from '../../shared/search';
import { PROGRAM_TYPES } from '../../shared/model';
import {
  MAX_PAGE_ROWS,
  LANE_BYS,
  MAX_LANES,
  MAX_PER_LANE,
  MAX_RUNNING,
  type NoteTargetRequest,
  type CaseFieldsView,
  type TimelineFilter,
} from '../../shared/views';
import { boolean, finite, integer, list, object, oneOf, ref, text, tuple, type Check } from './validate';

const PATH_CHARS = 4096;
const MAX_IMPORT_PATHS = 10_000;
const MAX_TIME_MS = 8.64e15; // the range of a JavaScript Date
const MAX_US = Number.MAX_SAFE_INTEGER;

const path = text(PATH_CHARS);
const searchQuery = text(2000, { allowEmpty: true });
/** Hits of one search page: the UI asks 200 at a time. */
const MAX_SEARCH_PAGE = 1000;
const sessionId = ref('s');
const programId = ref('p');
const jobId = text(64);
const keyId = text(128);
const label = text(200, { allowEmpty: true });

const filter: Check<TimelineFilter> = object<TimelineFilter>(
  {
    user: text(320),
    target: text(320),
    address: text(100),
    type: oneOf(PROGRAM_TYPES),
    nonZeroExit: boolean,
    problemsOnly: boolean,
    fromMs: finite(-MAX_TIME_MS, MAX_TIME_MS),
    toMs: finite(-MAX_TIME_MS, MAX_TIME_MS),
  },
  ['user', 'target', 'address', 'type', 'nonZeroExit', 'problemsOnly', 'fromMs', 'toMs'],
);

const PICK_PURPOSES: readonly PickPurpose[] = [
  'import-files',
  'import-folder',
  'key-file',
  'open-case',
  'create-case',
  'save-report',
  'save-export',
];

const MAX_NOTE_CHARS = 20_000;
const tag = text(64);
const tags = list(tag, 32);
const noteId = ref('n');
/** Join takes two sessions or two programs; the handler refuses one of each. */
const sessionOrProgram: Check<string> = (v, name) =>
  typeof v === 'string' && v.startsWith('p') ? programId(v, name) : sessionId(v, name);

/** Which of the four shapes a target is, by its kind, then that shape's fields. */
const noteTarget: Check<NoteTargetRequest> = (v, name) => {
  const kind = typeof v === 'object' && v !== null ? (v as { kind?: unknown }).kind : undefined;
  const kindCheck = oneOf(['session', 'program', 'command', 'range'] as const);
  switch (kindCheck(kind, `${name}.kind`)) {
    case 'session':
      return object({ kind: oneOf(['session'] as const), session: sessionId })(v, name);
    case 'program':
      return object({ kind: oneOf(['program'] as const), program: programId })(v, name);
    case 'command':
      return object({ kind: oneOf(['command'] as const), command: ref('c') })(v, name);
    case 'range':
      return object({
        kind: oneOf(['range'] as const),
        program: programId,
        atUs: integer(0, MAX_US),
        endUs: integer(0, MAX_US),
      })(v, name);
  }
};

const fieldText = text(5000, { allowEmpty: true });
const caseFields = object<Partial<CaseFieldsView>>(
  {
    caseNumber: fieldText,
    title: fieldText,
    description: fieldText,
    investigatorName: fieldText,
    investigatorOrganisation: fieldText,
  },
  ['caseNumber', 'title', 'description', 'investigatorName', 'investigatorOrganisation'],
);

/** Issue 10: the case the window shows, named by every write (api-handlers.ts compares it). */
const caseGuard = object<CaseGuard>({ expectedCase: path });

type ArgsParser<C extends Channel> = (args: readonly unknown[]) => ChannelArgs<C>;

export const API_ARGS: { [C in Channel]: ArgsParser<C> } = {
  'sshlens:app:info': tuple(),
  'sshlens:dialog:pick': tuple(oneOf(PICK_PURPOSES)),
  'sshlens:case:info': tuple(),
  'sshlens:case:recent': tuple(),
  'sshlens:case:open': tuple(path),
  'sshlens:case:create': tuple(path),
  'sshlens:keys:list': tuple(),
  'sshlens:keys:generate': tuple(label),
  'sshlens:keys:import': tuple(object({ path, label })),
  'sshlens:keys:delete': tuple(keyId),
  'sshlens:jobs:import': tuple(caseGuard, object({ paths: list(path, MAX_IMPORT_PATHS), allowPartial: boolean })),
  'sshlens:jobs:reindex': tuple(caseGuard),
  'sshlens:jobs:demo': tuple(),
  'sshlens:jobs:list': tuple(),
  'sshlens:jobs:cancel': tuple(jobId),
  'sshlens:jobs:dismiss': tuple(jobId),
  'sshlens:timeline:facets': tuple(),
  'sshlens:timeline:histogram': tuple(
    object(
      {
        filter,
        fromMs: finite(-MAX_TIME_MS, MAX_TIME_MS),
        toMs: finite(-MAX_TIME_MS, MAX_TIME_MS),
        buckets: integer(1, 2000),
      },
      ['fromMs', 'toMs'],
    ),
  ),
  'sshlens:timeline:page': tuple(object({ filter, offset: integer(0, 1e9), limit: integer(1, MAX_PAGE_ROWS) })),
  // swim lanes and the instant cursor (issue 14, item 2)
  'sshlens:timeline:lanes': tuple(
    object({
      filter,
      laneBy: oneOf(LANE_BYS),
      fromMs: finite(-MAX_TIME_MS, MAX_TIME_MS),
      toMs: finite(-MAX_TIME_MS, MAX_TIME_MS),
      maxLanes: integer(1, MAX_LANES),
      maxPerLane: integer(1, MAX_PER_LANE),
    }),
  ),
  'sshlens:timeline:runningAt': tuple(
    object({ filter, atMs: finite(-MAX_TIME_MS, MAX_TIME_MS), limit: integer(1, MAX_RUNNING) }),
  ),
  'sshlens:search:run': tuple(
    object<SearchRequest>(
      {
        query: searchQuery,
        limit: integer(1, MAX_SEARCH_PAGE),
        sort: oneOf(SEARCH_SORTS),
        group: oneOf(SEARCH_GROUPS),
        after: text(1000),
        facets: boolean,
      },
      ['sort', 'group', 'after', 'facets'],
    ),
  ),
  'sshlens:search:moment': tuple(
    object<SearchMomentRequest>({
      query: searchQuery,
      program: programId,
      atUs: integer(-MAX_US, MAX_US),
      outputOffset: integer(0, MAX_US),
    }),
  ),
  'sshlens:search:export': tuple(
    caseGuard,
    object<SearchExportRequest>({
      query: searchQuery,
      sort: oneOf(SEARCH_SORTS),
      group: oneOf(SEARCH_GROUPS),
      path,
      force: boolean,
    }),
  ),
  'sshlens:sessions:get': tuple(sessionId),
  'sshlens:programs:commands': tuple(programId),
  'sshlens:programs:find': tuple(object({ program: programId, text: text(500), limit: integer(1, 1000) })),
  'sshlens:programs:exec': tuple(programId),
  'sshlens:replay:info': tuple(programId),
  'sshlens:replay:frame': tuple(object({ program: programId, atUs: finite(0, MAX_US) })),
  'sshlens:replay:events': tuple(
    object({ program: programId, afterUs: finite(-1, MAX_US), maxChars: integer(1, 16 * 1024 * 1024) }),
  ),
  'sshlens:case:fields': tuple(),
  'sshlens:case:setFields': tuple(caseGuard, caseFields),
  'sshlens:notes:list': tuple(object({ session: sessionId, tag, starred: boolean }, ['session', 'tag', 'starred'])),
  'sshlens:notes:add': tuple(
    caseGuard,
    object({ target: noteTarget, note: text(MAX_NOTE_CHARS, { allowEmpty: true }), tags, starred: boolean }),
  ),
  'sshlens:notes:edit': tuple(
    caseGuard,
    object(
      {
        id: noteId,
        note: text(MAX_NOTE_CHARS, { allowEmpty: true }),
        addTags: tags,
        removeTags: tags,
        starred: boolean,
      },
      ['note', 'addTags', 'removeTags', 'starred'],
    ),
  ),
  'sshlens:notes:delete': tuple(caseGuard, noteId),
  'sshlens:audit:list': tuple(),
  'sshlens:report:write': tuple(
    caseGuard,
    object({
      path,
      sessions: list(sessionId, 10_000),
      tags,
      transcript: boolean,
      outputLines: integer(0, 200),
      force: boolean,
    }),
  ),
  'sshlens:sessions:join': tuple(caseGuard, object({ keep: sessionOrProgram, merge: sessionOrProgram })),
  'sshlens:sources:split': tuple(caseGuard, object({ program: programId, source: text(PATH_CHARS) })),
  // the report dialog's page estimate (issue 14, item 5)
  'sshlens:report:estimate': tuple(
    object({ sessions: list(sessionId, 10_000), tags, transcript: boolean, outputLines: integer(0, 200) }),
  ),
};
