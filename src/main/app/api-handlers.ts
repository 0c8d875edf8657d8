// What each API channel does, in the engine's words. The engine modules load on first use (see
// CaseConnection for why).

import type { ApiHandlers } from './ipc';
import type { CaseConnection } from './case-connection';

export function createApiHandlers(app: { version: string; cases: CaseConnection }): ApiHandlers {
  return {
    'sshlens:app:info': () => ({ version: app.version, casePath: app.cases.path }),
    'sshlens:keys:list': async () => {
      const { KeyVault } = await import('../vault/key-vault');
      return new KeyVault().list();
    },
    'sshlens:sessions:list': async () => {
      const { listSessions } = await import('../store/case-queries');
      return listSessions(await app.cases.db());
    },
  };
}
