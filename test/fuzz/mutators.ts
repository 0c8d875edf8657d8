// Seeded mutations of real recordings: the same seed always gives the same files, so a failure
// found by `SSHLENS_FUZZ=5000 SSHLENS_FUZZ_SEED=...` can be replayed exactly.

/** mulberry32: a small, fast PRNG; good enough to pick mutations, reproducible from one integer. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** Numbers that break parsers: bounds, overflows, floats where integers go, and text where numbers go. */
export const INTERESTING_NUMBERS = [
  '0',
  '-1',
  '1',
  '1000',
  '1001',
  '65535',
  '2147483648',
  '4294967296',
  '9007199254740993',
  '1e21',
  '1e308',
  '-1e308',
  '1.5',
  '999999999999999999999999999',
  '"NaN"',
  '""',
  'null',
  '[]',
  '{}',
];

export const INTERESTING_U32 = [0, 1, 12, 13, 16, 0x7fffffff, 0x80000000, 0xffffffff, 1 << 20, (1 << 20) + 1];

export function flipBits(b: Uint8Array, rng: Rng, count: number, within = b.length): Uint8Array {
  const out = Uint8Array.from(b);
  for (let i = 0; i < count && out.length > 0; i++) {
    const at = rng.int(Math.min(within, out.length));
    out[at] = out[at]! ^ (1 << rng.int(8));
  }
  return out;
}

export function insertBytes(b: Uint8Array, rng: Rng): Uint8Array {
  const at = rng.int(b.length + 1);
  const n = 1 + rng.int(rng.chance(0.2) ? 4096 : 16);
  const junk = new Uint8Array(n);
  for (let i = 0; i < n; i++) junk[i] = rng.int(256);
  return concat([b.subarray(0, at), junk, b.subarray(at)]);
}

export function deleteBytes(b: Uint8Array, rng: Rng): Uint8Array {
  if (b.length === 0) return b;
  const at = rng.int(b.length);
  const n = 1 + rng.int(Math.min(64, b.length - at));
  return concat([b.subarray(0, at), b.subarray(at + n)]);
}

export function truncate(b: Uint8Array, rng: Rng): Uint8Array {
  return b.subarray(0, rng.int(b.length));
}

/** Copies a range of the file over (or into) another place: blocks duplicated, reordered, spliced. */
export function splice(b: Uint8Array, rng: Rng): Uint8Array {
  if (b.length < 4) return b;
  const from = rng.int(b.length);
  const n = 1 + rng.int(Math.min(2048, b.length - from));
  const piece = b.subarray(from, from + n);
  const to = rng.int(b.length);
  return rng.chance(0.5)
    ? concat([b.subarray(0, to), piece, b.subarray(to)])
    : concat([b.subarray(0, to), piece, b.subarray(to + n)]);
}

export function setU32(b: Uint8Array, at: number, value: number): Uint8Array {
  const out = Uint8Array.from(b);
  if (at + 4 > out.length) return out;
  new DataView(out.buffer, out.byteOffset).setUint32(at, value >>> 0);
  return out;
}

/** One of the byte-level mutations, with its name. */
export function mutateBytes(b: Uint8Array, rng: Rng): { bytes: Uint8Array; how: string } {
  switch (rng.int(6)) {
    case 0: {
      const n = 1 + rng.int(8);
      const head = rng.chance(0.4);
      return {
        bytes: flipBits(b, rng, n, head ? 64 : b.length),
        how: `flip ${n} bit(s)${head ? ' in the first 64 bytes' : ''}`,
      };
    }
    case 1:
      return { bytes: insertBytes(b, rng), how: 'insert bytes' };
    case 2:
      return { bytes: deleteBytes(b, rng), how: 'delete bytes' };
    case 3:
      return { bytes: truncate(b, rng), how: 'truncate' };
    case 4:
      return { bytes: splice(b, rng), how: 'splice a range' };
    default: {
      const at = rng.int(Math.max(1, b.length - 4));
      const v = rng.pick(INTERESTING_U32);
      return { bytes: setU32(b, at, v), how: `u32 ${v} at ${at}` };
    }
  }
}

/** A text-level mutation of JSON lines: numbers, strings, structure, long and deep lines. */
export function mutateJsonLines(text: string, rng: Rng): { bytes: Uint8Array; how: string } {
  const lines = text.split('\n');
  const i = rng.int(Math.max(1, lines.length - 1));
  const line = lines[i] ?? '';
  switch (rng.int(9)) {
    case 0: {
      const numbers = [...line.matchAll(/-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/gi)];
      if (numbers.length === 0) break;
      const m = rng.pick(numbers);
      const v = rng.pick(INTERESTING_NUMBERS);
      lines[i] = line.slice(0, m.index) + v + line.slice(m.index! + m[0].length);
      return { bytes: Buffer.from(lines.join('\n')), how: `line ${i + 1}: a number becomes ${v}` };
    }
    case 1: {
      const n = rng.pick([1000, 300_000, 2_000_000]);
      const long = JSON.stringify([0.5, 'o', 'x'.repeat(n)]);
      lines.splice(i, 0, rng.chance(0.5) ? long : 'y'.repeat(n));
      return { bytes: Buffer.from(lines.join('\n')), how: `line ${i + 1}: a line of ${n} characters` };
    }
    case 2: {
      const depth = rng.pick([100, 5000, 100_000]);
      lines[i] = line.replace(/\[|\{/, (c) => `${'['.repeat(depth)}${']'.repeat(depth)},${c}`);
      return { bytes: Buffer.from(lines.join('\n')), how: `line ${i + 1}: nesting ${depth} deep` };
    }
    case 3:
      lines.splice(i, 1);
      return { bytes: Buffer.from(lines.join('\n')), how: `line ${i + 1} deleted` };
    case 4:
      lines.splice(i, 0, line);
      return { bytes: Buffer.from(lines.join('\n')), how: `line ${i + 1} repeated` };
    case 5: {
      const j = rng.int(lines.length);
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      return { bytes: Buffer.from(lines.join('\n')), how: `lines ${i + 1} and ${j + 1} swapped` };
    }
    case 6: {
      const strings = [...line.matchAll(/"(?:[^"\\]|\\.)*"/g)];
      if (strings.length === 0) break;
      const m = rng.pick(strings);
      const v = rng.pick([
        '"\\u202etxt.exe"',
        '"\\u009b31m\\u001b]0;x\\u0007"',
        '"\\ud800"',
        '""',
        '"0"',
        '"30000x30000"',
        '"1e308"',
      ]);
      lines[i] = line.slice(0, m.index) + v + line.slice(m.index! + m[0].length);
      return { bytes: Buffer.from(lines.join('\n')), how: `line ${i + 1}: a string becomes ${v}` };
    }
    case 7:
      lines[i] = line.slice(0, rng.int(line.length + 1));
      return { bytes: Buffer.from(lines.join('\n')), how: `line ${i + 1} cut short` };
    default:
      break;
  }
  return mutateBytes(Buffer.from(text), rng);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
