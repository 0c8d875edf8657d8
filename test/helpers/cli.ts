import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'sshlens.mjs');

export interface CliResult {
  status: number | null;
  stdout: string;
  stdoutBytes: Buffer;
  stderr: string;
}

/** Runs the real CLI (bundled by the global setup) as a user would, through a pipe. */
export function sshlens(args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
  return {
    status: r.status,
    stdout: r.stdout.toString('utf8'),
    stdoutBytes: r.stdout,
    stderr: r.stderr.toString('utf8'),
  };
}

export interface ServedUi {
  /** Opens the UI: carries the access token once. */
  startUrl: string;
  origin: string;
  port: number;
  stop: () => Promise<void>;
}

/** Starts the real `sshlens serve` on a free port and waits until it listens. */
export async function startServe(casePath: string, env: NodeJS.ProcessEnv = {}): Promise<ServedUi> {
  const child = spawn(process.execPath, [BIN, '--case', casePath, 'serve', '--json'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<{ url: string; port: number }>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const end = out.lastIndexOf('}');
      if (end >= 0) {
        try {
          resolve(JSON.parse(out.slice(0, end + 1)) as { url: string; port: number });
        } catch {
          // not the whole document yet
        }
      }
    });
    void exited.then((code) => reject(new Error(`sshlens serve exited (${code}) before listening: ${stderr}`)));
  });
  const { url, port } = await listening;
  return {
    startUrl: url,
    origin: new URL(url).origin,
    port,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
