// A text field with suggestions (the values a filter can take, with how many sessions each has).
// Generic: no timeline knowledge. The value is committed on Enter, on picking a suggestion, on
// leaving the field, or (with `live`) a moment after each keystroke.

import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { formatCount } from './format';
import { Icon } from './Icon';
import { SafeText } from './display-text';
import './combobox.css';

export interface ComboOption {
  value: string;
  count: number;
}

export interface ComboboxProps {
  label: string;
  value: string;
  options: readonly ComboOption[];
  onCommit: (value: string) => void;
  placeholder?: string;
  /** How suggestions are matched to the text typed: anywhere in them, or at their start. */
  match?: 'contains' | 'prefix';
  /** Commit while typing (after a pause), for filters where a partial value means something. */
  live?: boolean;
  mono?: boolean;
  className?: string;
}

const LIVE_DELAY_MS = 250;
const MAX_SHOWN = 200;

export function Combobox(props: ComboboxProps): ReactNode {
  const {
    label,
    value,
    options,
    onCommit,
    placeholder,
    match = 'contains',
    live = false,
    mono = false,
    className,
  } = props;
  const [text, setText] = useState(value);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const id = useId();

  // A value changed from outside (cleared filters, restored view) replaces what is in the box.
  const [shownValue, setShownValue] = useState(value);
  if (value !== shownValue) {
    setShownValue(value);
    setText(value);
  }

  // Live: commit a pause after typing.
  useEffect(() => {
    if (!live || text === value) return;
    const timer = setTimeout(() => onCommit(text.trim()), LIVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [live, text, value, onCommit]);

  const shown = useMemo(() => {
    const needle = text.trim().toLowerCase();
    // The committed value in the box shows every suggestion: the box was opened to change it.
    if (needle === '' || text === value) return options.slice(0, MAX_SHOWN);
    return options
      .filter((o) =>
        match === 'prefix' ? o.value.toLowerCase().startsWith(needle) : o.value.toLowerCase().includes(needle),
      )
      .slice(0, MAX_SHOWN);
  }, [options, text, value, match]);

  useEffect(() => {
    if (!open || active < 0) return;
    list.current?.querySelector<HTMLElement>(`[data-option="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [open, active]);

  const commit = (v: string): void => {
    setText(v);
    setOpen(false);
    setActive(-1);
    if (v !== value) onCommit(v);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        e.preventDefault();
        if (!open) {
          setOpen(true);
          setActive(shown.findIndex((o) => o.value === value));
          return;
        }
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setActive((a) => (shown.length === 0 ? -1 : (a + step + shown.length) % shown.length));
        return;
      }
      case 'Enter': {
        e.preventDefault();
        const picked = open && active >= 0 ? shown[active] : undefined;
        commit(picked ? picked.value : text.trim());
        return;
      }
      case 'Escape':
        if (open) {
          e.preventDefault();
          e.stopPropagation();
          setOpen(false);
          setActive(-1);
        } else if (text !== value) {
          e.preventDefault();
          setText(value);
        }
        return;
    }
  };

  const listId = `${id}-list`;
  return (
    <div className={`combo ${className ?? ''}`}>
      <label className="combo-label" htmlFor={`${id}-input`}>
        {label}
      </label>
      <div className="combo-field">
        <input
          ref={input}
          id={`${id}-input`}
          className={`input combo-input${mono ? ' input-mono' : ''}${value !== '' ? ' is-set' : ''}`}
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && active >= 0 ? `${id}-o${active}` : undefined}
          autoComplete="off"
          spellCheck={false}
          placeholder={placeholder}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setOpen(true);
            setActive(-1);
          }}
          onFocus={() => setOpen(true)}
          onClick={() => setOpen(true)}
          onBlur={() => {
            setOpen(false);
            setActive(-1);
            if (text.trim() !== value) onCommit(text.trim());
          }}
          onKeyDown={onKeyDown}
        />
        {text !== '' && (
          <button
            type="button"
            className="combo-clear"
            aria-label={`Clear ${label.toLowerCase()}`}
            tabIndex={-1}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => commit('')}
          >
            <Icon name="close" size={12} />
          </button>
        )}
        {open && shown.length > 0 && (
          <ul ref={list} id={listId} className="combo-list" role="listbox" aria-label={label}>
            {shown.map((o, i) => (
              <li
                key={o.value}
                id={`${id}-o${i}`}
                data-option={i}
                role="option"
                aria-selected={i === active}
                className={`combo-option${i === active ? ' is-active' : ''}${o.value === value ? ' is-current' : ''}`}
                onMouseDown={(e) => e.preventDefault()}
                onMouseEnter={() => setActive(i)}
                onClick={() => commit(o.value)}
              >
                <span className={`ellipsis${mono ? ' mono' : ''}`}>
                  <SafeText text={o.value} />
                </span>
                <span className="combo-count">{formatCount(o.count)}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
