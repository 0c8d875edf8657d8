import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { PickPurpose } from '../../../shared/api';
import type { CaseInfo, RecentCase } from '../../../shared/views';
import { api } from '../api/client';
import { useAppInfo } from '../api/use-app-info';
import { useJobs } from '../jobs/jobs-context';
import { navigate } from '../router';
import { Icon } from '../ui/Icon';
import { PathPrompt } from '../ui/PathPrompt';

/** The case's name in the top bar, and the menu to create, open or reopen a case. */
export function CaseMenu({ info }: { info: CaseInfo | null }): ReactNode {
  const app = useAppInfo();
  const { caseChanged } = useJobs();
  const [open, setOpen] = useState(false);
  const [recent, setRecent] = useState<RecentCase[]>([]);
  const [prompt, setPrompt] = useState<'open-case' | 'create-case' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const menu = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    void api.recentCases().then((r) => r.ok && setRecent(r.value));
    const close = (e: MouseEvent): void => {
      if (!menu.current?.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('mousedown', close);
    return () => window.removeEventListener('mousedown', close);
  }, [open]);

  async function switchTo(action: 'open' | 'create', path: string): Promise<void> {
    const r = action === 'open' ? await api.openCase(path) : await api.createCase(path);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setError(null);
    caseChanged();
    navigate({ screen: r.value.sessions > 0 ? 'timeline' : 'start' });
  }

  async function choose(purpose: PickPurpose & ('open-case' | 'create-case')): Promise<void> {
    setOpen(false);
    if (!app?.nativeDialogs) {
      setPrompt(purpose);
      return;
    }
    const r = await api.pick(purpose);
    if (!r.ok) setError(r.error);
    else if (r.value[0]) await switchTo(purpose === 'open-case' ? 'open' : 'create', r.value[0]);
  }

  return (
    <div className="case-menu" ref={menu}>
      <button
        type="button"
        className="btn btn-ghost case-button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        title={info?.path}
      >
        <Icon name="case" />
        <span className="case-name">{info?.name ?? 'No case'}</span>
        <span className="faint" aria-hidden="true">
          ▾
        </span>
      </button>
      {open && (
        <div className="menu" role="menu">
          <button type="button" role="menuitem" className="menu-item" onClick={() => void choose('create-case')}>
            New case…
          </button>
          <button type="button" role="menuitem" className="menu-item" onClick={() => void choose('open-case')}>
            Open case…
          </button>
          {recent.length > 0 && <div className="menu-label">Recent</div>}
          {recent.map((r) => (
            <button
              key={r.path}
              type="button"
              role="menuitem"
              className="menu-item"
              disabled={!r.exists}
              title={r.path}
              onClick={() => {
                setOpen(false);
                void switchTo('open', r.path);
              }}
            >
              <span>{r.name}</span>
              <span className="menu-path faint ellipsis">{r.exists ? r.path : 'missing'}</span>
            </button>
          ))}
        </div>
      )}
      {error && (
        <span className="problem case-error" role="alert">
          {error}
          <button type="button" className="btn btn-small btn-ghost" onClick={() => setError(null)} aria-label="Dismiss">
            <Icon name="close" size={12} />
          </button>
        </span>
      )}
      {prompt && (
        <PathPrompt
          title={prompt === 'open-case' ? 'Open a case' : 'New case'}
          label={
            prompt === 'open-case'
              ? 'Path of the case file on this machine'
              : 'Path for the new case file (.sqlite is added if missing)'
          }
          placeholder={prompt === 'open-case' ? '/home/me/cases/incident-42.sqlite' : '/home/me/cases/incident-43'}
          action={prompt === 'open-case' ? 'Open' : 'Create'}
          onClose={() => setPrompt(null)}
          onSubmit={(paths) => {
            setPrompt(null);
            void switchTo(prompt === 'open-case' ? 'open' : 'create', paths[0]!);
          }}
        />
      )}
    </div>
  );
}
