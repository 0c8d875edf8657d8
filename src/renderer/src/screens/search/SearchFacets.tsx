import type { ReactNode } from 'react';
import type { FacetList, HitSource, SearchFacets as Facets } from '../../../../shared/search';
import { SafeText } from '../../ui/display-text';
import { formatCount } from '../../ui/format';
import type { FacetKey } from './narrow-query';

const SECTIONS: Array<{
  key: FacetKey;
  field: keyof Pick<Facets, 'users' | 'targets' | 'types' | 'in'>;
  title: string;
}> = [
  { key: 'user', field: 'users', title: 'Users' },
  { key: 'target', field: 'targets', title: 'Targets' },
  { key: 'type', field: 'types', title: 'Program types' },
  { key: 'in', field: 'in', title: 'Found in' },
];

const NONE: Record<FacetKey, string> = {
  user: 'no user recorded',
  target: 'no target recorded',
  type: 'unknown type',
  in: '—',
  is: '—',
};

/**
 * Counts beside the results, over every match (not only the hits loaded); a click on a value
 * narrows the query to it (user:, target:, type:, in:). Values nothing recorded cannot be
 * filtered on, so they are shown but not buttons.
 */
export function SearchFacets({
  facets,
  onPick,
}: {
  facets: Facets;
  onPick: (key: FacetKey, value: string) => void;
}): ReactNode {
  const plus = facets.capped ? '+' : '';
  return (
    <aside className="sr-facets" aria-label="Counts of the matches">
      <div className="sr-facets-note faint">
        Counts over {formatCount(facets.counted)}
        {plus} matches{facets.capped ? ' (the most recent)' : ''}
      </div>
      {SECTIONS.map((s) => (
        <FacetSection
          key={s.key}
          title={s.title}
          list={facets[s.field]}
          facet={s.key}
          // Where a match is: a table that did not reach the cap is counted exactly.
          plus={(v) => (s.key === 'in' ? (facets.cappedIn.includes(v as HitSource) ? '+' : '') : plus)}
          onPick={onPick}
        />
      ))}
      {facets.noted > 0 && (
        <section className="sr-facet" aria-label="Notes">
          <h3 className="section-title">Notes</h3>
          <button
            type="button"
            className="sr-facet-value"
            data-facet="is"
            data-value="noted"
            title="Only what a note covers: is:noted"
            onClick={() => onPick('is', 'noted')}
          >
            <span className="sr-facet-label ellipsis">with a note</span>
            <span className="sr-facet-count">
              {formatCount(facets.noted)}
              {plus}
            </span>
          </button>
        </section>
      )}
    </aside>
  );
}

function FacetSection({
  title,
  list,
  facet,
  plus,
  onPick,
}: {
  title: string;
  list: FacetList;
  facet: FacetKey;
  plus: (value: string | null) => string;
  onPick: (key: FacetKey, value: string) => void;
}): ReactNode {
  if (list.values.length === 0) return null;
  return (
    <section className="sr-facet" aria-label={title}>
      <h3 className="section-title">{title}</h3>
      <ul>
        {list.values.map((v) => {
          const label =
            v.value === null ? (
              <span className="faint">{NONE[facet]}</span>
            ) : facet === 'in' ? (
              v.value === 'command' ? (
                'command lines'
              ) : (
                'output'
              )
            ) : (
              <SafeText text={v.value} />
            );
          const count = (
            <span className="sr-facet-count">
              {formatCount(v.count)}
              {plus(v.value)}
            </span>
          );
          return (
            <li key={v.value ?? '\u0000'}>
              {v.value === null ? (
                <span className="sr-facet-value is-none">
                  <span className="sr-facet-label ellipsis">{label}</span>
                  {count}
                </span>
              ) : (
                <button
                  type="button"
                  className={`sr-facet-value${facet === 'target' ? ' mono' : ''}`}
                  data-facet={facet}
                  data-value={v.value}
                  title={`Only these: ${facet}:${v.value}`}
                  onClick={() => onPick(facet, v.value!)}
                >
                  <span className="sr-facet-label ellipsis">{label}</span>
                  {count}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {list.more > 0 && <div className="faint sr-facet-more">and {formatCount(list.more)} more</div>}
    </section>
  );
}
