// The recorded terminal is never reflowed: its columns and rows stay as recorded and the font is
// scaled until the grid fits the space it has.

import type { Terminal } from '@xterm/xterm';

export const MIN_FONT_SIZE = 6;
export const MAX_FONT_SIZE = 15;
/** "Actual size": the recorded grid at a readable font, its frame scrolling when the grid is larger. */
export const ACTUAL_FONT_SIZE = 13;
/** Quantum of font sizes tried (xterm rounds cells to device pixels anyway). */
const STEP = 0.25;

/** The rendered grid's size in CSS pixels, or null before the terminal has drawn. */
function gridSize(term: Terminal): { width: number; height: number } | null {
  const screen = term.element?.querySelector<HTMLElement>('.xterm-screen');
  if (!screen) return null;
  const { width, height } = screen.getBoundingClientRect();
  return width > 0 && height > 0 ? { width, height } : null;
}

/**
 * Sets the largest font size at which the whole grid fits `width` x `height` (never below
 * MIN_FONT_SIZE: then the grid overflows and its frame scrolls). Returns the size chosen.
 */
export function fitFont(term: Terminal, width: number, height: number): number {
  if (width <= 0 || height <= 0) return term.options.fontSize ?? MAX_FONT_SIZE;
  const first = gridSize(term);
  if (!first) return term.options.fontSize ?? MAX_FONT_SIZE;
  const current = term.options.fontSize ?? MAX_FONT_SIZE;
  const scale = Math.min(width / first.width, height / first.height);
  let size = clamp(Math.floor((current * scale) / STEP) * STEP);
  setFontSize(term, size);
  // Cells are rounded to whole device pixels: step down until the grid really fits.
  for (let i = 0; i < 24 && size > MIN_FONT_SIZE; i++) {
    const grid = gridSize(term);
    if (!grid || (grid.width <= width + 0.5 && grid.height <= height + 0.5)) break;
    size = clamp(size - STEP);
    setFontSize(term, size);
  }
  // ...or up, while a bigger size still fits (the estimate can fall short by a step).
  for (let i = 0; i < 8 && size < MAX_FONT_SIZE; i++) {
    const bigger = clamp(size + STEP);
    setFontSize(term, bigger);
    const grid = gridSize(term);
    if (!grid || grid.width > width + 0.5 || grid.height > height + 0.5) {
      setFontSize(term, size);
      break;
    }
    size = bigger;
  }
  return size;
}

export function setFontSize(term: Terminal, size: number): void {
  if (term.options.fontSize !== size) term.options.fontSize = size;
}

function clamp(size: number): number {
  return Math.min(MAX_FONT_SIZE, Math.max(MIN_FONT_SIZE, size));
}
