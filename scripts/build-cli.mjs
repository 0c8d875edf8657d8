// Bundles the CLI (and the bench) for plain Node with esbuild. npm packages stay external,
// so native modules (better-sqlite3, keytar) load from node_modules as built for Node.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  // job-worker runs imports off the main thread; it must sit beside the bundles that start it.
  entryPoints: {
    sshlens: 'src/main/cli/index.ts',
    bench: 'bench/index.ts',
    'job-worker': 'src/main/services/jobs/job-worker.ts',
    'stage-worker': 'src/main/ingest/stage-worker.ts',
  },
  outdir: 'out/cli',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  define: { SSHLENS_VERSION: JSON.stringify(pkg.version) },
  logLevel: 'warning',
});
