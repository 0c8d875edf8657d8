import { createContext, useContext } from 'react';

/**
 * Where a program view puts its layout buttons: a place at the end of the program tabs' row,
 * which has room the controls under the terminal lack. Null while it is not drawn.
 */
export const ViewSlot = createContext<HTMLElement | null>(null);

export function useViewSlot(): HTMLElement | null {
  return useContext(ViewSlot);
}
