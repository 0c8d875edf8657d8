import { join } from 'node:path';
import { resolveCasePath } from '../services/case-path';

/**
 * The case the window opens: $SSHLENS_CASE (or the default case under $SSHLENS_HOME) exactly as the
 * CLI resolves it, so `sshlens import` and the window see the same file; otherwise the default case
 * in Electron's user-data folder.
 */
export function appCasePath(userDataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env['SSHLENS_CASE'] || env['SSHLENS_HOME']) return resolveCasePath(undefined, env);
  return join(userDataDir, 'cases', 'default.sqlite');
}
