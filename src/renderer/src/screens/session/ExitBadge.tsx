import type { ReactNode } from 'react';
import type { ProgramDetail } from '../../../../shared/model';
import { exitClaimSource, exitClaimWords } from '../../../../shared/exit-words';
import { badgeClass, exitOf } from './program-facts';
import { visibleText } from './visible-text';
import './exit-claims.css';

type ExitFacts = Parameters<typeof exitOf>[0] & Pick<ProgramDetail, 'exitClaims'>;

/**
 * The program's exit as a badge; when its sources state different exits (issue 14 item 7), the
 * one kept and a "sources disagree" badge whose title says what each source states.
 */
export function ExitBadge({ program }: { program: ExitFacts }): ReactNode {
  const exit = exitOf(program);
  return (
    <>
      <span className={badgeClass(exit.tone)} title={exit.title}>
        {exit.label}
      </span>
      {program.exitClaims && (
        <span className="badge badge-warn ss-exit-disagree" title={claimsTitle(program.exitClaims)}>
          sources disagree
        </span>
      )}
    </>
  );
}

/** Each source and the exit it states, as a list: shown where the program's facts are read. */
export function ExitClaims({ program }: { program: Pick<ProgramDetail, 'exitClaims'> }): ReactNode {
  if (!program.exitClaims) return null;
  return (
    <div className="ss-exit-claims" role="group" aria-label="What each source says about the exit">
      <p className="ss-exit-claims-lead">
        The sources disagree on the exit. The one shown is the one kept (the first stated); each source says:
      </p>
      <ul>
        {program.exitClaims.map((c, i) => (
          <li key={c.source?.sha256 ?? `kept-${i}`}>
            <span className="mono ss-exit-claim-says">{visibleText(exitClaimWords(c))}</span>
            <span
              className="ss-exit-claim-source"
              title={c.source ? `${visibleText(c.source.path)}\nSHA-256 ${c.source.sha256}` : undefined}
            >
              {visibleText(exitClaimSource(c))}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function claimsTitle(claims: NonNullable<ProgramDetail['exitClaims']>): string {
  return ['The sources disagree on the exit:', ...claims.map((c) => `${exitClaimWords(c)} — ${exitClaimSource(c)}`)]
    .map((l) => visibleText(l))
    .join('\n');
}
