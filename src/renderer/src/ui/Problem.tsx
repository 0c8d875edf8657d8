import type { ReactNode } from 'react';

/** An error from main, shown as text (messages can quote file names from the user's disk). */
export function Problem({ message, onRetry }: { message: string; onRetry?: () => void }): ReactNode {
  return (
    <div className="problem" role="alert">
      <span>{message}</span>
      {onRetry && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
