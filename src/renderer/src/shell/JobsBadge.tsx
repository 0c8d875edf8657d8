import type { ReactNode } from 'react';
import { useJobs } from '../jobs/jobs-context';

/** The overall progress of running jobs, as a percentage beside the Import item. */
export function JobsBadge(): ReactNode {
  const { jobs } = useJobs();
  const running = jobs.filter((j) => j.state === 'running' || j.state === 'queued');
  if (running.length === 0) return null;
  const done = running.reduce((n, j) => n + (j.progress.total ? j.progress.done / j.progress.total : 0), 0);
  return (
    <span className="badge badge-accent nav-badge" aria-label="jobs running">
      {Math.floor((done / running.length) * 100)}%
    </span>
  );
}
