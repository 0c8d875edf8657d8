import { memo, type ReactNode } from 'react';
import type { SearchHit } from '../../../../shared/search';
import { formatTime } from '../../ui/format';
import { displayText, SafeText } from '../../ui/display-text';
import { Highlighted } from './highlight';
import '../../ui/list-row.css';

/**
 * One hit: when and where (user @ target, session and program), whether the command line or its
 * output matched, the command, and the excerpt with the matches marked. Memoized: moving the
 * selection redraws two rows, not the list.
 */
export const SearchHitRow = memo(function SearchHitRow({
  hit,
  index,
  selected,
}: {
  hit: SearchHit;
  index: number;
  selected: boolean;
}): ReactNode {
  const inCommand = hit.in === 'command';
  return (
    <li
      className={`list-row sr-hit${selected ? ' is-current' : ''}`}
      data-index={index}
      role="option"
      aria-selected={selected}
      id={`sr-hit-${index}`}
    >
      <div className="sr-meta">
        <span className="sr-time">{formatTime(hit.time)}</span>
        <span className="sr-where ellipsis">
          {hit.userEmail === null && hit.targetId === null ? (
            <span className="faint">no user or target recorded</span>
          ) : (
            <>
              {hit.userEmail !== null ? <SafeText text={hit.userEmail} /> : <span className="faint">unknown user</span>}
              <span className="faint"> @ </span>
              <span className="mono">
                {hit.targetId !== null ? (
                  <SafeText text={hit.targetId} />
                ) : (
                  <span className="faint">unknown target</span>
                )}
              </span>
            </>
          )}
        </span>
        <span className="sr-grow" />
        <span className={`badge ${inCommand ? 'badge-accent' : ''}`}>{inCommand ? 'command' : 'output'}</span>
        <span
          className="sr-ids mono"
          title={`session ${hit.session}, program ${hit.program}${hit.command ? `, command ${hit.command}` : ''}`}
        >
          {hit.session} · {hit.program}
        </span>
      </div>
      {inCommand ? (
        <div className="sr-command mono" title={hit.text !== null ? displayText(hit.text) : undefined}>
          <span className="sr-prompt">$</span>
          <span className="sr-code">
            <Highlighted text={hit.snippet} matches={hit.matches} />
          </span>
        </div>
      ) : (
        <>
          <div className="sr-command mono is-context">
            <span className="sr-prompt">$</span>
            {hit.text !== null ? (
              <span className="sr-code ellipsis" title={displayText(hit.text)}>
                <SafeText text={hit.text} />
              </span>
            ) : (
              <span className="faint sr-no-command">output before any command</span>
            )}
          </div>
          {hit.snippet.trim() === '' ? (
            <div className="sr-output is-empty faint">nothing printed</div>
          ) : (
            <div className="sr-output mono">
              <Highlighted text={hit.snippet} matches={hit.matches} lines />
            </div>
          )}
        </>
      )}
    </li>
  );
});
