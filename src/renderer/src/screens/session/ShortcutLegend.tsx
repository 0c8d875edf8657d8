import type { ReactNode } from 'react';
import './shortcut-legend.css';

/** The replay's keys (handled in use-replay-keys.ts). */
export const SHORTCUTS: ReadonlyArray<{ keys: string[]; does: string }> = [
  { keys: ['Space'], does: 'Play / pause' },
  { keys: ['←', '→'], does: 'Back / forward 5 s (⇧: 30 s)' },
  { keys: ['[', ']'], does: 'Previous / next command' },
  { keys: ['Home', 'End'], does: 'Start / end' },
  { keys: ['<', '>'], does: 'Slower / faster' },
  { keys: ['/', 'Ctrl F'], does: 'Find in this program' },
  { keys: ['Enter', '⇧ Enter'], does: 'Next / previous hit' },
  { keys: ['F'], does: 'Full screen (Esc leaves)' },
  { keys: ['Z'], does: 'Fit / actual size' },
  { keys: ['B', 'P'], does: 'Hide / show sidebar, side panel' },
  { keys: ['Esc'], does: 'Close find, these keys' },
  { keys: ['?'], does: 'Show these keys' },
];

export function ShortcutLegend({ onClose }: { onClose: () => void }): ReactNode {
  return (
    <div className="ss-legend" role="dialog" aria-label="Keyboard shortcuts">
      <div className="ss-legend-head">
        <span className="section-title">Keyboard shortcuts</span>
        <button type="button" className="btn btn-ghost btn-small" onClick={onClose}>
          Close
        </button>
      </div>
      <dl className="ss-legend-list">
        {SHORTCUTS.map((s) => (
          <div key={s.does} className="ss-legend-item">
            <dt>
              {s.keys.map((k) => (
                <kbd key={k}>{k}</kbd>
              ))}
            </dt>
            <dd>{s.does}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
