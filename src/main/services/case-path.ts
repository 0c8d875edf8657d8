import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The same folder Electron's app.getPath('userData') gives for an app named "sshlens". */
export function userDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env['SSHLENS_HOME']) return resolve(env['SSHLENS_HOME']);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'sshlens');
  if (platform === 'win32') return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), 'sshlens');
  return join(env['XDG_CONFIG_HOME'] || join(homedir(), '.config'), 'sshlens');
}

/** --case PATH, else $SSHLENS_CASE, else the default case in the user-data folder. */
export function resolveCasePath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag);
  if (env['SSHLENS_CASE']) return resolve(env['SSHLENS_CASE']);
  return join(userDataDir(env), 'cases', 'default.sqlite');
}
