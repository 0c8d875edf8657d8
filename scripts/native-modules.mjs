#!/usr/bin/env node
// Usage: node scripts/native-modules.mjs node|electron
//
// Makes the native modules in node_modules (better-sqlite3, keytar) match the runtime about to
// load them: plain Node for the CLI and the tests, Electron for the app. Their ABIs differ, so one
// build cannot serve both; instead every build is kept in node_modules/.sshlens-native/<runtime>-<abi>/
// and switching is a copy. Only a runtime never built before needs a build:
//   node      npm rebuild better-sqlite3 keytar
//   electron  a prebuilt binary for this Electron (prebuild-install), else node-gyp against the
//             Electron headers; Node-API modules (keytar) are ABI-stable and kept as they are.
// node_modules/.sshlens-native/current.json names the build in place, with the binaries' hashes, so a
// build replaced behind its back (npm install, npm rebuild) is noticed. Without it the binaries
// are taken to be npm's Node build once a Node process has loaded them.
// With nothing to change this reads one JSON file and hashes two binaries: fast, and offline.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const NODE_MODULES = join(ROOT, 'node_modules');
const STATE_DIR = join(NODE_MODULES, '.sshlens-native');
const MARKER = join(STATE_DIR, 'current.json');
const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';

const MODULES = [
  { name: 'better-sqlite3', binary: 'build/Release/better_sqlite3.node' },
  { name: 'keytar', binary: 'build/Release/keytar.node' },
].map((m) => ({
  ...m,
  dir: join(NODE_MODULES, m.name),
  path: join(NODE_MODULES, m.name, m.binary),
  napi: usesNodeApi(m.name),
}));

class Failure extends Error {}

function main(argv) {
  const runtime = argv[0];
  if (argv.length !== 1 || (runtime !== 'node' && runtime !== 'electron')) {
    throw new Failure('usage: node scripts/native-modules.mjs node|electron');
  }
  const want = runtime === 'node' ? nodeTarget() : electronTarget();
  const have = currentBuild();
  if (have?.key === want.key) {
    if (!have.recorded) keep(have);
    log(`built for ${describe(want)}`);
    return;
  }
  if (have) keep(have);
  if (cached(want)) {
    install(want);
    log(`switched to ${describe(want)} (from the cache)`);
    return;
  }
  log(`building for ${describe(want)}${have ? `, replacing ${describe(have)}` : ''}...`);
  try {
    if (want.runtime === 'node') buildForNode();
    else buildForElectron(want);
    if (want.runtime === 'node' && !loadsInNode()) throw new Failure('the new build does not load in this Node');
  } catch (e) {
    const restored = have && cached(have) ? (install(have), `; the ${describe(have)} build is back in place`) : '';
    throw new Failure(`could not build the native modules for ${describe(want)}: ${e.message}${restored}`);
  }
  keep({ ...want, hashes: hashes() });
  log(`built for ${describe(want)}`);
}

// --- what is wanted, what is there ---

function nodeTarget() {
  return target('node', process.versions.node, process.versions.modules);
}

function electronTarget() {
  const pkgFile = join(NODE_MODULES, 'electron', 'package.json');
  if (!existsSync(pkgFile)) throw new Failure('electron is not installed: run npm install');
  const version = JSON.parse(readFileSync(pkgFile, 'utf8')).version;
  return target('electron', version, electronAbi(version));
}

function target(runtime, version, abi) {
  return {
    runtime,
    version,
    abi: String(abi),
    key: `${runtime}-${abi}`,
    platform: process.platform,
    arch: process.arch,
  };
}

function electronAbi(version) {
  const file = join(NODE_MODULES, 'electron', 'abi_version');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  try {
    return JSON.parse(
      run(process.execPath, ['-p', `require('node-abi').getAbi(${JSON.stringify(version)}, 'electron')`], {
        capture: true,
      }),
    );
  } catch {
    throw new Failure(`cannot tell the ABI of Electron ${version} (no node_modules/electron/abi_version, no node-abi)`);
  }
}

/** The build in node_modules now, or null when it is unknown. */
function currentBuild() {
  const marker = readJson(MARKER);
  const now = hashes();
  if (marker && sameHashes(marker.hashes, now)) return { ...marker, recorded: true };
  // No marker, or the binaries changed since it was written (npm install / npm rebuild build for Node).
  return loadsInNode() ? { ...nodeTarget(), hashes: now, recorded: false } : null;
}

function describe(build) {
  return `${build.runtime} ${build.version} (ABI ${build.abi})`;
}

// --- the cache ---

function cacheDir(build) {
  return join(STATE_DIR, build.key);
}

/** Copies the binaries in place into the cache (if not there yet) and records them as current. */
function keep({ recorded: _, ...build }) {
  const dir = cacheDir(build);
  const entry = readJson(join(dir, 'build.json'));
  if (!entry || !sameHashes(entry.hashes, build.hashes) || !cached(build)) {
    mkdirSync(dir, { recursive: true });
    for (const m of MODULES) atomicCopy(m.path, join(dir, `${m.name}.node`));
    writeJson(join(dir, 'build.json'), build);
  }
  writeJson(MARKER, build);
}

/** True when the cache holds a complete, intact build. */
function cached(build) {
  const entry = readJson(join(cacheDir(build), 'build.json'));
  if (!entry) return false;
  return MODULES.every((m) => hashFile(join(cacheDir(build), `${m.name}.node`)) === entry.hashes?.[m.name]);
}

function install(build) {
  const entry = readJson(join(cacheDir(build), 'build.json'));
  for (const m of MODULES) {
    mkdirSync(dirname(m.path), { recursive: true });
    atomicCopy(join(cacheDir(build), `${m.name}.node`), m.path);
  }
  writeJson(MARKER, entry);
}

// --- builds ---

function buildForNode() {
  const env = withoutEnv(process.env, [
    'npm_config_runtime',
    'npm_config_target',
    'npm_config_disturl',
    'npm_config_dist_url',
  ]);
  run(npmCommand(), ['rebuild', ...MODULES.map((m) => m.name)], { env });
}

function buildForElectron(want) {
  for (const m of MODULES) {
    if (m.napi) {
      // Node-API is ABI-stable: the Node build loads in Electron as it is.
      if (!existsSync(m.path)) throw new Failure(`${m.name} is not built at all: run npm rebuild ${m.name}`);
      continue;
    }
    if (!tryPrebuilt(m, want)) compileForElectron(m, want);
    // The classic mistake: node-gyp quietly building against Node's headers (npm's nodedir).
    if (want.abi !== process.versions.modules && loadsInNode([m])) {
      throw new Failure(`${m.name} was built for this Node, not for Electron: check npm's nodedir setting`);
    }
  }
}

/** Downloads the module's published binary for this Electron, as the module's own install would. */
function tryPrebuilt(m, want) {
  const bin = join(NODE_MODULES, 'prebuild-install', 'bin.js');
  if (!existsSync(bin) || process.env['SSHLENS_BUILD_FROM_SOURCE']) return false;
  const args = [bin, '--runtime', 'electron', '--target', want.version, '--arch', want.arch, '--force'];
  const result = spawnSync(process.execPath, args, { cwd: m.dir, stdio: 'inherit', env: electronEnv() });
  if (result.status === 0 && existsSync(m.path)) return true;
  log(`no prebuilt ${m.name} for ${describe(want)} could be fetched; compiling it`);
  return false;
}

/** node-gyp against the Electron headers (fetched once into ~/.electron-gyp), as Electron's docs describe. */
function compileForElectron(m, want) {
  const args = [
    nodeGyp(),
    'rebuild',
    '--release',
    `--target=${want.version}`,
    `--arch=${want.arch}`,
    `--dist-url=${ELECTRON_HEADERS_URL}`,
    `--devdir=${join(homedir(), '.electron-gyp')}`,
  ];
  try {
    run(process.execPath, args, { cwd: m.dir, env: electronEnv() });
  } catch (e) {
    throw new Failure(
      `${m.name}: ${e.message}. Building for Electron needs its headers (downloaded once from ` +
        `${ELECTRON_HEADERS_URL} into ~/.electron-gyp) and a C++ toolchain (python3, make, g++; ` +
        'on Debian: apt-get install build-essential python3 libsecret-1-dev)',
    );
  }
}

/** The environment for an Electron build: npm's own settings must not point node-gyp at Node's headers. */
function electronEnv() {
  return withoutEnv(process.env, [
    'npm_config_nodedir',
    'npm_config_target',
    'npm_config_runtime',
    'npm_config_disturl',
    'npm_config_dist_url',
  ]);
}

function nodeGyp() {
  const candidates = [
    process.env['npm_config_node_gyp'],
    join(NODE_MODULES, 'node-gyp', 'bin', 'node-gyp.js'),
    npmCli() && join(dirname(npmCli()), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  const found = candidates.find((p) => p && existsSync(p));
  if (!found) throw new Failure('node-gyp not found (it comes with npm)');
  return found;
}

function npmCli() {
  if (process.env['npm_execpath']?.endsWith('npm-cli.js')) return process.env['npm_execpath'];
  const besideNode =
    process.platform === 'win32'
      ? join(dirname(process.execPath), 'node_modules', 'npm', 'bin', 'npm-cli.js')
      : join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
  return existsSync(besideNode) ? besideNode : null;
}

function npmCommand() {
  return process.platform === 'win32' ? 'npm.cmd' : 'npm';
}

// --- checks ---

/** Loads the binaries in a fresh Node: true when this Node can use them all. */
function loadsInNode(modules = MODULES) {
  if (!modules.every((m) => existsSync(m.path))) return false;
  const code = `for (const p of ${JSON.stringify(modules.map((m) => m.path))}) require(p);`;
  return spawnSync(process.execPath, ['-e', code], { stdio: 'ignore' }).status === 0;
}

function usesNodeApi(name) {
  const pkg = readJson(join(NODE_MODULES, name, 'package.json'));
  return Array.isArray(pkg?.binary?.napi_versions) && pkg.binary.napi_versions.length > 0;
}

function hashes() {
  return Object.fromEntries(MODULES.map((m) => [m.name, hashFile(m.path)]));
}

function sameHashes(a, b) {
  return !!a && MODULES.every((m) => b[m.name] !== null && a[m.name] === b[m.name]);
}

function hashFile(path) {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return null;
  }
}

// --- small helpers ---

/** Copy through a temporary file and a rename: a reader never sees half a binary, and a binary
 *  a running process has mapped is replaced, not overwritten. */
function atomicCopy(from, to) {
  const temp = `${to}.sshlens-tmp`;
  copyFileSync(from, temp);
  renameSync(temp, to);
}

function run(command, args, { cwd = ROOT, env = process.env, capture = false } = {}) {
  const result = spawnSync(command, args, {
    cwd,
    env,
    stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
    shell: process.platform === 'win32' && command.endsWith('.cmd'),
  });
  if (result.error) throw new Failure(`${command} did not start: ${result.error.message}`);
  if (result.status !== 0)
    throw new Failure(`\`${[command, ...args].join(' ')}\` exited with ${result.status ?? result.signal}`);
  return result.stdout;
}

function withoutEnv(env, names) {
  const out = { ...env };
  for (const name of Object.keys(out)) if (names.includes(name.toLowerCase())) delete out[name];
  return out;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

function writeJson(path, value) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.sshlens-tmp`, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(`${path}.sshlens-tmp`, path);
}

function log(message) {
  process.stdout.write(`native modules: ${message}\n`);
}

try {
  main(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`native modules: ${e instanceof Failure ? e.message : e.stack}\n`);
  process.exit(1);
}
