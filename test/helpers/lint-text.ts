import { ESLint } from 'eslint';

// The lint configuration itself, run on code written for a test as if it stood at `filePath`. The
// code is not on disk, so TypeScript's project service cannot type it: the type-aware rules are left
// out here (npm run lint runs them on the real tree).
const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false } },
    rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
  },
});

/** The messages of one rule on the code; throws when the code does not parse (a test must not pass on nothing). */
export async function ruleMessages(filePath: string, code: string, ruleId: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  const messages = result?.messages ?? [];
  const fatal = messages.filter((m) => m.fatal);
  if (fatal.length > 0) throw new Error(`the test code does not parse: ${fatal[0]!.message}`);
  return messages.filter((m) => m.ruleId === ruleId).map((m) => m.message);
}
