import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import type { ProgramDetail } from '../../../../shared/model';
import { Icon, type IconName } from '../../ui/Icon';
import { formatDuration } from '../../ui/format';
import { exitOf, TYPE_SHORT } from './program-facts';
import { ExitBadge } from './ExitBadge';
import { visibleText } from './visible-text';
import '../../ui/tabs.css';
import './program-tabs.css';

const TYPE_ICONS: Record<ProgramDetail['type'], IconName> = {
  shell: 'terminal',
  exec: 'next',
  x11: 'case',
  'direct-tcpip': 'import',
  'forwarded-tcpip': 'import',
  unknown: 'file',
};

/** The session's programs as tabs: the selected one fills the screen below. */
export function ProgramTabs(props: {
  programs: ProgramDetail[];
  selected: string | null;
  onSelect: (id: string) => void;
}): ReactNode {
  const { programs, selected, onSelect } = props;
  const listRef = useRef<HTMLDivElement>(null);

  // Arrow keys move between tabs (and stay here: they seek the replay elsewhere).
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const keys: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -1, ArrowDown: 1 };
    const step = keys[event.key];
    if (step === undefined) return;
    event.preventDefault();
    event.stopPropagation();
    const i = programs.findIndex((p) => p.id === selected);
    const next = programs[(i + step + programs.length) % programs.length];
    if (!next) return;
    onSelect(next.id);
    listRef.current?.querySelector<HTMLElement>(`[data-program="${next.id}"]`)?.focus();
  };

  return (
    <div
      className="tab-strip ss-program-tabs"
      role="tablist"
      aria-label="Programs of this session"
      ref={listRef}
      onKeyDown={onKeyDown}
    >
      {programs.map((p) => {
        const exit = exitOf(p);
        const active = p.id === selected;
        return (
          <button
            key={p.id}
            type="button"
            role="tab"
            data-program={p.id}
            aria-selected={active}
            tabIndex={active ? 0 : -1}
            className={`tab ss-program-tab${active ? ' is-active' : ''}`}
            // A click leaves the focus where it was, so Space still plays (Tab and arrows reach the tabs).
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => onSelect(p.id)}
            title={`${p.id} · ${TYPE_SHORT[p.type]}${p.command ? ` · ${visibleText(p.command)}` : ''} · ${formatDuration(p.durationMs)} · ${exit.title}${p.exitClaims ? ' · the sources disagree on the exit' : ''}`}
          >
            <Icon name={TYPE_ICONS[p.type]} size={14} />
            <span className="ss-program-tab-type">{TYPE_SHORT[p.type]}</span>
            {p.command && <span className="ss-program-tab-command mono">{visibleText(p.command)}</span>}
            <span className="ss-program-tab-id faint mono">{p.id}</span>
            <ExitBadge program={p} />
          </button>
        );
      })}
    </div>
  );
}
