#!/usr/bin/env node
// Thin launcher: the CLI is bundled to out/cli by `npm install` (prepare) or `npm run build:cli`.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const entry = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'cli', 'sshlens.js');
if (!existsSync(entry)) {
  process.stderr.write(
    'sshlens: the CLI is not built yet: run `npm install` (or `npm run build:cli`) in the checkout\n',
  );
  process.exit(1);
}
await import(pathToFileURL(entry).href);
