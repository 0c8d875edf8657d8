import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../serve/serve-http';
import { createApiHandlers } from '../../services/api-handlers';
import { AppServices } from '../../services/app-services';
import { parseCommandArgs } from '../args';
import { userDataDir } from '../../services/case-path';
import { CliError } from '../cli-error';
import { printJson, printLine } from '../output';

declare const SSHLENS_VERSION: string;

export const serveHelp = `Usage: sshlens [--case PATH] serve [--port N] [--write-dir DIR]... [--json]

Runs the sshlens desktop UI in your browser: the same services as the app, behind a
local web server that listens on 127.0.0.1 only. Open the URL it prints: it carries a
random access token, which the browser then keeps in a cookie for this server only.
Stop with Ctrl-C (running imports are cancelled and roll back).

In the browser, files and folders to import and key files are given by their path on
this machine (a browser page cannot read paths from a file dialog). Reports and new
cases are written only in the folders you allow: the folder serve was started in, the
case's folder, and each --write-dir; an existing file there is replaced only when it
is a report this case wrote, unchanged since.

  --port N          listen on this port (default: a free one)
  --write-dir DIR   also allow writing reports and new cases under DIR (repeat for more)
  --json            print {"url": ..., "port": ...} as one line once listening`;

export async function serveCommand(casePath: string, argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    'serve',
    argv,
    {
      port: { type: 'string', default: '0' },
      'write-dir': { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
    },
    false,
  );
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError(`--port must be a port number, not "${values.port}"`, 2);
  const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url));
  if (!existsSync(`${rendererDir}index.html`))
    throw new CliError(`the UI is not built (${rendererDir} is missing): run npm run build:ui`, 1);

  const allowed = (values['write-dir'] ?? []).map((d) => resolve(d));
  for (const d of allowed)
    if (!existsSync(d) || !statSync(d).isDirectory()) throw new CliError(`--write-dir ${d}: not a folder`, 2);
  const writeDirs = [process.cwd(), dirname(casePath), ...allowed];
  const services = new AppServices({
    version: typeof SSHLENS_VERSION === 'string' ? SSHLENS_VERSION : 'dev',
    casePath,
    userDataDir: userDataDir(),
    transport: 'http',
    writeDirs: [...new Set(writeDirs)],
  });
  services.recent.remember(services.cases.path);
  const server = await startServer({
    handlers: createApiHandlers(services),
    rendererDir,
    port,
    events: (listener) => services.events.subscribe(listener),
  });
  if (values.json) printJson({ url: server.startUrl, port: server.port });
  else {
    // serve may start a case (the app does, on first use): say so, so that a mistyped --case shows.
    const fresh = existsSync(casePath) ? '' : ' (no case there yet: a new, empty one is made there)';
    printLine(`sshlens serve: case ${casePath}${fresh}`);
    printLine(`open ${server.startUrl}`);
    printLine('(listening on 127.0.0.1 only; Ctrl-C stops)');
  }

  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  await services.close();
  return 0;
}
