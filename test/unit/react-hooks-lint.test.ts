import { describe, expect, it } from 'vitest';
import { ruleMessages } from '../helpers/lint-text';

// The hooks rules of eslint.config.js, run on components written for the test: each violation must fail lint.
const FILE = 'src/renderer/src/screens/example/Example.tsx';

describe('react-hooks lint on the renderer (eslint.config.js)', () => {
  it('refuses a hook called conditionally', async () => {
    const code = [
      "import { useState } from 'react';",
      'export function Example({ on }: { on: boolean }) {',
      '  if (!on) return null;',
      '  const [n] = useState(0);',
      '  return n;',
      '}',
      '',
    ].join('\n');
    expect(await ruleMessages(FILE, code, 'react-hooks/rules-of-hooks')).toHaveLength(1);
  });

  it('refuses an effect that does not list what it uses', async () => {
    const code = [
      "import { useEffect } from 'react';",
      'export function Example({ id }: { id: string }) {',
      '  useEffect(() => {',
      '    document.title = id;',
      '  }, []);',
      '  return null;',
      '}',
      '',
    ].join('\n');
    expect(await ruleMessages(FILE, code, 'react-hooks/exhaustive-deps')).toEqual([
      expect.stringContaining("missing dependency: 'id'"),
    ]);
  });

  it('refuses a ref read while rendering, and state copied in an effect', async () => {
    const refs = [
      "import { useRef } from 'react';",
      'export function Example({ n }: { n: number }) {',
      '  const last = useRef(n);',
      '  return last.current;',
      '}',
      '',
    ].join('\n');
    expect(await ruleMessages(FILE, refs, 'react-hooks/refs')).not.toEqual([]);
    const copied = [
      "import { useEffect, useState } from 'react';",
      'export function Example({ value }: { value: string }) {',
      '  const [text, setText] = useState(value);',
      '  useEffect(() => setText(value), [value]);',
      '  return text;',
      '}',
      '',
    ].join('\n');
    expect(await ruleMessages(FILE, copied, 'react-hooks/set-state-in-effect')).toHaveLength(1);
  });

  it('passes the same component written right', async () => {
    const code = [
      "import { useEffect } from 'react';",
      'export function Example({ id }: { id: string }) {',
      '  useEffect(() => {',
      '    document.title = id;',
      '  }, [id]);',
      '  return null;',
      '}',
      '',
    ].join('\n');
    for (const rule of ['rules-of-hooks', 'exhaustive-deps', 'refs', 'set-state-in-effect'])
      expect(await ruleMessages(FILE, code, `react-hooks/${rule}`), rule).toEqual([]);
  });
});
