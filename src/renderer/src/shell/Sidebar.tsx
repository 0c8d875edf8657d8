import type { ReactNode } from 'react';
import { hrefOf, type Route } from '../router';
import { Icon, type IconName } from '../ui/Icon';
import { JobsBadge } from './JobsBadge';

const ITEMS: Array<{
  screen: 'start' | 'timeline' | 'search' | 'import' | 'keys' | 'case';
  label: string;
  icon: IconName;
  shortcut?: string;
}> = [
  { screen: 'start', label: 'Overview', icon: 'case' },
  { screen: 'timeline', label: 'Timeline', icon: 'timeline', shortcut: 'Alt 1' },
  { screen: 'search', label: 'Search', icon: 'search', shortcut: 'Ctrl K' },
  { screen: 'import', label: 'Import', icon: 'import', shortcut: 'Alt 3' },
  { screen: 'keys', label: 'Keys', icon: 'key', shortcut: 'Alt 4' },
  { screen: 'case', label: 'Case', icon: 'check' },
];

export function Sidebar({ route }: { route: Route }): ReactNode {
  const current = route.screen === 'session' ? 'timeline' : route.screen;
  return (
    <aside className="sidebar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          <Icon name="terminal" size={18} />
        </span>
        sshlens
      </div>
      <nav className="nav" aria-label="Screens">
        {ITEMS.map((item) => (
          <a
            key={item.screen}
            className={`nav-item${current === item.screen ? ' nav-item-current' : ''}`}
            href={hrefOf(item.screen === 'search' ? { screen: 'search', query: '' } : { screen: item.screen })}
            aria-current={current === item.screen ? 'page' : undefined}
            title={item.shortcut ? `${item.label} (${item.shortcut})` : item.label}
          >
            <Icon name={item.icon} />
            <span>{item.label}</span>
            {item.screen === 'import' && <JobsBadge />}
          </a>
        ))}
      </nav>
      <div className="sidebar-foot faint">Offline · nothing leaves this machine</div>
    </aside>
  );
}
