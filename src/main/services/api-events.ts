// The events main pushes to the window (src/shared/api.ts ApiEvent): the job list as jobs move and
// the case that is open after a switch. Transports subscribe (IPC: src/main/index.ts, HTTP:
// serve/event-stream.ts). Job progress arrives many times a second: the list goes out at most
// every JOBS_EVERY_MS, and at once when a job starts or ends.

import type { ApiEvent, ReportProgress } from '../../shared/api';
import type { JobInfo } from '../../shared/views';

const JOBS_EVERY_MS = 150;

export class ApiEvents {
  readonly #listeners = new Set<(event: ApiEvent) => void>();
  #timer: NodeJS.Timeout | null = null;

  constructor(private readonly jobList: () => JobInfo[]) {}

  subscribe(listener: (event: ApiEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A job moved: the list goes out soon (`now`: a job started or ended, it goes out at once). */
  jobsChanged(now = false): void {
    if (now) {
      if (this.#timer) clearTimeout(this.#timer);
      this.#timer = null;
      this.#emit({ type: 'jobs', jobs: this.jobList() });
      return;
    }
    this.#timer ??= setTimeout(() => {
      this.#timer = null;
      this.#emit({ type: 'jobs', jobs: this.jobList() });
    }, JOBS_EVERY_MS);
  }

  caseChanged(path: string): void {
    this.#emit({ type: 'case', path });
  }

  #lastReport = 0;

  /** A report moved: sent at most every JOBS_EVERY_MS while reading, at once when its phase changes. */
  reportProgress(progress: ReportProgress): void {
    const now = Date.now();
    const last = progress.phase === 'reading' && progress.done > 0 && progress.done < progress.total;
    if (last && now - this.#lastReport < JOBS_EVERY_MS) return;
    this.#lastReport = now;
    this.#emit({ type: 'report', progress });
  }

  close(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#listeners.clear();
  }

  #emit(event: ApiEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (e) {
        console.error('sshlens: an event listener failed:', e); // one gone window never stops the others
      }
    }
  }
}
