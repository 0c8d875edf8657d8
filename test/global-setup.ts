import { execFileSync } from 'node:child_process';

/** CLI tests run the bundled CLI: build it once before any test file runs. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit' });
}
