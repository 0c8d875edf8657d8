import { useState, type ReactNode } from 'react';
import { Icon } from './Icon';

export function CopyButton({ text, label }: { text: string; label: string }): ReactNode {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="btn btn-small"
      onClick={() =>
        void navigator.clipboard.writeText(text).then(() => {
          setCopied(true);
          window.setTimeout(() => setCopied(false), 1500);
        })
      }
    >
      <Icon name={copied ? 'check' : 'copy'} size={12} /> {copied ? 'Copied' : label}
    </button>
  );
}
