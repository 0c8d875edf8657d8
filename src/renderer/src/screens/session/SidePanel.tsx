import type { ReactNode } from 'react';
import '../../ui/tabs.css';
import './side-panel.css';

export interface SideTab {
  id: string;
  label: string;
  count?: string;
}

/** The column beside a program: tabs over one pane (just a title when there is one tab). */
export function SidePanel(props: {
  tabs: SideTab[];
  active: string;
  onSelect: (id: string) => void;
  children: ReactNode;
  idPrefix: string;
}): ReactNode {
  const { tabs, active, onSelect, children, idPrefix } = props;
  const only = tabs.length === 1 ? tabs[0] : undefined;
  return (
    <aside className="ss-side" aria-label="Program panel">
      {only ? (
        <div className="tab-strip ss-side-tabs">
          <h2 className="ss-side-title">{only.label}</h2>
        </div>
      ) : (
        <div className="tab-strip ss-side-tabs" role="tablist">
          {tabs.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              id={`${idPrefix}-tab-${t.id}`}
              aria-selected={t.id === active}
              aria-controls={`${idPrefix}-pane`}
              className={`tab ss-side-tab${t.id === active ? ' is-active' : ''}`}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => onSelect(t.id)}
            >
              {t.label}
              {t.count !== undefined && <span className="ss-side-tab-count">{t.count}</span>}
            </button>
          ))}
        </div>
      )}
      <div
        className="ss-side-pane"
        id={`${idPrefix}-pane`}
        role={only ? undefined : 'tabpanel'}
        aria-labelledby={only ? undefined : `${idPrefix}-tab-${active}`}
      >
        {children}
      </div>
    </aside>
  );
}
