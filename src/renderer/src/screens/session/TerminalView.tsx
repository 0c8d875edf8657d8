import '@xterm/xterm/css/xterm.css';
import type { Terminal } from '@xterm/xterm';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { createInertTerminal, terminalTheme } from './inert-terminal';
import { ACTUAL_FONT_SIZE, fitFont, setFontSize } from './terminal-fit';
import './terminal-view.css';

/**
 * The replay's screen: an inert xterm.js terminal at the recorded size, its font scaled so the
 * whole grid fits the frame ("fit"), or at a readable size with the frame scrolling ("actual").
 * Made once per mount; the owner gets it through `onTerminal`.
 */
export function TerminalView(props: {
  cols: number;
  rows: number;
  scrollback: number;
  scale: 'fit' | 'actual';
  onTerminal: (term: Terminal | null) => void;
  /** The font size chosen, in CSS pixels, after each fit. */
  onFontSize?: (px: number) => void;
  children?: ReactNode;
}): ReactNode {
  const { cols, rows, scrollback, scale, onTerminal, onFontSize, children } = props;
  const onFontSizeRef = useRef(onFontSize);
  useEffect(() => {
    onFontSizeRef.current = onFontSize;
  });
  const scaleRef = useRef(scale);
  const refit = useRef<(() => void) | null>(null);
  const frameRef = useRef<HTMLDivElement>(null);
  const hostRef = useRef<HTMLDivElement>(null);
  const [link, setLink] = useState<string | null>(null);
  const [size, setSize] = useState({ cols, rows });

  useEffect(() => {
    const frame = frameRef.current;
    const host = hostRef.current;
    if (!frame || !host) return;
    const term = createInertTerminal({ cols, rows, scrollback, onLinkHover: setLink });
    term.open(host);

    let pending: number | null = null;
    const fit = (): void => {
      pending = null;
      if (scaleRef.current === 'actual') {
        setFontSize(term, ACTUAL_FONT_SIZE);
        onFontSizeRef.current?.(ACTUAL_FONT_SIZE);
        return;
      }
      const style = getComputedStyle(frame);
      const width = frame.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const height = frame.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
      onFontSizeRef.current?.(fitFont(term, width, height));
    };
    const fitSoon = (): void => {
      if (pending === null) pending = requestAnimationFrame(fit);
    };
    refit.current = fitSoon;
    const observer = new ResizeObserver(fitSoon);
    observer.observe(frame);
    const resized = term.onResize((s) => {
      setSize({ cols: s.cols, rows: s.rows });
      fitSoon();
    });
    const scheme = matchMedia('(prefers-color-scheme: dark)');
    const retheme = (): void => {
      term.options.theme = terminalTheme();
    };
    scheme.addEventListener('change', retheme);
    fit();
    onTerminal(term);
    return () => {
      refit.current = null;
      onTerminal(null);
      scheme.removeEventListener('change', retheme);
      resized.dispose();
      observer.disconnect();
      if (pending !== null) cancelAnimationFrame(pending);
      term.dispose();
    };
    // Made once, at the first props: later sizes arrive as resize events through the player, and
    // onTerminal is told null at unmount only (its owners pass a state setter).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    scaleRef.current = scale;
    refit.current?.();
  }, [scale]);

  return (
    <div
      className={`ss-term-frame is-${scale}`}
      ref={frameRef}
      role="region"
      aria-label={`Recorded terminal, ${size.cols} × ${size.rows}`}
      title={link ? `Link in the recording (not opened): ${link}` : undefined}
    >
      <div className="ss-term-host" ref={hostRef} />
      {link && (
        <div className="ss-term-link" role="status">
          <span className="ss-term-link-label">Link, not opened</span>
          <span className="ellipsis mono">{link}</span>
        </div>
      )}
      {children}
    </div>
  );
}
