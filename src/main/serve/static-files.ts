// The built renderer's files, served read-only from one folder: nothing outside it, no listings.

import { readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, normalize, relative, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};

export interface StaticFile {
  body: Buffer;
  type: string;
}

/** The file at a URL path inside `root`, or null (missing, a folder, outside root, unknown type). */
export async function staticFile(root: string, urlPath: string): Promise<StaticFile | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = join(root, normalize(decoded === '/' ? '/index.html' : decoded));
  const inside = relative(root, file);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) return null;
  const type = TYPES[extname(file)];
  if (!type) return null;
  const st = await stat(file).catch(() => null);
  if (!st?.isFile()) return null;
  return { body: await readFile(file), type };
}
