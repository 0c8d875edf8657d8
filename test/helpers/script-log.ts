import { readFileSync } from 'node:fs';

/**
 * Independent decoding of what util-linux `script --log-io --log-timing` recorded: the truth
 * the captures were made from. io.log is a "Script started" line, then every I/O chunk in
 * timing order, then "\nScript done ..."; timing.log lines are "O|I <delta seconds> <bytes>".
 */
export interface ScriptChunk {
  source: 'input' | 'output';
  atUs: number;
  data: Buffer;
}

export function readScriptLog(
  ioPath: string,
  timingPath: string,
): { chunks: ScriptChunk[]; output: Buffer; input: Buffer } {
  const io = readFileSync(ioPath);
  let at = io.indexOf(10) + 1; // after the "Script started" line
  let clock = 0;
  const chunks: ScriptChunk[] = [];
  for (const line of readFileSync(timingPath, 'utf8').split('\n')) {
    const m = /^([OI]) (\d+\.\d+) (\d+)$/.exec(line);
    if (!m) continue;
    clock += Number(m[2]);
    const n = Number(m[3]);
    chunks.push({
      source: m[1] === 'O' ? 'output' : 'input',
      atUs: Math.round(clock * 1e6),
      data: io.subarray(at, at + n),
    });
    at += n;
  }
  const cat = (s: ScriptChunk['source']): Buffer =>
    Buffer.concat(chunks.filter((c) => c.source === s).map((c) => c.data));
  return { chunks, output: cat('output'), input: cat('input') };
}
