import { describe, expect, it } from 'vitest';
import { narrowQuery } from '../../../src/renderer/src/screens/search/narrow-query';

describe('narrowQuery (a click on a count beside the search results)', () => {
  it('adds the filter to the query', () => {
    expect(narrowQuery('sudo', 'user', 'kai@example.org')).toBe('sudo user:kai@example.org');
    expect(narrowQuery('', 'type', 'exec')).toBe('type:exec');
  });

  it('replaces other values of the same filter, which would widen the query, and keeps the rest as typed', () => {
    expect(narrowQuery('"cat  /etc" user:a user:"b c" after:2026-11-21', 'user', 'sam@x.org')).toBe(
      '"cat  /etc" after:2026-11-21 user:sam@x.org',
    );
    expect(narrowQuery('sudo in:commands', 'in', 'output')).toBe('sudo in:output');
    expect(narrowQuery('sudo target:cac3', 'user', 'x@y')).toBe('sudo target:cac3 user:x@y');
  });

  it('quotes a value with spaces, quotes or backslashes (facetFilter: test/unit/search-facet-filter.test.ts)', () => {
    expect(narrowQuery('sudo', 'user', 'a "b" \\c')).toBe('sudo user:"a \\"b\\" \\\\c"');
  });

  it('adds is:noted without taking out is:starred (is: values all apply), and never twice', () => {
    expect(narrowQuery('sudo is:starred', 'is', 'noted')).toBe('sudo is:starred is:noted');
    expect(narrowQuery('sudo is:noted', 'is', 'noted')).toBe('sudo is:noted');
  });
});
