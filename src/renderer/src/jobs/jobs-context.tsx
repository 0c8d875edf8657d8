// The background jobs (imports, reindex, demo) as the whole window sees them: polled from main
// while any runs, so progress bars move; `caseVersion` goes up whenever one ends, which tells
// every screen showing case data to load it again.

import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { JobInfo } from '../../../shared/views';
import { api } from '../api/client';

const POLL_RUNNING_MS = 400;

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

export function JobsProvider({ children }: { children: ReactNode }): ReactNode {
  const [jobs, setJobs] = useState<JobInfo[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [caseVersion, setCaseVersion] = useState(0);
  const [tick, setTick] = useState(0);
  const settled = useRef(new Set<string>());

  useEffect(() => {
    let live = true;
    let timer: number | undefined;
    const poll = async (): Promise<void> => {
      const r = await api.listJobs();
      if (!live) return;
      if (!r.ok) {
        setError(r.error);
        return;
      }
      setError(null);
      setJobs(r.value);
      let ended = false;
      for (const j of r.value) {
        if ((j.state === 'done' || j.state === 'failed' || j.state === 'cancelled') && !settled.current.has(j.id)) {
          settled.current.add(j.id);
          ended = true;
        }
      }
      if (ended) setCaseVersion((v) => v + 1);
      if (r.value.some((j) => j.state === 'running' || j.state === 'queued'))
        timer = window.setTimeout(() => void poll(), POLL_RUNNING_MS);
    };
    void poll();
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [tick]);

  const refresh = useCallback(() => setTick((t) => t + 1), []);
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
