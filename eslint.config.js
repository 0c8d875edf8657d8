// Lint keeps the tree's layers apart (STYLE.md, habit 1):
//   src/renderer   the page: no Node, no Electron, nothing from src/main (only src/shared)
//   src/preload    sandboxed: only 'electron' and src/shared
//   src/shared     runs everywhere: no Node, no Electron, nothing from src/main
//   src/main       the engine runs in plain Node: 'electron' only in index.ts and app/
//   formats/crypto pure: no Electron, no file system, no database
//   test           may import anything, but never commits a `.only`

import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = builtinModules.flatMap((m) => [m, `node:${m}`]);
const ELECTRON = [
  { name: 'electron', message: 'Electron is imported only by src/main/index.ts, src/main/app/ and src/preload/.' },
];
const noFileSystem = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises'].map((name) => ({
  name,
  message: 'Parsers and crypto are pure: they take bytes, they do not open files (see src/main/ingest).',
}));

/** `import ... from '<anything>/main/...'`: reaching into the main process from outside it. */
const INTO_MAIN = { regex: '(^|/)main(/|$)', message: 'Only src/shared is common to main, preload and renderer.' };

export default defineConfig(
  { ignores: ['out/', 'dist/', 'node_modules/', 'test/fixtures/', 'test-results/', '.sshlens-tmp/'] },

  js.configs.recommended,
  tseslint.configs.recommended,

  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' },
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },

  {
    files: ['src/renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...ELECTRON, ...NODE_BUILTINS.map((name) => ({ name, message: 'The renderer has no Node: ask main through window.sshlens.' }))],
          patterns: [INTO_MAIN],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Text from a case is never HTML.' },
        { selector: 'AssignmentExpression[left.property.name=/^(innerHTML|outerHTML)$/]', message: 'Text from a case is never HTML.' },
        { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'Text from a case is never HTML.' },
      ],
    },
  },
  {
    files: ['src/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: NODE_BUILTINS.map((name) => ({ name, message: 'A sandboxed preload can require only electron.' })),
          patterns: [INTO_MAIN],
        },
      ],
    },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...ELECTRON, ...NODE_BUILTINS.map((name) => ({ name, message: 'Shared code runs in the page too: no Node modules.' }))],
          patterns: [INTO_MAIN],
        },
      ],
    },
  },
  {
    files: ['src/main/**'],
    ignores: ['src/main/index.ts', 'src/main/app/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: ELECTRON, patterns: [{ regex: '^electron/', message: ELECTRON[0].message }] }],
    },
  },
  {
    files: ['src/main/formats/**', 'src/main/crypto/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...ELECTRON,
            ...noFileSystem,
            { name: 'better-sqlite3', message: 'Parsers and crypto do not touch the case database.' },
          ],
          patterns: [
            { regex: '^electron/', message: ELECTRON[0].message },
            { regex: '(^|/)store(/|$)', message: 'Parsers and crypto do not touch the case database (src/main/store).' },
          ],
        },
      ],
    },
  },

  {
    files: ['test/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['describe', 'it', 'test', 'suite', 'bench'].map((object) => ({
          object,
          property: 'only',
          message: '`.only` skips the rest of the suite: remove it before committing.',
        })),
      ],
    },
  },
);
