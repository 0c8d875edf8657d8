import type { ReactNode } from 'react';
import type { KeyInfo, SessionSummary } from '../../shared/model';
import { useResult, type Loadable } from './use-result';

const api = window.sshlens;

export function App(): ReactNode {
  const info = useResult(api.appInfo);
  const sessions = useResult(api.listSessions);
  const keys = useResult(api.listKeys);

  return (
    <div className="app">
      <header className="masthead">
        <h1 className="brand">sshlens</h1>
        {info.state === 'done' && info.ok && <span className="version">v{info.value.version}</span>}
      </header>

      <main className="content">
        <section className="panel" aria-labelledby="case-heading">
          <h2 id="case-heading">Case</h2>
          <p className="case-path">
            {info.state === 'loading' ? '…' : info.ok ? <code>{info.value.casePath}</code> : <Problem message={info.error} />}
          </p>
          <div className="counts">
            <Count loadable={sessions} one="session" many="sessions" size={(s: SessionSummary[]) => s.length} />
            <Count loadable={keys} one="key" many="keys" size={(k: KeyInfo[]) => k.length} />
          </div>
        </section>

        <section className="panel" aria-labelledby="start-heading">
          <h2 id="start-heading">Getting started</h2>
          <ol className="steps">
            <li>
              <code>sshlens keys generate</code>
              <span>creates a key pair; the private key stays in your OS keychain.</span>
            </li>
            <li>
              <span>
                Paste the public key, which <code>sshlens keys list</code> shows, into the Cloudflare dashboard where SSH
                command logging asks for one.
              </span>
            </li>
            <li>
              <code>sshlens import FILES</code>
              <span>reads the logs you download into this case; then reload this window.</span>
            </li>
          </ol>
        </section>
      </main>
    </div>
  );
}

function Count<T>(props: { loadable: Loadable<T>; one: string; many: string; size: (value: T) => number }): ReactNode {
  const { loadable, one, many, size } = props;
  if (loadable.state === 'loading') {
    return (
      <div className="count" aria-busy="true">
        <span className="count-number">…</span>
        <span className="count-label">{many}</span>
      </div>
    );
  }
  if (!loadable.ok) {
    return (
      <div className="count">
        <span className="count-number">–</span>
        <span className="count-label">{many}</span>
        <Problem message={loadable.error} />
      </div>
    );
  }
  const n = size(loadable.value);
  return (
    <div className="count">
      <span className="count-number">{n}</span>
      <span className="count-label">{n === 1 ? one : many}</span>
    </div>
  );
}

function Problem({ message }: { message: string }): ReactNode {
  return (
    <span className="problem" role="alert">
      {message}
    </span>
  );
}
