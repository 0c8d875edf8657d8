import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// npm run lint runs the type-aware promise rules on every TypeScript file (eslint.config.js); the
// real tree passes them, so here the configuration itself is checked: a change that drops them fails.
describe('type-aware lint (eslint.config.js)', () => {
  it('checks floating and misused promises, with types, in main, renderer, shared and tests', async () => {
    const eslint = new ESLint({ cwd: process.cwd() });
    for (const file of ['src/main/index.ts', 'src/renderer/src/App.tsx', 'src/shared/api.ts', 'test/helpers/cli.ts']) {
      const config = (await eslint.calculateConfigForFile(file)) as {
        rules: Record<string, unknown[]>;
        languageOptions: { parserOptions: { projectService?: unknown } };
      };
      expect(config.rules['@typescript-eslint/no-floating-promises']?.[0], file).toBe(2);
      expect(config.rules['@typescript-eslint/no-misused-promises']?.[0], file).toBe(2);
      expect(config.languageOptions.parserOptions.projectService, file).toBe(true);
    }
  });
});
