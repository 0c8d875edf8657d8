// The main-process services behind the API, one set per app (Electron) or server (`sshlens
// serve`): the current case, the background jobs, the recent cases. Knows nothing of Electron or
// HTTP; the transports hand it their calls through dispatch().

import { join } from 'node:path';
import type { CaptureKey } from '../crypto/capture-key';
import { defaultDemoCasePath } from '../demo/demo-location';
import { CaseConnection } from './case-connection';
import { JobRunner } from './jobs/job-runner';
import { RecentCases } from './recent-cases';
import { ApiEvents } from './api-events';
import type { PickPurpose } from '../../shared/api';
import type { PdfPrinter } from '../report/render-pdf';

export interface AppServicesOptions {
  version: string;
  casePath: string;
  /** The user-data folder: recent cases and the demo case live there. */
  userDataDir: string;
  transport: 'ipc' | 'http';
  /** Native file dialogs, when the transport has a window to show them on. */
  pick?: (purpose: PickPurpose) => Promise<string[]>;
  /** Prints a report's HTML to PDF; headless Chromium when not given (the desktop app uses its own webContents). */
  printPdf?: PdfPrinter;
  /** The built job-worker.js; defaults to the one beside this bundle. */
  workerUrl?: URL;
  /**
   * Over HTTP, the folders reports and new cases may be written in (services/write-policy.ts); a
   * file there is replaced only when it is a report this case wrote. Unused over IPC, where a native
   * dialog chooses and asks.
   */
  writeDirs?: readonly string[];
}

export class AppServices {
  readonly cases: CaseConnection;
  readonly jobs: JobRunner;
  readonly recent: RecentCases;
  readonly events: ApiEvents;

  constructor(readonly options: AppServicesOptions) {
    this.cases = new CaseConnection(options.casePath);
    this.events = new ApiEvents(() => this.jobs.list());
    this.recent = new RecentCases(join(options.userDataDir, 'recent-cases.json'));
    this.jobs = new JobRunner({
      workerUrl: options.workerUrl ?? new URL('./job-worker.js', import.meta.url),
      captureKeys: () => vaultCaptureKeys(),
      onChange: (now) => this.events.jobsChanged(now),
    });
  }

  /** Where `sshlens demo` and the app's demo button build the demo case. */
  get demoCasePath(): string {
    return defaultDemoCasePath(this.options.userDataDir);
  }

  async close(): Promise<void> {
    await this.jobs.stopAll();
    this.events.close();
    this.cases.close();
  }
}

async function vaultCaptureKeys(): Promise<CaptureKey[]> {
  const { KeyVault } = await import('../vault/key-vault');
  return new KeyVault().captureKeys();
}
