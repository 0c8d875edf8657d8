// The case at a glance, on the overview: who (users), where (targets), when (the time span), what
// (programs by type), what ended otherwise (non-zero exits, problems) and what the investigator marked
// (starred notes). Built from the timeline's own counts, so it agrees with the timeline.

import type { ReactNode } from 'react';
import type {
  NoteView,
  CaseInfo,
  TimelineFacet,
  TimelineFacets,
  TimelineFilter,
  TimelinePage,
} from '../../../../shared/views';
import { api } from '../../api/client';
import { hrefOf } from '../../router';
import { SafeText } from '../../ui/display-text';
import { formatCount, formatLongSpan, formatTime, plural, utcOffsetLabel } from '../../ui/format';
import { Icon } from '../../ui/Icon';
import { Problem } from '../../ui/Problem';
import { useLatest } from '../../ui/use-latest';
import { zoneChoice } from '../../ui/time-zone';
import { EMPTY_VIEW, saveView } from '../timeline/filter-state';
import './case-summary.css';

const TOP = 6;
const NOTES = 5;

export function CaseSummary({ info, caseVersion }: { info: CaseInfo; caseVersion: number }): ReactNode {
  const facets = useLatest<TimelineFacets>(() => api.timelineFacets(), [caseVersion]);
  const exits = useLatest<TimelinePage>(
    () => api.timelinePage({ filter: { nonZeroExit: true }, offset: 0, limit: 1 }),
    [caseVersion],
  );
  const problems = useLatest<TimelinePage>(
    () => api.timelinePage({ filter: { problemsOnly: true }, offset: 0, limit: 1 }),
    [caseVersion],
  );
  const starred = useLatest<NoteView[]>(() => api.listNotes({ starred: true }), [caseVersion]);
  const f = facets.value;
  const spanMs =
    info.firstStart !== null && info.lastEnd !== null ? Date.parse(info.lastEnd) - Date.parse(info.firstStart) : null;
  const exitCount = exits.value?.total;
  const problemCount = problems.value?.total;
  // The timeline opens on them: its remembered view, filtered to the flag.
  const openFiltered = (filter: TimelineFilter) => () => saveView({ ...EMPTY_VIEW, casePath: info.path, filter });

  return (
    <div className="cs">
      <section className="panel panel-body cs-when" aria-label="Time span">
        <h3 className="section-title">When</h3>
        <p className="cs-span">
          <span className="mono">{formatTime(info.firstStart)}</span>
          <span className="faint"> → </span>
          <span className="mono">{formatTime(info.lastEnd)}</span> <span className="faint">{utcOffsetLabel()}</span>
        </p>
        <p className="muted">
          {spanMs !== null && `${formatLongSpan(spanMs)} of activity · `}
          times in {zoneChoice() === 'utc' ? 'UTC' : "this computer's zone"} (switch in the top bar)
        </p>
        <div className="cs-flags">
          <a
            className="cs-flag cs-flag-exit"
            href={hrefOf({ screen: 'timeline' })}
            onClick={openFiltered({ nonZeroExit: true })}
            title="Sessions where a program ended with a non-zero exit status: its own answer (a failed test, no match), not an error of the recording. Open them on the timeline"
          >
            <span className="tl-swatch tl-swatch-exit" aria-hidden="true" />
            {exitCount === undefined ? '…' : plural(exitCount, 'session')} with a non-zero exit
          </a>
          <a
            className={`cs-flag${problemCount ? ' is-bad' : ''}`}
            href={hrefOf({ screen: 'timeline' })}
            onClick={openFiltered({ problemsOnly: true })}
            title="Sessions whose record states an error, or with a program killed by a signal, ended with an error or only partly recorded: open them on the timeline"
          >
            <Icon name="warning" size={14} />
            {problemCount === undefined ? '…' : plural(problemCount, 'session')} with problems
          </a>
          <span className="cs-flag">
            <span aria-hidden="true">★</span> {starred.value ? plural(starred.value.length, 'starred note') : '…'}
          </span>
        </div>
      </section>
      {facets.error !== null && !f ? (
        <Problem message={facets.error} onRetry={facets.reload} />
      ) : (
        <>
          <FacetList title="Users" items={f?.users} total={info.sessions} unit="session" />
          <FacetList title="Targets" items={f?.targets} total={info.sessions} unit="session" mono />
          <FacetList title="Programs by type" items={f?.types} total={info.sessions} unit="session" />
        </>
      )}
      {starred.value && starred.value.length > 0 && (
        <section className="panel panel-body cs-notes" aria-label="Starred notes">
          <h3 className="section-title">Starred notes</h3>
          <ul>
            {starred.value.slice(0, NOTES).map((n) => (
              <li key={n.id}>
                <a
                  className="mono"
                  href={hrefOf({ screen: 'session', session: n.session, program: n.program, atUs: n.atUs })}
                >
                  {n.session}
                </a>{' '}
                <span className="cs-note ellipsis">
                  <SafeText text={n.note || n.commandText || '(no text)'} />
                </span>
              </li>
            ))}
          </ul>
          {starred.value.length > NOTES && (
            <a href={hrefOf({ screen: 'case' })} className="faint">
              all {formatCount(starred.value.length)} on the Case screen
            </a>
          )}
        </section>
      )}
    </div>
  );
}

function FacetList({
  title,
  items,
  total,
  unit,
  mono = false,
}: {
  title: string;
  items: TimelineFacet[] | undefined;
  total: number;
  unit: string;
  mono?: boolean;
}): ReactNode {
  const shown = items?.slice(0, TOP) ?? [];
  const max = Math.max(1, ...shown.map((i) => i.sessions));
  return (
    <section className="panel panel-body cs-facet" aria-label={title}>
      <h3 className="section-title">
        {title} {items && <span className="faint">({formatCount(items.length)})</span>}
      </h3>
      {!items ? (
        <p className="faint">…</p>
      ) : items.length === 0 ? (
        <p className="faint">None recorded.</p>
      ) : (
        <ul>
          {shown.map((i) => (
            <li key={i.value} title={`${plural(i.sessions, unit)} of ${formatCount(total)}`}>
              <span className={`cs-name ellipsis${mono ? ' mono' : ''}`}>
                <SafeText text={i.value} />
              </span>
              <span className="cs-bar" aria-hidden="true">
                <span style={{ width: `${(i.sessions / max) * 100}%` }} />
              </span>
              <span className="cs-n">{formatCount(i.sessions)}</span>
            </li>
          ))}
          {items.length > TOP && <li className="faint cs-more">and {formatCount(items.length - TOP)} more</li>}
        </ul>
      )}
    </section>
  );
}
