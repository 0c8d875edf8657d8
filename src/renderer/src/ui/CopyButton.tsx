import { useEffect, useState, type ReactNode } from 'react';
import { Icon } from './Icon';

/**
 * Copies `text` to the clipboard and says so for a moment (or that it could not). `compact`: an
 * icon alone, with the label as its tooltip and accessible name.
 */
export function CopyButton(props: { text: string; label: string; compact?: boolean; className?: string }): ReactNode {
  const { text, label, compact = false, className = '' } = props;
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 1500);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = (): void => {
    navigator.clipboard.writeText(text).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  };
  const said = state === 'copied' ? 'Copied' : state === 'failed' ? 'Could not copy' : label;
  const icon = (
    <Icon name={state === 'copied' ? 'check' : state === 'failed' ? 'warning' : 'copy'} size={compact ? 14 : 12} />
  );
  return compact ? (
    <button
      type="button"
      className={`btn btn-ghost btn-small btn-icon copy-${state} ${className}`}
      onClick={copy}
      title={said}
      aria-label={label}
    >
      {icon}
    </button>
  ) : (
    <button type="button" className={`btn btn-small copy-${state} ${className}`} onClick={copy} aria-label={label}>
      {icon} {said}
    </button>
  );
}
