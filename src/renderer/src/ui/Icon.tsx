import type { ReactNode } from 'react';

// A few line icons drawn inline (no icon font, no remote asset), 16 px on a 24 grid.
const PATHS = {
  timeline: 'M3 12h4l3-8 4 16 3-8h4',
  search: 'M11 4a7 7 0 1 0 0 14 7 7 0 0 0 0-14zm10 17-5-5',
  import: 'M12 3v12m0 0-5-5m5 5 5-5M4 17v3h16v-3',
  key: 'M15 7a4 4 0 1 1-3.87 5H3v3h3v3h3v-3h2.13A4 4 0 0 1 15 7zm1 3h.01',
  play: 'M7 4v16l13-8z',
  pause: 'M7 4h3v16H7zm7 0h3v16h-3z',
  prev: 'M6 5v14M19 5 9 12l10 7z',
  next: 'M18 5v14M5 5l10 7-10 7z',
  close: 'M6 6l12 12M18 6 6 18',
  folder: 'M3 6h6l2 2h10v11H3z',
  file: 'M6 3h8l4 4v14H6zM14 3v4h4',
  copy: 'M8 8h11v12H8zM5 16V4h11',
  trash: 'M4 7h16M9 7V4h6v3m-8 0 1 13h8l1-13',
  case: 'M4 7h16v12H4zM9 7V5h6v2',
  check: 'M5 12l5 5 9-10',
  warning: 'M12 3 2 20h20zM12 10v4m0 3h.01',
  terminal: 'M4 5h16v14H4zm3 4 3 3-3 3m5 0h5',
  back: 'M15 5l-7 7 7 7',
  sidebar: 'M4 5h16v14H4zM9 5v14',
  panel: 'M4 5h16v14H4zM15 5v14',
  expand: 'M4 9V4h5m6 0h5v5m0 6v5h-5m-6 0H4v-5',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 16, label }: { name: IconName; size?: number; label?: string }): ReactNode {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
