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
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import { layerOrder } from './scripts/lint/layer-order.js';

/**
 * The layers of src/main, lowest first: a folder imports only folders listed before it, so the
 * engine reads bottom-up (bytes → recordings → case → views → jobs → front ends) without cycles.
 * index.ts, directly in src/main, sits above them all.
 */
const MAIN_LAYERS = [
  'formats', //     pure parsers of every input format
  'crypto', //      HPKE, keys
  'terminal', //    headless xterm.js
  'extraction', //  commands read off a recording (pure)
  'store', //       the case database: schema, writes and queries
  'evidence', //    audit log, case fields
  'notes', //       notes, tags, stars
  'search', //      query language over the store
  'replay', //      snapshots and frames for the player
  'indexing', //    extraction + snapshots written into the store
  'ingest', //      files → readers → store, one transaction per file
  'vault', //       keys in the OS keychain
  'export', //      casts, CSV, JSON Lines
  'report', //      HTML / PDF / JSON reports and their verification
  'demo', //        the demo case
  'services', //    what the UI's API does (no Electron, no HTTP)
  'security', //    the Content-Security-Policy
  'serve', //       the API over HTTP
  'cli', //         the sshlens command
  'app', //         the Electron main process
];

/**
 * SQL lives behind src/main/store: typed repository functions per table group, so a schema change
 * is found in one folder. A `.prepare(` or `.exec(` on a database anywhere else fails lint. The
 * exceptions, each with its reason (none: every module outside store/ calls a function there):
 */
const SQL_OUTSIDE_STORE_ALLOWED = [];
const SQL_MESSAGE =
  'SQL lives in src/main/store: call (or add) a typed function there (see SQL_OUTSIDE_STORE_ALLOWED).';
const SQL_OUTSIDE_STORE = [
  { selector: "CallExpression[callee.property.name='prepare']", message: SQL_MESSAGE },
  // `.exec` is RegExp's too: a database's is the one given SQL text, or called on a `db`.
  {
    selector: [
      "CallExpression[callee.property.name='exec']:matches(",
      '[arguments.0.type=/^(Literal|TemplateLiteral)$/]:not([callee.object.regex]),',
      '[callee.object.name=/(^|[a-z_])(db|Db|DB)$/], [callee.object.property.name=/(^|[a-z_])(db|Db|DB)$/])',
    ].join(''),
    message: SQL_MESSAGE,
  },
];

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
  prettier,

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
  // Type-aware: a promise nobody awaits loses its rejection (an unhandled error, or a write that
  // silently did not happen); `void` says it is meant. Types come from the tsconfig of each file.
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },

  // Hooks: eslint-plugin-react-hooks's recommended set (React's rules, and the React Compiler's
  // checks of them), every rule an error. What each found in the tree was fixed in the code:
  //   exhaustive-deps      effects that use values they do not list (useResult/useLatest take a
  //                        list like useEffect's: inside them, the one disable comment says so)
  //   refs                 refs read or written while rendering (a ref does not re-render: the
  //                        screen showed what the previous render left there)
  //   set-state-in-effect  state copied from props or answers in an effect (a second render, one
  //                        frame late): now set while rendering, or where its cause happens
  //   immutability         a variable reassigned inside a memo's callback
  //   preserve-manual-memoization  memos whose inferred dependencies differ from those written
  //   rules-of-hooks, purity, globals, static-components, use-memo, set-state-in-render, …
  //                        nothing to fix: they keep it so.
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: Object.fromEntries(Object.keys(reactHooks.configs['recommended-latest'].rules).map((r) => [r, 'error'])),
  },
  {
    files: ['src/renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...ELECTRON,
            ...NODE_BUILTINS.map((name) => ({
              name,
              message: 'The renderer has no Node: ask main through window.sshlens.',
            })),
          ],
          patterns: [INTO_MAIN],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Text from a case is never HTML.' },
        {
          selector: 'AssignmentExpression[left.property.name=/^(innerHTML|outerHTML)$/]',
          message: 'Text from a case is never HTML.',
        },
        {
          selector: "CallExpression[callee.property.name='insertAdjacentHTML']",
          message: 'Text from a case is never HTML.',
        },
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
          paths: [
            ...ELECTRON,
            ...NODE_BUILTINS.map((name) => ({ name, message: 'Shared code runs in the page too: no Node modules.' })),
          ],
          patterns: [INTO_MAIN],
        },
      ],
    },
  },
  {
    files: ['src/main/**/*.{ts,tsx}'],
    plugins: { sshlens: { rules: { 'layer-order': layerOrder } } },
    rules: { 'sshlens/layer-order': ['error', { root: 'src/main', order: MAIN_LAYERS }] },
  },
  {
    files: ['src/main/**/*.{ts,tsx}'],
    ignores: ['src/main/store/**', ...SQL_OUTSIDE_STORE_ALLOWED],
    rules: { 'no-restricted-syntax': ['error', ...SQL_OUTSIDE_STORE] },
  },
  {
    files: ['src/main/**'],
    ignores: ['src/main/index.ts', 'src/main/app/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: ELECTRON, patterns: [{ regex: '^electron/', message: ELECTRON[0].message }] },
      ],
    },
  },
  {
    files: ['src/main/formats/**', 'src/main/crypto/**', 'src/main/terminal/**', 'src/main/extraction/**'],
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
            {
              regex: '(^|/)store(/|$)',
              message: 'Parsers and crypto do not touch the case database (src/main/store).',
            },
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
