import { useCallback, type ReactNode } from 'react';
import { PROGRAM_TYPES, type ProgramType } from '../../../../shared/model';
import type { TimelineFacets, TimelineFilter } from '../../../../shared/views';
import { formatCount } from '../../ui/format';
import { Icon } from '../../ui/Icon';
import { Combobox } from '../../ui/Combobox';

export interface FilterBarProps {
  filter: TimelineFilter;
  facets: TimelineFacets | undefined;
  onChange: (change: Partial<TimelineFilter>) => void;
  onClear: () => void;
  canClear: boolean;
}

const NO_FACETS: TimelineFacets = { users: [], targets: [], addresses: [], types: [], fromMs: null, toMs: null };

/** The filters typed or picked from the case's values, each with its facet (the values and their counts). */
const TEXT_FILTERS = [
  { field: 'user', facet: 'users', label: 'User', placeholder: 'Any user' },
  { field: 'target', facet: 'targets', label: 'Target', placeholder: 'Any target', mono: true },
  // An address narrows as it is typed: its start is what an investigator knows (a subnet).
  {
    field: 'address',
    facet: 'addresses',
    label: 'Address',
    placeholder: 'Starts with…',
    match: 'prefix',
    live: true,
    mono: true,
  },
] as const;
type TextFilterSpec = (typeof TEXT_FILTERS)[number];

/** User, target, address, program type and "problems only": each narrows the list and the chart. */
export function FilterBar({ filter, facets = NO_FACETS, onChange, onClear, canClear }: FilterBarProps): ReactNode {
  const typeCounts = new Map(facets.types.map((t) => [t.value, t.sessions]));
  const types = PROGRAM_TYPES.filter((t) => typeCounts.has(t) || t === filter.type);

  return (
    <div className="tl-filters" role="search" aria-label="Filter sessions">
      {TEXT_FILTERS.map((spec) => (
        <TextFilter key={spec.field} spec={spec} filter={filter} facets={facets} onChange={onChange} />
      ))}
      <div className="combo tl-filter-type">
        <label className="combo-label" htmlFor="tl-type">
          Program type
        </label>
        <select
          id="tl-type"
          className={`select${filter.type ? ' is-set' : ''}`}
          value={filter.type ?? ''}
          onChange={(e) => onChange({ type: (e.target.value || undefined) as ProgramType | undefined })}
        >
          <option value="">Any type</option>
          {types.map((t) => (
            <option key={t} value={t}>
              {t}
              {typeCounts.has(t) ? ` (${formatCount(typeCounts.get(t) ?? 0)})` : ''}
            </option>
          ))}
        </select>
      </div>
      <Unlabelled>
        <button
          type="button"
          className={`btn tl-toggle${filter.nonZeroExit ? ' is-on' : ''}`}
          aria-pressed={filter.nonZeroExit === true}
          onClick={() => onChange({ nonZeroExit: filter.nonZeroExit ? undefined : true })}
          title="Only sessions where a program ended with a non-zero exit status: its own answer (a failed test, no match), not an error of the recording"
        >
          <span className="tl-swatch tl-swatch-exit" aria-hidden="true" />
          Non-zero exit
        </button>
      </Unlabelled>
      <Unlabelled>
        <button
          type="button"
          className={`btn tl-toggle${filter.problemsOnly ? ' is-on' : ''}`}
          aria-pressed={filter.problemsOnly === true}
          onClick={() => onChange({ problemsOnly: filter.problemsOnly ? undefined : true })}
          title="Only sessions whose record states an error, or with a program killed by a signal, ended with an error or only partly recorded"
        >
          <Icon name="warning" size={14} />
          Problems
        </button>
      </Unlabelled>
      <Unlabelled>
        <button type="button" className="btn btn-ghost" onClick={onClear} disabled={!canClear}>
          <Icon name="close" size={14} />
          Clear filters
        </button>
      </Unlabelled>
    </div>
  );
}

function TextFilter({
  spec,
  filter,
  facets,
  onChange,
}: {
  spec: TextFilterSpec;
  filter: TimelineFilter;
  facets: TimelineFacets;
  onChange: (change: Partial<TimelineFilter>) => void;
}): ReactNode {
  const { field } = spec;
  const commit = useCallback((v: string) => onChange({ [field]: v || undefined }), [onChange, field]);
  return (
    <Combobox
      className={`tl-filter-${field}`}
      label={spec.label}
      placeholder={spec.placeholder}
      value={filter[field] ?? ''}
      options={facets[spec.facet].map((f) => ({ value: f.value, count: f.sessions }))}
      onCommit={commit}
      match={'match' in spec ? spec.match : undefined}
      live={'live' in spec ? spec.live : undefined}
      mono={'mono' in spec ? spec.mono : undefined}
    />
  );
}

/** A control beside the labelled ones, lined up with their fields. */
function Unlabelled({ children }: { children: ReactNode }): ReactNode {
  return (
    <div className="combo">
      <span className="combo-label" aria-hidden="true">
        &nbsp;
      </span>
      {children}
    </div>
  );
}
