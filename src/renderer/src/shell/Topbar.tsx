import type { ReactNode } from 'react';
import type { CaseInfo } from '../../../shared/views';
import type { Loadable } from '../api/use-result';
import { plural } from '../ui/format';
import { CaseMenu } from './CaseMenu';
import { ZoneSwitch } from './ZoneSwitch';

export function Topbar({ caseInfo }: { caseInfo: Loadable<CaseInfo> }): ReactNode {
  const info = caseInfo.state === 'done' && caseInfo.ok ? caseInfo.value : null;
  return (
    <header className="topbar">
      <CaseMenu info={info} />
      {info && (
        <span className="topbar-counts faint">
          {plural(info.sessions, 'session')} · {plural(info.commands, 'command')} ·{' '}
          {plural(info.sources, 'source file')}
        </span>
      )}
      {caseInfo.state === 'done' && !caseInfo.ok && <span className="problem topbar-problem">{caseInfo.error}</span>}
      <span className="topbar-grow" />
      <ZoneSwitch />
    </header>
  );
}
