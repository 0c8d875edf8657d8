import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// What this machine can check of the installers (npm run dist needs Electron's binaries, which
// only a machine with network access can download): electron-builder's own validation of the
// configuration, and the files its patterns would pack from a built tree (npm test builds it).

const root = process.cwd();
const fromBuilder = createRequire(require.resolve('app-builder-lib/package.json'));
const { getConfig, validateConfiguration } = fromBuilder('./out/util/config/config.js') as {
  getConfig: (dir: string, path: string, cli: null) => Promise<Record<string, unknown>>;
  validateConfiguration: (config: Record<string, unknown>, logger: unknown) => Promise<void>;
};
const { DebugLogger } = fromBuilder('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
const { minimatch } = fromBuilder('minimatch') as { minimatch: (path: string, pattern: string) => boolean };

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [relative(root, path)];
  });
}

/** The project files electron-builder's `files` patterns select (later `!` patterns exclude). */
function packed(patterns: string[]): string[] {
  const candidates = ['package.json', ...(existsSync('out') ? walk(join(root, 'out')) : [])];
  return candidates.filter((file) => {
    let keep = false;
    for (const p of patterns) {
      if (p.startsWith('!')) {
        if (minimatch(file, p.slice(1))) keep = false;
      } else if (minimatch(file, p)) keep = true;
    }
    return keep;
  });
}

describe('installers (electron-builder.yml)', () => {
  it('is a configuration electron-builder accepts, and refuses a broken one', async () => {
    const config = await getConfig(root, 'electron-builder.yml', null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    for (const broken of [{ nsis: { oneClick: 'yes' } }, { unknownOption: true }]) {
      await expect(validateConfiguration({ ...config, ...broken }, new DebugLogger(false))).rejects.toThrow(
        /does not match the API schema/,
      );
    }
    expect(config['publish']).toBeNull();
    expect(config['npmRebuild']).toBe(false);
    expect((config['linux'] as { target: string[] }).target).toEqual(['AppImage', 'deb']);
    expect((config['mac'] as { target: string }).target).toBe('dmg');
    expect((config['win'] as { target: string }).target).toBe('nsis');
  });

  it('packs the built app and nothing else of the tree', async () => {
    const config = await getConfig(root, 'electron-builder.yml', null);
    // electron-builder normalises `files` to [{ filter: [...] }].
    const filters = (config['files'] as Array<{ filter: string[] }>).flatMap((f) => f.filter);
    const files = packed(filters);
    const main = JSON.parse(readFileSync('package.json', 'utf8')) as { main: string };
    for (const needed of [main.main, 'out/main/job-worker.js', 'out/preload/index.cjs', 'out/renderer/index.html']) {
      expect(files, needed).toContain(needed);
    }
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.every((f) => f === 'package.json' || f.startsWith('out/'))).toBe(true);
    expect(files.some((f) => f.startsWith('out/cli/'))).toBe(false);
    // Native modules and the worker stay outside the archive: they are loaded from disk.
    expect(config['asarUnpack']).toEqual(expect.arrayContaining(['**/*.node', 'out/main/**/*']));
  });
});
