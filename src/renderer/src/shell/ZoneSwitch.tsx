import type { ReactNode } from 'react';
import '../ui/segmented.css';
import { machineZone, setZoneChoice, useZoneChoice, type ZoneChoice } from '../ui/time-zone';

const CHOICES: Array<{ value: ZoneChoice; label: string; title: () => string }> = [
  { value: 'utc', label: 'UTC', title: () => 'Show every time in UTC, as the CLI, reports and Cloudflare logs do' },
  { value: 'local', label: 'Local', title: () => `Show every time in this computer's zone (${machineZone()})` },
];

/** UTC or this machine's zone, for every time in the window (remembered across restarts). */
export function ZoneSwitch(): ReactNode {
  const choice = useZoneChoice();
  return (
    <div className="seg zone-switch" role="group" aria-label="Time zone">
      {CHOICES.map((c) => (
        <button
          key={c.value}
          type="button"
          className={`seg-btn${choice === c.value ? ' is-on' : ''}`}
          aria-pressed={choice === c.value}
          title={c.title()}
          onClick={() => setZoneChoice(c.value)}
        >
          {c.label}
        </button>
      ))}
    </div>
  );
}
