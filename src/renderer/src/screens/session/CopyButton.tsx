import { useEffect, useState, type ReactNode } from 'react';
import { Icon } from '../../ui/Icon';

/** Copies `text` to the clipboard; says so for a moment (or that it could not). */
export function CopyButton({ text, label }: { text: string; label: string }): ReactNode {
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
  const title = state === 'copied' ? 'Copied' : state === 'failed' ? 'Could not copy' : label;
  return (
    <button type="button" className={`btn btn-ghost btn-small btn-icon ss-copy-btn copy-${state}`} onClick={copy} title={title} aria-label={label}>
      <Icon name={state === 'copied' ? 'check' : state === 'failed' ? 'warning' : 'copy'} size={14} />
    </button>
  );
}
