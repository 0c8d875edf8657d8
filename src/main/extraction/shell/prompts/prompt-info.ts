/** What a prompt makes plain: user, host and working directory, when it follows a common shape. */
export interface PromptInfo {
  user: string | null;
  host: string | null;
  cwd: string | null;
}

// Anchored at the end only: text a program left on the line (e.g. "Passphrase: ") may precede the prompt.
const SHAPES: RegExp[] = [
  /\[(?<user>[\w.-]+)@(?<host>[\w.-]+) (?<cwd>[^\]]+)\][#$] ?$/, // [root@web01 log]#   (RHEL, the samples)
  /(?<user>[\w.-]+)@(?<host>[\w.-]+):(?<cwd>[^$#]+)[#$] ?$/, // user@host:~/src$  (Debian, Ubuntu)
  /(?<user>[\w.-]+)@(?<host>[\w.-]+) (?<cwd>\S+) ?[%#$>] ?$/, // user@host ~/src %  (zsh, fish)
  /(?<host>[\w.-]+):(?<cwd>\S+) (?<user>[\w.-]+)[#$] ?$/, // host:cwd user$  (macOS bash)
];

/** The first line of a two-line prompt: user@host and a path, the second line holds the prompt character. */
const FIRST_LINE = /(?<user>[\w.-]+)@(?<host>[\w.-]+)[: ]+(?<cwd>[~/][^\s]*)[\s\])]*$/;

/**
 * User, host and directory from the prompt line, or from the line above it when the prompt
 * spans two lines (`above`: the row over the prompt row, when the shell drew it as part of the prompt).
 */
export function parsePrompt(prompt: string, above: string | null = null): PromptInfo {
  const p = prompt.trim();
  for (const shape of SHAPES) {
    const g = shape.exec(p)?.groups;
    if (g) return { user: g['user'] ?? null, host: g['host'] ?? null, cwd: g['cwd']?.trim() ?? null };
  }
  const g = above !== null ? FIRST_LINE.exec(above.trim())?.groups : undefined;
  if (g) return { user: g['user'] ?? null, host: g['host'] ?? null, cwd: g['cwd'] ?? null };
  return { user: null, host: null, cwd: null };
}
