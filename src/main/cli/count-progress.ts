import { terminalSafe } from './output';

/**
 * "label  12/340" on stderr while a counted job runs, when stderr is a terminal; silent on a
 * pipe, like the import's progress bar. Redraws at most every 100 ms.
 */
export class CountProgress {
  private readonly enabled: boolean;
  private last = 0;

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.enabled = stream.isTTY === true;
  }

  update(done: number, total: number, detail = ''): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (done < total && now - this.last < 100) return;
    this.last = now;
    const width = 24;
    const share = total > 0 ? done / total : 1;
    const bar = '█'.repeat(Math.round(share * width)).padEnd(width, '░');
    this.stream.write(`\r\x1b[K${bar} ${this.label} ${done}/${total} ${terminalSafe(detail)}`);
  }

  clear(): void {
    if (this.enabled) this.stream.write('\r\x1b[K');
  }
}
