import { useState, type ReactNode } from 'react';
import { Modal } from './Modal';

/**
 * Asks for a path on this machine: what the browser UI (`sshlens serve`) offers where the desktop
 * app shows a file dialog, since a web page cannot learn where a chosen file lives.
 */
export function PathPrompt(props: {
  title: string;
  label: string;
  placeholder: string;
  action: string;
  multiple?: boolean;
  onSubmit: (paths: string[]) => void;
  onClose: () => void;
}): ReactNode {
  const [value, setValue] = useState('');
  const paths = value
    .split('\n')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const submit = (): void => {
    if (paths.length > 0) props.onSubmit(props.multiple ? paths : paths.slice(0, 1));
  };
  return (
    <Modal
      title={props.title}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={props.onClose}>
            Cancel
          </button>
          <button type="button" className="btn btn-primary" disabled={paths.length === 0} onClick={submit}>
            {props.action}
          </button>
        </>
      }
    >
      <label className="field">
        {props.label}
        {props.multiple ? (
          <textarea
            className="input input-mono path-area"
            rows={4}
            placeholder={props.placeholder}
            value={value}
            autoFocus
            onChange={(e) => setValue(e.target.value)}
          />
        ) : (
          <input
            className="input input-mono"
            placeholder={props.placeholder}
            value={value}
            autoFocus
            onChange={(e) => setValue(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && submit()}
          />
        )}
      </label>
    </Modal>
  );
}
