import { useState, type ReactNode } from 'react';
import type { ProgramDetail } from '../../../../shared/model';
import { EXEC_STREAM_CHARS, type ExecStreams } from '../../../../shared/views';
import { api } from '../../api/client';
import { useResult } from '../../api/use-result';
import { Problem } from '../../ui/Problem';
import { formatBytes, formatCount, formatDuration, formatTime } from '../../ui/format';
import { CopyButton } from '../../ui/CopyButton';
import { ExitBadge, ExitClaims } from './ExitBadge';
import { visibleText } from './visible-text';
import '../../ui/tabs.css';
import './exec-view.css';

type StreamName = 'stdout' | 'stderr' | 'stdin';
const STREAMS: readonly StreamName[] = ['stdout', 'stderr', 'stdin'];
const STREAM_HINTS: Record<StreamName, string> = {
  stdout: 'What the command printed',
  stderr: 'What the command printed as errors',
  stdin: 'What the client sent to the command',
};

const MERGED_STDERR =
  'This recording does not keep stderr apart (Logpush and asciicast have one output stream): what the command printed as errors is in stdout. A capture of the same program would show it here.';

/** A command run without a terminal: the command line, then its three streams, one at a time. */
export function ExecView({ program, caseVersion }: { program: ProgramDetail; caseVersion: number }): ReactNode {
  const streams = useResult(() => api.execStreams(program.id), [program.id, caseVersion]);
  const [chosen, setChosen] = useState<StreamName | null>(null);

  return (
    <div className="ss-program-main ss-exec">
      <div className="ss-exec-head">
        <div className="ss-exec-command-row">
          <span className="section-title">Command</span>
          <ExitBadge program={program} />
          {program.exitError && <span className="ss-details-error ss-exec-exit-error">{program.exitError}</span>}
          <span className="ss-exec-when faint">
            {formatTime(program.start)} · {formatDuration(program.durationMs)}
          </span>
        </div>
        {program.command !== null ? (
          <div className="ss-exec-command">
            <pre className="mono">{visibleText(program.command, true)}</pre>
            <CopyButton text={program.command} label="Copy command" compact className="ss-copy-btn" />
          </div>
        ) : (
          <p className="faint">The recording does not say which command ran.</p>
        )}
        <ExitClaims program={program} />
      </div>

      {streams.state === 'loading' ? (
        <div className="ss-program-loading faint" aria-busy="true">
          Loading the streams…
        </div>
      ) : !streams.ok ? (
        <div className="ss-program-problem">
          <Problem message={`The streams could not be loaded: ${streams.error}`} onRetry={streams.reload} />
        </div>
      ) : (
        <Streams streams={streams.value} chosen={chosen ?? firstNonEmpty(streams.value)} onChoose={setChosen} />
      )}
    </div>
  );
}

function firstNonEmpty(s: ExecStreams): StreamName {
  return STREAMS.find((name) => s[`${name}Bytes`] > 0) ?? 'stdout';
}

function Streams({
  streams,
  chosen,
  onChoose,
}: {
  streams: ExecStreams;
  chosen: StreamName;
  onChoose: (name: StreamName) => void;
}): ReactNode {
  const text = streams[chosen];
  const bytes = streams[`${chosen}Bytes`];
  const cut = text.length >= EXEC_STREAM_CHARS;
  return (
    <div className="ss-streams">
      <div className="tab-strip ss-streams-tabs" role="tablist" aria-label="Streams">
        {STREAMS.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            aria-selected={name === chosen}
            className={`tab ss-streams-tab${name === chosen ? ' is-active' : ''}${name === 'stderr' && streams.stderrBytes > 0 ? ' ss-has-errors' : ''}`}
            onClick={() => onChoose(name)}
            title={name === 'stderr' && !streams.stderrApart ? MERGED_STDERR : STREAM_HINTS[name]}
          >
            <span className="mono">{name}</span>
            <span className="ss-streams-bytes">
              {name === 'stderr' && !streams.stderrApart ? 'in stdout' : formatBytes(streams[`${name}Bytes`])}
            </span>
          </button>
        ))}
        <span className="ss-streams-spacer" />
        {text && <CopyButton text={text} label={`Copy ${chosen}`} compact className="ss-copy-btn" />}
      </div>
      {cut && (
        <p className="notice ss-streams-note">
          Truncated: showing the first {formatCount(EXEC_STREAM_CHARS)} characters of {formatBytes(bytes)}. The byte
          counts are exact.
        </p>
      )}
      {!cut && streams.truncated && (
        <p className="notice ss-streams-note">
          Another stream of this command was truncated for display; the byte counts are exact.
        </p>
      )}
      <div className="ss-stream-pane" role="tabpanel" aria-label={chosen}>
        {chosen === 'stderr' && !streams.stderrApart ? (
          <div className="empty">
            <span>{MERGED_STDERR}</span>
          </div>
        ) : bytes === 0 ? (
          <div className="empty">
            <span>
              Nothing on <span className="mono">{chosen}</span> (0 bytes).
            </span>
          </div>
        ) : (
          <pre className="ss-stream-text mono">{visibleText(text, true)}</pre>
        )}
      </div>
    </div>
  );
}
