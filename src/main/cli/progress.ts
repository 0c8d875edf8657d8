import { terminalSafe } from './output';

/**
 * A progress bar on stderr when it is a terminal; silent on a pipe, so scripts read clean
 * output. Redraws at most every 100 ms.
 */
export class Progress {
  private readonly enabled: boolean;
  private last = 0;
  private fileName = '';
  private fileIndex = 0;
  private fileBytes = 0;
  private fileSize = 0;
  private doneBytes = 0;

  constructor(
    private readonly totalFiles: number,
    private readonly totalBytes: number,
    stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.stream = stream;
    this.enabled = stream.isTTY === true && totalFiles > 0;
  }

  private readonly stream: NodeJS.WriteStream;

  startFile(name: string, size: number, index: number): void {
    this.fileName = name;
    this.fileSize = size;
    this.fileBytes = 0;
    this.fileIndex = index;
    this.draw(true);
  }

  bytes(n: number): void {
    this.fileBytes += n;
    this.draw(false);
  }

  endFile(): void {
    this.doneBytes += this.fileSize;
    this.fileBytes = 0;
  }

  /** Clears the bar so a normal line can be printed. */
  clear(): void {
    if (this.enabled) this.stream.write('\r\x1b[K');
  }

  private draw(force: boolean): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (!force && now - this.last < 100) return;
    this.last = now;
    const overall =
      this.totalBytes > 0 ? (this.doneBytes + Math.min(this.fileBytes, this.fileSize)) / this.totalBytes : 1;
    const file = this.fileSize > 0 ? Math.min(this.fileBytes / this.fileSize, 1) : 1;
    const width = 24;
    const bar = '█'.repeat(Math.round(overall * width)).padEnd(width, '░');
    const name = terminalSafe(this.fileName.length > 40 ? `…${this.fileName.slice(-39)}` : this.fileName);
    this.stream.write(
      `\r\x1b[K${bar} ${(overall * 100).toFixed(0).padStart(3)}%  file ${this.fileIndex + 1}/${this.totalFiles} ${(file * 100).toFixed(0)}%  ${name}`,
    );
  }
}
