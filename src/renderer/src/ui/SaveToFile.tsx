// A dialog that writes a file for the investigator (a report, an export): the format chosen, where
// it goes, and what was written. Where: the desktop app's save dialog, or in the browser
// (`sshlens serve`) a path typed on this machine.

import { useState, type ReactNode } from 'react';
import type { PickPurpose } from '../../../shared/api';
import { api } from '../api/client';
import { useAppInfo } from '../api/use-app-info';
import { CopyButton } from './CopyButton';
import { SafeText } from './display-text';
import { Modal } from './Modal';
import './save-to-file.css';

/** The path with the format's extension (main picks the format by the extension). */
export function withExtension(path: string, format: string): string {
  return path.toLowerCase().endsWith(`.${format}`) ? path : `${path}.${format}`;
}

export interface SaveTarget {
  /** The desktop app: a save dialog asks where. Otherwise the typed path is where. */
  native: boolean;
  typedPath: string;
  setTypedPath: (path: string) => void;
  /** There is somewhere to write (always, with a save dialog). */
  hasTarget: boolean;
  /**
   * Asks where (or takes the typed path) and writes there; `force` is true when the save dialog
   * already asked about replacing the file. A failure to ask goes to `onError`.
   */
  save: (write: (path: string, force: boolean) => Promise<void>, onError: (message: string) => void) => Promise<void>;
}

/**
 * Where to save a file of `format`. `kept`: extensions a picked path may already end in, which then
 * choose the format themselves (an export's .csv or .json); any other path gets `.format` added.
 */
export function useSaveTarget(purpose: PickPurpose, format: string, kept: readonly string[] = []): SaveTarget {
  const native = useAppInfo()?.nativeDialogs === true;
  const [typedPath, setTypedPath] = useState('');
  const save: SaveTarget['save'] = async (write, onError) => {
    if (!native) return write(withExtension(typedPath.trim(), format), false);
    const picked = await api.pick(purpose);
    if (!picked.ok) return onError(picked.error);
    const path = picked.value[0];
    if (!path) return;
    const full = kept.some((ext) => path.toLowerCase().endsWith(`.${ext}`)) ? path : withExtension(path, format);
    return write(full, full === path);
  };
  return { native, typedPath, setTypedPath, hasTarget: native || typedPath.trim() !== '', save };
}

/** The format as radio buttons. */
export function FormatChoice<F extends string>(props: {
  name: string;
  formats: ReadonlyArray<{ id: F; label: ReactNode }>;
  value: F;
  onChange: (format: F) => void;
}): ReactNode {
  return (
    <fieldset className="save-group">
      <legend className="section-title">Format</legend>
      <div className="row save-formats">
        {props.formats.map((f) => (
          <label key={f.id} className="checkbox">
            <input
              type="radio"
              name={props.name}
              checked={props.value === f.id}
              onChange={() => props.onChange(f.id)}
            />
            {/* One flex item: the label's text and code stay together. */}
            <span>{f.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** The typed path, in the browser only (nothing with a save dialog). */
export function PathField(props: {
  target: SaveTarget;
  /** "the report", "the file" */
  what: string;
  format: string;
  /** A path to show as the example, without its extension. */
  example: string;
  autoFocus?: boolean;
}): ReactNode {
  const { target, format } = props;
  if (target.native) return null;
  return (
    <label className="field">
      Path of {props.what} on this machine (.{format} is added if missing)
      <input
        className="input input-mono"
        placeholder={`${props.example}.${format}`}
        value={target.typedPath}
        onChange={(e) => target.setTypedPath(e.target.value)}
        autoFocus={props.autoFocus}
      />
    </label>
  );
}

/**
 * What was written, in place of the form: the file, its format, the facts the caller adds (`dt`s
 * and `dd`s), its SHA-256 to copy, and a `note` below.
 */
export function WrittenDialog(props: {
  title: string;
  onClose: () => void;
  file: { path: string; format: string; sha256: string };
  children?: ReactNode;
  note?: ReactNode;
}): ReactNode {
  const { file, onClose } = props;
  return (
    <Modal
      title={props.title}
      onClose={onClose}
      footer={
        <button type="button" className="btn btn-primary" onClick={onClose} autoFocus>
          Done
        </button>
      }
    >
      <dl className="facts save-facts">
        <dt>File</dt>
        <dd className="mono">
          <SafeText text={file.path} />
        </dd>
        <dt>Format</dt>
        <dd>{file.format.toUpperCase()}</dd>
        {props.children}
        <dt>SHA-256</dt>
        <dd className="save-sha">
          <code className="mono">{file.sha256}</code>
          <CopyButton text={file.sha256} label="Copy SHA-256" compact />
        </dd>
      </dl>
      {props.note}
    </Modal>
  );
}
