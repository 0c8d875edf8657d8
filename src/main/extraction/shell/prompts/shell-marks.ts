/**
 * Shell integration marks, when the shell sends them: OSC 133 (FinalTerm; iTerm2, kitty,
 * WezTerm, Windows Terminal) and OSC 633 (VS Code) say where a prompt starts (A), where the
 * typed command starts (B), when it runs (C) and how it ended (D;status); 633;E carries the
 * command line itself and 633;P;Cwd= the directory. OSC 7 reports the directory as a URL.
 */
export type ShellMark =
  | { kind: 'prompt-start' }
  | { kind: 'input-start' }
  | { kind: 'executed' }
  | { kind: 'finished'; exitStatus: number | null }
  | { kind: 'command-line'; text: string }
  | { kind: 'cwd'; path: string };

export function parseShellMark(data: string): ShellMark | null {
  const [what, ...args] = data.split(';');
  switch (what) {
    case 'A':
      return { kind: 'prompt-start' };
    case 'B':
      return { kind: 'input-start' };
    case 'C':
      return { kind: 'executed' };
    case 'D': {
      const status = args[0] !== undefined && /^-?\d{1,5}$/.test(args[0]) ? Number(args[0]) : null;
      return { kind: 'finished', exitStatus: status };
    }
    case 'E':
      return args[0] !== undefined ? { kind: 'command-line', text: unescape633(args[0]) } : null;
    case 'P': {
      const cwd = args.find((a) => a.startsWith('Cwd='));
      return cwd !== undefined ? { kind: 'cwd', path: unescape633(cwd.slice(4)) } : null;
    }
    default:
      return null;
  }
}

/** VS Code escapes \ as \\ and control characters and ; as \xHH. */
function unescape633(text: string): string {
  return text.replace(/\\(\\|x([0-9a-fA-F]{2}))/g, (_, all: string, hex: string | undefined) =>
    hex !== undefined ? String.fromCharCode(parseInt(hex, 16)) : all,
  );
}

/** The path of an OSC 7 report (file://host/path, percent-encoded), or null. */
export function cwdFromUrl(uri: string): string | null {
  const m = /^file:\/\/[^/]*(\/.*)$/.exec(uri);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return m[1]!;
  }
}
