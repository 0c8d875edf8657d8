// The CLI's commands are listed once (src/main/cli/command-table.ts): each has its own help, and
// the overview and dispatch both come from the table.
import { describe, expect, it } from 'vitest';
import { COMMANDS, commandList, commandNamed } from '../../src/main/cli/command-table';

describe('the CLI command table', () => {
  it('gives each command a help page that names it, and a line in the overview', () => {
    const overview = commandList().split('\n');
    expect(overview).toHaveLength(COMMANDS.length);
    for (const c of COMMANDS) {
      expect(c.help, c.name).toMatch(new RegExp(`^Usage: sshlens .*\\b${c.name}\\b`));
      expect(
        overview.some((l) => l.trimStart().startsWith(`${c.usage} `)),
        c.name,
      ).toBe(true);
      expect(commandNamed(c.name)).toBe(c);
    }
  });

  it('names each command once, and knows no other', () => {
    expect(new Set(COMMANDS.map((c) => c.name)).size).toBe(COMMANDS.length);
    expect(commandNamed('frob')).toBeUndefined();
  });
});
