// docs/ARCHITECTURE.md is read by the next engineer: its folder map must name every folder there is.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const doc = readFileSync(join(ROOT, 'docs', 'ARCHITECTURE.md'), 'utf8');
const folders = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);

describe('docs/ARCHITECTURE.md', () => {
  it.each([
    ['src/main', ''],
    ['src/renderer/src', ''],
    ['src/renderer/src/screens', 'screens/'],
  ])('maps every folder of %s', (dir, prefix) => {
    const missing = folders(dir).filter((name) => !doc.includes(`| \`${prefix}${name}\``));
    expect(missing).toEqual([]);
  });

  it('names the layers in the order the lint enforces', () => {
    const config = readFileSync(join(ROOT, 'eslint.config.js'), 'utf8');
    const layers = [...config.slice(config.indexOf('const MAIN_LAYERS')).matchAll(/^\s+'([a-z]+)', \/\//gm)].map(
      (m) => m[1]!,
    );
    expect(layers.length).toBeGreaterThan(15);
    const mapped = [...doc.matchAll(/^\| `([a-z]+)`\s+\|/gm)].map((m) => m[1]!).filter((n) => layers.includes(n));
    expect(mapped).toEqual(layers);
  });
});
