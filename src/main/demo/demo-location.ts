import { basename, dirname, join } from 'node:path';

/** The demo case when none is named: "demo" beside the default case in the user-data folder. */
export function defaultDemoCasePath(userDataDir: string): string {
  return join(userDataDir, 'cases', 'demo.sqlite');
}

/** Where a demo case's encrypted captures go: <case dir>/<case name>-demo-files, or demo-files for the case named "demo". */
export function demoFilesDir(casePath: string): string {
  const name = basename(casePath).replace(/\.sqlite$/, '');
  return join(dirname(casePath), name.endsWith('demo') ? `${name}-files` : `${name}-demo-files`);
}
