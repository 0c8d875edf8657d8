import { useState, type ReactNode } from 'react';
import type { KeyInfo } from '../../../../shared/model';
import { api } from '../../api/client';
import { useAppInfo } from '../../api/use-app-info';
import { useResult } from '../../api/use-result';
import { formatTime } from '../../ui/format';
import { Icon } from '../../ui/Icon';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { PathPrompt } from '../../ui/PathPrompt';
import { Problem } from '../../ui/Problem';
import { CopyButton } from '../../ui/CopyButton';
import './keys.css';

/** The investigator's key pairs in the OS keychain: public halves only ever reach this page. */
export function KeysScreen(): ReactNode {
  const app = useAppInfo();
  const keys = useResult(api.listKeys, []);
  const [label, setLabel] = useState('');
  const [created, setCreated] = useState<KeyInfo | null>(null);
  const [deleting, setDeleting] = useState<KeyInfo | null>(null);
  const [prompt, setPrompt] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function run<T>(
    call: () => Promise<{ ok: true; value: T } | { ok: false; error: string }>,
    done: (v: T) => void,
  ): Promise<void> {
    setBusy(true);
    const r = await call();
    setBusy(false);
    if (!r.ok) {
      // A new error replaces the last success: an old "key is in your keychain" above it would mislead.
      setCreated(null);
      setError(r.error);
      return;
    }
    setError(null);
    done(r.value);
    keys.reload();
  }

  const generate = (): Promise<void> =>
    run(
      () => api.generateKey(label),
      (k) => {
        setCreated(k);
        setLabel('');
      },
    );

  const importFrom = (path: string): Promise<void> =>
    run(
      () => api.importKey({ path, label }),
      (k) => setCreated(k),
    );

  async function importKey(): Promise<void> {
    if (!app?.nativeDialogs) {
      setPrompt(true);
      return;
    }
    const r = await api.pick('key-file');
    if (!r.ok) {
      setCreated(null);
      setError(r.error);
    } else if (r.value[0]) await importFrom(r.value[0]);
  }

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Keys</h1>
          <p>
            Cloudflare encrypts each recorded session to your public key. The private keys stay in this computer's
            keychain and never appear here.
          </p>
        </div>
      </div>

      <section className="panel panel-body key-actions">
        <label className="field key-label">
          Label for a new or imported key
          <input
            className="input"
            value={label}
            placeholder="e.g. incident-42 laptop"
            maxLength={200}
            onChange={(e) => setLabel(e.target.value)}
          />
        </label>
        <div className="row">
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void generate()}>
            <Icon name="key" /> Generate a key pair
          </button>
          <button type="button" className="btn" disabled={busy} onClick={() => void importKey()}>
            <Icon name="file" /> Import a private key file…
          </button>
        </div>
      </section>

      {created && (
        <section className="panel key-created" aria-label="New key">
          <div className="panel-header">
            <Icon name="check" />
            <h3>Key {created.label} is in your keychain</h3>
          </div>
          <div className="panel-body">
            <p className="muted">
              Its public key, to paste where the Zero Trust dashboard's SSH command logging asks for one:
            </p>
            <div className="public-key">
              <code className="public-key-text">{created.publicKey}</code>
              <CopyButton text={created.publicKey} label="Copy public key" />
            </div>
            <p className="muted key-fingerprint">
              Fingerprint <code className="mono">{created.id}</code>: the same as the dashboard shows for it, and as
              imported captures name their key.
            </p>
          </div>
        </section>
      )}

      {error && <Problem message={error} />}

      <section className="panel">
        <div className="panel-header">
          <h3>In the keychain</h3>
        </div>
        {keys.state === 'loading' ? (
          <div className="panel-body muted">Reading the keychain…</div>
        ) : !keys.ok ? (
          <div className="panel-body">
            <Problem message={keys.error} onRetry={keys.reload} />
          </div>
        ) : keys.value.length === 0 ? (
          <div className="empty">
            No keys yet: generate one, or import the private key file you already gave Cloudflare the public half of.
          </div>
        ) : (
          <table className="table key-table">
            <thead>
              <tr>
                <th>Label</th>
                <th>Fingerprint</th>
                <th>Public key</th>
                <th>Added</th>
                <th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {keys.value.map((k) => (
                <tr key={k.id}>
                  <td>{k.label}</td>
                  <td className="mono key-id" title={k.id}>
                    {k.id}
                  </td>
                  <td className="key-public">
                    <code className="mono key-public-text" title={k.publicKey}>
                      {k.publicKey}
                    </code>
                    <CopyButton text={k.publicKey} label={`Copy the public key of ${k.label}`} compact />
                  </td>
                  <td className="nowrap">{formatTime(k.added)}</td>
                  <td>
                    <button
                      type="button"
                      className="btn btn-small btn-danger"
                      onClick={() => setDeleting(k)}
                      aria-label={`Delete key ${k.label}`}
                    >
                      <Icon name="trash" size={12} /> Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {deleting && (
        <ConfirmModal
          title="Delete this key?"
          confirmLabel="Delete key"
          onClose={() => setDeleting(null)}
          onConfirm={() =>
            void run(
              () => api.deleteKey(deleting.id),
              () => setCreated((c) => (c?.id === deleting.id ? null : c)),
            )
          }
        >
          <p>
            <strong>{deleting.label}</strong> <span className="mono faint">{deleting.id}</span>
          </p>
          <p className="muted delete-warning">
            Captures encrypted to this key can no longer be opened on this computer unless you import the key file
            again. Sessions already imported stay in their cases.
          </p>
        </ConfirmModal>
      )}

      {prompt && (
        <PathPrompt
          title="Import a private key file"
          label="Path of the key file on this machine (it is read by sshlens, never shown)"
          placeholder="/home/me/.config/cloudflare/ssh-log.key"
          action="Import key"
          onClose={() => setPrompt(false)}
          onSubmit={(paths) => {
            setPrompt(false);
            void importFrom(paths[0]!);
          }}
        />
      )}
    </div>
  );
}
