import { useEffect, useRef } from 'react';

export interface ReplayKeys {
  toggle: () => void;
  seekBy: (deltaUs: number) => void;
  step: (direction: -1 | 1) => void;
  seekTo: (where: 'start' | 'end') => void;
  speed: (direction: -1 | 1) => void;
  find: () => void;
  legend: () => void;
  /** Esc: closes what is open (the legend, full screen); false when nothing was. */
  escape: () => boolean;
  layout: (what: 'sidebar' | 'panel' | 'scale' | 'fullscreen') => void;
}

/** Letter keys of the layout (either case). */
const LAYOUT_KEYS: Record<string, 'sidebar' | 'panel' | 'scale' | 'fullscreen'> = {
  b: 'sidebar',
  p: 'panel',
  z: 'scale',
  f: 'fullscreen',
};

/** Whether a key press belongs to a field being typed in (the terminal's hidden textarea does not count). */
function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.closest('.xterm')) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}

/** The replay's keyboard shortcuts (listed in ShortcutLegend.tsx), on the window while mounted. */
export function useReplayKeys(keys: ReplayKeys): void {
  const latest = useRef(keys);
  useEffect(() => {
    latest.current = keys;
  });

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.isComposing) return;
      const k = latest.current;
      const mod = event.ctrlKey || event.metaKey;
      if (mod && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'f') {
        event.preventDefault();
        k.find();
        return;
      }
      if (mod || event.altKey || typingIn(event.target)) return;
      // A focused button or link acts on Space and Enter itself.
      const onControl =
        event.target instanceof HTMLElement && event.target.closest('button, a[href], [role="tab"]') !== null;
      let handled = true;
      switch (event.key) {
        case ' ':
          if (onControl) return;
          k.toggle();
          break;
        case 'ArrowLeft':
          k.seekBy(event.shiftKey ? -30e6 : -5e6);
          break;
        case 'ArrowRight':
          k.seekBy(event.shiftKey ? 30e6 : 5e6);
          break;
        case '[':
          k.step(-1);
          break;
        case ']':
          k.step(1);
          break;
        case 'Home':
          k.seekTo('start');
          break;
        case 'End':
          k.seekTo('end');
          break;
        case '<':
          k.speed(-1);
          break;
        case '>':
          k.speed(1);
          break;
        case '/':
          k.find();
          break;
        case '?':
          k.legend();
          break;
        case 'Escape':
          handled = k.escape();
          break;
        default: {
          const what = LAYOUT_KEYS[event.key.toLowerCase()];
          if (what) k.layout(what);
          else handled = false;
        }
      }
      if (handled) event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
