import type { ReactNode } from 'react';
import { Icon } from '../../ui/Icon';
import { layoutPrefs, setLayoutPref, useLayoutPrefs } from '../../ui/layout-prefs';
import '../../ui/segmented.css';

/** Buttons take no focus from a click, so Space keeps meaning play/pause. */
const keepFocus = (e: { preventDefault: () => void }): void => e.preventDefault();

/**
 * How the replay uses the window: the terminal fitted or at its actual size, the side panel shown
 * or hidden (remembered), full screen (Esc leaves). Keys in ShortcutLegend.
 */
export function ViewControls(props: { fullscreen: boolean; onFullscreen: (on: boolean) => void }): ReactNode {
  const { fullscreen, onFullscreen } = props;
  const layout = useLayoutPrefs();
  return (
    <div className="ss-view-controls">
      <div className="seg" role="group" aria-label="Terminal size">
        <button
          type="button"
          className={`seg-btn${layout.terminalScale === 'fit' ? ' is-on' : ''}`}
          aria-pressed={layout.terminalScale === 'fit'}
          onMouseDown={keepFocus}
          onClick={() => setLayoutPref('terminalScale', 'fit')}
          title="Fit the recorded terminal to the space (Z)"
        >
          Fit
        </button>
        <button
          type="button"
          className={`seg-btn${layout.terminalScale === 'actual' ? ' is-on' : ''}`}
          aria-pressed={layout.terminalScale === 'actual'}
          onMouseDown={keepFocus}
          onClick={() => setLayoutPref('terminalScale', 'actual')}
          title="Actual size: a readable font, scrolling when the terminal is larger than the space (Z)"
        >
          1:1
        </button>
      </div>
      {!fullscreen && (
        <button
          type="button"
          className={`btn btn-ghost btn-icon${layout.sidePanel ? ' is-on' : ''}`}
          aria-pressed={layout.sidePanel}
          aria-label="Side panel"
          onMouseDown={keepFocus}
          onClick={() => setLayoutPref('sidePanel', !layout.sidePanel)}
          title={`${layout.sidePanel ? 'Hide' : 'Show'} the commands, find and notes panel (P)`}
        >
          <Icon name="panel" />
        </button>
      )}
      <button
        type="button"
        className={`btn btn-ghost btn-icon${fullscreen ? ' is-on' : ''}`}
        aria-pressed={fullscreen}
        aria-label="Full screen"
        onMouseDown={keepFocus}
        onClick={() => onFullscreen(!fullscreen)}
        title={fullscreen ? 'Leave full screen (Esc)' : 'Full screen (F)'}
      >
        <Icon name="expand" />
      </button>
    </div>
  );
}

/** The layout keys of the replay: B sidebar, P side panel, Z fit / actual size. */
export function toggleLayout(what: 'sidebar' | 'panel' | 'scale'): void {
  const layout = layoutPrefs();
  if (what === 'sidebar') setLayoutPref('sidebar', !layout.sidebar);
  else if (what === 'panel') setLayoutPref('sidePanel', !layout.sidePanel);
  else setLayoutPref('terminalScale', layout.terminalScale === 'fit' ? 'actual' : 'fit');
}

/** The app's sidebar beside a session, shown or hidden (remembered): on every program's view. */
export function SidebarToggle(): ReactNode {
  const { sidebar } = useLayoutPrefs();
  return (
    <button
      type="button"
      className={`btn btn-ghost btn-icon${sidebar ? ' is-on' : ''}`}
      aria-pressed={sidebar}
      aria-label="Sidebar"
      onMouseDown={keepFocus}
      onClick={() => setLayoutPref('sidebar', !sidebar)}
      title={`${sidebar ? 'Hide' : 'Show'} the sidebar (B in the replay)`}
    >
      <Icon name="sidebar" />
    </button>
  );
}
