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

export function parsePrompt(prompt: string): PromptInfo {
  const p = prompt.trim();
  for (const shape of SHAPES) {
    const g = shape.exec(p)?.groups;
    if (g) return { user: g['user'] ?? null, host: g['host'] ?? null, cwd: g['cwd']?.trim() ?? null };
  }
  return { user: null, host: null, cwd: null };
}

/** bash's and sh's default PS2: the shell wants more of the same command. */
export function isContinuationPrompt(prompt: string): boolean {
  return prompt.trim() === '>';
}
