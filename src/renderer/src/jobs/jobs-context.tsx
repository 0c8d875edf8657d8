// The background jobs (imports, reindex, demo) as the whole window sees them: pushed by main as
// they move (api/events.ts), so progress bars move without polling; `caseVersion` goes up whenever
// one ends or main opens another case, which tells every screen showing case data to load it again.

import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { JobInfo } from '../../../shared/views';
import { api } from '../api/client';
import { subscribeEvents } from '../api/events';
import { shownCase } from '../api/shown-case';

interface Jobs {
  jobs: JobInfo[];
  caseVersion: number;
  /** Re-reads the job list now (after starting, cancelling or dismissing one). */
  refresh: () => void;
  /** Bumps caseVersion (after switching cases). */
  caseChanged: () => void;
  error: string | null;
}

const JobsContext = createContext<Jobs | null>(null);

const isSettled = (j: JobInfo): boolean => j.state === 'done' || j.state === 'failed' || j.state === 'cancelled';

export function JobsProvider({ children }: { children: ReactNode }): ReactNode {
  const [jobs, setJobs] = useState<JobInfo[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [caseVersion, setCaseVersion] = useState(0);
  const settled = useRef(new Set<string>());
  const live = useRef(true);

  const accept = useCallback((list: JobInfo[]) => {
    setError(null);
    setJobs(list);
    let ended = false;
    for (const j of list) {
      if (isSettled(j) && !settled.current.has(j.id)) {
        settled.current.add(j.id);
        ended = true;
      }
    }
    if (ended) setCaseVersion((v) => v + 1);
  }, []);

  const refresh = useCallback(() => {
    void api.listJobs().then((r) => {
      if (!live.current) return;
      if (r.ok) accept(r.value);
      else setError(r.error);
    });
  }, [accept]);

  useEffect(() => {
    live.current = true;
    const stop = subscribeEvents(
      (event) => {
        if (event.type === 'jobs') accept(event.jobs);
        // Main opened another case (the demo button, another tab): show it, never a stale one.
        else if (event.type === 'case' && event.path !== shownCase()) setCaseVersion((v) => v + 1);
      },
      refresh, // (re)connected: whatever moved meanwhile was missed
    );
    refresh();
    return () => {
      live.current = false;
      stop();
    };
  }, [accept, refresh]);

  const caseChanged = useCallback(() => setCaseVersion((v) => v + 1), []);
  return (
    <JobsContext.Provider value={{ jobs, caseVersion, refresh, caseChanged, error }}>{children}</JobsContext.Provider>
  );
}

export function useJobs(): Jobs {
  const jobs = useContext(JobsContext);
  if (!jobs) throw new Error('useJobs needs a JobsProvider');
  return jobs;
}
