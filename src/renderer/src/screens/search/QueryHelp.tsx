import type { ReactNode } from 'react';
import { utcOffsetLabel } from '../../ui/format';

// The query language in brief (the whole of it: src/main/search/README.md).

const TEXT: Array<[string, ReactNode]> = [
  ['passwd', 'the text anywhere, also inside words (etc/pass, -rf, :8080); case is ignored'],
  ['"cat /etc"', 'an exact piece of text, spaces included'],
  ['=root', <>a whole word: /root and ROOT:x, not chroot</>],
  ['passw*', 'words that start with it (at least 3 letters before the *)'],
];

const FILTERS: Array<[string, ReactNode]> = [
  ['user:kai@example.org', 'the user: email, the part before @, login name or user id'],
  ['target:cac3331d', 'the target id, or its first characters'],
  ['host:203.0.113.80', 'client or server address, any port unless one is given'],
  ['type:exec', 'program type: shell, exec, x11, direct-tcpip, forwarded-tcpip, unknown'],
  ['kind:program-input', 'command kind: shell, exec, program-input'],
  ['exit:nonzero', 'the exit status of the command (exit:1, exit:nonzero)'],
  ['after:2026-11-21', 'at or after a time; before: is strictly before'],
  ['in:output', 'only output, or in:commands for command lines only'],
  ['session:s3', 'one session, or program:p7 one program'],
];

const EXAMPLES = [
  'sudo',
  '"permission denied" in:output',
  '=root exit:nonzero',
  'passw* in:commands',
  'type:exec after:2026-11-21',
  'curl host:203.0.113.80',
];

export function QueryHelp({ onExample }: { onExample: (query: string) => void }): ReactNode {
  return (
    <div className="sr-help">
      <div className="sr-help-col">
        <section className="panel sr-help-card">
          <h2 className="section-title">Search text</h2>
          <HelpTable rows={TEXT} onExample={onExample} />
          <p className="sr-help-note">
            Every term must match within the same command line, or within the same output. <code>AND</code>,{' '}
            <code>OR</code> and other operators are text to find.
          </p>
        </section>
        <section className="panel sr-help-card sr-help-examples">
          <h2 className="section-title">Try</h2>
          <div className="sr-examples">
            {EXAMPLES.map((q) => (
              <button key={q} type="button" className="btn btn-small sr-example mono" onClick={() => onExample(q)}>
                {q}
              </button>
            ))}
          </div>
          <p className="sr-help-note">
            <kbd>/</kbd> puts the cursor in the search box, <kbd>↑</kbd> <kbd>↓</kbd> move through the results,{' '}
            <kbd>Enter</kbd> opens the replay at that moment.
          </p>
        </section>
      </div>
      <section className="panel sr-help-card">
        <h2 className="section-title">Filters</h2>
        <HelpTable rows={FILTERS} onExample={onExample} />
        <p className="sr-help-note">
          Repeat a filter for alternatives (<code>user:a user:b</code>); different filters all apply. Dates like{' '}
          <code>2026-11-21T17:20</code> are UTC unless you add an offset (<code>+02:00</code>); results show times in{' '}
          {utcOffsetLabel()}.
        </p>
      </section>
    </div>
  );
}

function HelpTable({
  rows,
  onExample,
}: {
  rows: Array<[string, ReactNode]>;
  onExample: (query: string) => void;
}): ReactNode {
  return (
    <table className="sr-help-table">
      <tbody>
        {rows.map(([syntax, meaning]) => (
          <tr key={syntax}>
            <td>
              <button
                type="button"
                className="sr-syntax mono"
                onClick={() => onExample(syntax)}
                title="Put this in the search box"
              >
                {syntax}
              </button>
            </td>
            <td>{meaning}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
