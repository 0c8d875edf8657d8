import { useState } from 'react';

/**
 * `make()`'s value, made again only when `key` changes: a memo on content (a filter's fields, say)
 * rather than on object identity, which useMemo's dependency list cannot say. The value made for a
 * new key is kept in state during that render (React's "information from previous renders"), so
 * nothing is read from a ref while rendering.
 */
export function useKeyed<T>(key: string, make: () => T): T {
  const [held, setHeld] = useState(() => ({ key, value: make() }));
  if (held.key === key) return held.value;
  const next = { key, value: make() };
  setHeld(next);
  return next.value;
}
