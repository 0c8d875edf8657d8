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

/** User, target, address, program type and "problems only": each narrows the list and the chart. */
export function FilterBar({ filter, facets = NO_FACETS, onChange, onClear, canClear }: FilterBarProps): ReactNode {
  const setUser = useCallback((v: string) => onChange({ user: v || undefined }), [onChange]);
  const setTarget = useCallback((v: string) => onChange({ target: v || undefined }), [onChange]);
  const setAddress = useCallback((v: string) => onChange({ address: v || undefined }), [onChange]);
  const typeCounts = new Map(facets.types.map((t) => [t.value, t.sessions]));
  const types = PROGRAM_TYPES.filter((t) => typeCounts.has(t) || t === filter.type);

  return (
    <div className="tl-filters" role="search" aria-label="Filter sessions">
      <Combobox
        className="tl-filter-user"
        label="User"
        placeholder="Any user"
        value={filter.user ?? ''}
        options={facets.users.map((f) => ({ value: f.value, count: f.sessions }))}
        onCommit={setUser}
      />
      <Combobox
        className="tl-filter-target"
        label="Target"
        placeholder="Any target"
        value={filter.target ?? ''}
        options={facets.targets.map((f) => ({ value: f.value, count: f.sessions }))}
        onCommit={setTarget}
        mono
      />
      <Combobox
        className="tl-filter-address"
        label="Address"
        placeholder="Starts with…"
        value={filter.address ?? ''}
        options={facets.addresses.map((f) => ({ value: f.value, count: f.sessions }))}
        onCommit={setAddress}
        match="prefix"
        live
        mono
      />
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
      <div className="combo">
        <span className="combo-label" aria-hidden="true">
          &nbsp;
        </span>
        <button
          type="button"
          className={`btn tl-toggle${filter.errorsOnly ? ' is-on' : ''}`}
          aria-pressed={filter.errorsOnly === true}
          onClick={() => onChange({ errorsOnly: filter.errorsOnly ? undefined : true })}
          title="Only sessions with an error, or a program that failed, was killed or is only partly recorded"
        >
          <Icon name="warning" size={14} />
          Errors only
        </button>
      </div>
      <div className="combo">
        <span className="combo-label" aria-hidden="true">
          &nbsp;
        </span>
        <button type="button" className="btn btn-ghost" onClick={onClear} disabled={!canClear}>
          <Icon name="close" size={14} />
          Clear filters
        </button>
      </div>
    </div>
  );
}
