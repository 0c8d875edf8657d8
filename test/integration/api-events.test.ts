// Main's pushed events over `sshlens serve` (GET /events, Server-Sent Events): the job list while
// a real import of real recordings runs, to its end, and the case after a switch; refused without
// the token. The renderer receives these instead of polling the job list.
import { readFileSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../src/shared/api';
import { startServe, type ServedUi } from '../helpers/cli';
import { sample, tempDir } from '../helpers/fixtures';

const FILES = [
  sample('sample-shell.capture'),
  sample('logpush.ndjson.gz'),
  sample('bad/logpush-one-bad-line.ndjson.gz'),
];

/** Reads /events until `until` says stop; the events received, in order. */
function listen(
  port: number,
  cookie: string,
  until: (events: ApiEvent[]) => boolean,
): { opened: Promise<IncomingMessage>; done: Promise<ApiEvent[]> } {
  let open!: (r: IncomingMessage) => void;
  const opened = new Promise<IncomingMessage>((r) => (open = r));
  const done = new Promise<ApiEvent[]>((resolve, reject) => {
    const events: ApiEvent[] = [];
    const req = request(
      { host: '127.0.0.1', port, path: '/events', headers: { Host: `127.0.0.1:${port}`, Cookie: cookie } },
      (res) => {
        open(res);
        let buffer = '';
        res.on('data', (c: Buffer) => {
          buffer += c.toString('utf8');
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block
              .split('\n')
              .filter((l) => l.startsWith('data: '))
              .map((l) => l.slice(6))
              .join('\n');
            if (data) events.push(JSON.parse(data) as ApiEvent);
          }
          if (until(events)) {
            req.destroy();
            resolve(events);
          }
        });
        res.on('end', () => resolve(events));
      },
    );
    req.on('error', (e) => (until([]) ? undefined : reject(e)));
    req.end();
  });
  return { opened, done };
}

describe('pushed events over sshlens serve', () => {
  const dir = tempDir('sshlens-events-');
  const casePath = join(dir.path, 'case.sqlite');
  let ui: ServedUi;
  let cookie: string;
  const api = async (channel: string, ...args: unknown[]): Promise<{ ok: boolean; value?: unknown }> =>
    (await fetch(`${ui.origin}/api/${channel}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie },
      body: JSON.stringify(args),
    }).then((r) => r.json())) as { ok: boolean; value?: unknown };

  beforeAll(async () => {
    ui = await startServe(casePath, { SSHLENS_HOME: dir.path });
    cookie = `sshlens_token=${new URL(ui.startUrl).searchParams.get('token')!}`;
  });
  afterAll(async () => {
    await ui.stop();
    dir.cleanup();
  });

  it('refuses the stream without the token', async () => {
    const { opened } = listen(ui.port, 'sshlens_token=wrong', () => true);
    const res = await opened;
    expect(res.statusCode).toBe(403);
  });

  it('pushes the job list as an import moves, to its end, with every file and outcome', async () => {
    const ended = (events: ApiEvent[]): boolean =>
      events.some((e) => e.type === 'jobs' && e.jobs.some((j) => j.state === 'done' || j.state === 'failed'));
    const { opened, done } = listen(ui.port, cookie, ended);
    const res = await opened;
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    const started = await api('sshlens:jobs:import', { expectedCase: casePath }, { paths: FILES, allowPartial: false });
    expect(started.ok).toBe(true);
    const events = await done;
    const jobs = events.flatMap((e) => (e.type === 'jobs' ? [e.jobs] : []));
    // Queued or running first, settled last; the last list holds the outcome of every file.
    expect(jobs[0]![0]!.state).toMatch(/queued|running/);
    const last = jobs.at(-1)![0]!;
    expect(last.state).toBe('done');
    expect(last.files.map((f) => f.path).sort()).toEqual([...FILES].sort());
    expect(last.files.every((f) => f.outcome !== null)).toBe(true);
    // The same as asking for the list.
    expect((await api('sshlens:jobs:list')).value).toEqual(jobs.at(-1));
  });

  it('pushes how far a report is: every program read, then the file written', async () => {
    const path = join(dir.path, 'events-report.json');
    const { opened, done } = listen(ui.port, cookie, (events) =>
      events.some((e) => e.type === 'report' && e.progress.phase === 'writing'),
    );
    await opened;
    const written = await api(
      'sshlens:report:write',
      { expectedCase: casePath },
      { path, sessions: [], tags: [], transcript: false, outputLines: 0, force: false },
    );
    expect(written.ok).toBe(true);
    const progress = (await done).flatMap((e) => (e.type === 'report' ? [e.progress] : []));
    expect(progress.every((p) => p.path === path)).toBe(true);
    const reading = progress.filter((p) => p.phase === 'reading');
    const report = JSON.parse(readFileSync(path, 'utf8')) as { sessions: Array<{ programs: unknown[] }> };
    const programs = report.sessions.reduce((n, s) => n + s.programs.length, 0);
    expect(programs).toBeGreaterThan(0);
    // The first and the last step always go out; the ones between may be thinned.
    expect(reading[0]).toMatchObject({ done: 0, total: programs });
    expect(reading.at(-1)).toMatchObject({ done: programs, total: programs });
    for (let i = 1; i < reading.length; i++) expect(reading[i]!.done).toBeGreaterThan(reading[i - 1]!.done);
    expect(progress.at(-1)!.phase).toBe('writing');
  });

  it('says which case is open after a switch', async () => {
    const other = join(dir.path, 'other.sqlite');
    const { opened, done } = listen(ui.port, cookie, (events) => events.some((e) => e.type === 'case'));
    await opened;
    expect((await api('sshlens:case:create', other)).ok).toBe(true);
    const events = await done;
    expect(events.find((e) => e.type === 'case')).toEqual({ type: 'case', path: other });
  });
});
