import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/main/search/parse-query';
import { facetFilter } from '../../src/shared/search';

describe('facetFilter: the filter a count beside the results adds, read back by the parser', () => {
  it.each([
    ['user', 'kai@example.org', 'user:kai@example.org'],
    ['user', 'a "b" \\c', 'user:"a \\"b\\" \\\\c"'],
    ['user', 'two words', 'user:"two words"'],
    ['target', 'cac3331d-322d-4c28-a54e-4506f7f1da8a', 'target:cac3331d-322d-4c28-a54e-4506f7f1da8a'],
    ['type', 'direct-tcpip', 'type:direct-tcpip'],
  ] as const)('%s %j → %s', (key, value, filter) => {
    expect(facetFilter(key, value)).toBe(filter);
    const parsed = parseQuery(`x ${filter}`);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const read = {
      user: parsed.query.filters.users,
      target: parsed.query.filters.targets,
      type: parsed.query.filters.types,
    };
    expect(read[key]).toEqual([value.toLowerCase()]);
  });

  it('in: command and output, as the parser knows them', () => {
    const scope = (v: string): unknown => {
      const parsed = parseQuery(`x ${facetFilter('in', v)}`);
      return parsed.ok && parsed.query.filters.scope;
    };
    expect([scope('command'), scope('output')]).toEqual(['commands', 'output']);
  });
});
