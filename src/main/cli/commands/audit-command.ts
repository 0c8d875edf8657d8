import { verifyAudit, type AuditEntry } from '../../evidence/audit-log';
import { isoFromUs } from '../../store/stored-time';
import { checkAgainstCase, readReport, UnreadableReportError } from '../../report/verify-report';
import { openCase } from '../../store/open-case';
import { CliError } from '../cli-error';
import { parseCommandArgs } from '../args';
import { printJson, printLine, printTable, terminalSafe } from '../output';

export const auditHelp = `Usage: sshlens [--case PATH] audit [--report REPORT]... [--json]

Prints the case's audit log (every import and reindex, who ran it and when) and checks
its hash chain: editing, deleting or reordering an earlier entry breaks the chain.

  --report REPORT  also check the log against a report written from this case: the log must
                   record writing that exact file and still hold the audit head the report
                   states, so entries removed since the report are seen (repeat for more)
  --json           print {entries: [{seq, at, atUs, actor, action, details, prevHash, hash}],
                   verified, firstBadSeq?, reason?, reports?: [{path, written, head, problems}]}

Checking without sshlens: in the case's audit_log table, ordered by seq, hash is the
lowercase hex SHA-256 of the UTF-8 bytes of the canonical JSON of
  {"action", "actor", "at_us", "details" (the column parsed as JSON), "prev_hash", "seq"}
taken from that row; canonical JSON is JSON with keys sorted by code point, no whitespace,
non-ASCII unescaped, integers only. prev_hash is 64 zeros for seq 1, else the hash of
the entry before. In Python, for each row:
  d = json.dumps({"action": action, "actor": actor, "at_us": at_us,
                  "details": json.loads(details), "prev_hash": prev_hash, "seq": seq},
                 sort_keys=True, separators=(",", ":"), ensure_ascii=False)
  ok = hashlib.sha256(d.encode("utf-8")).hexdigest() == hash
An entry removed from the end, or a chain rewritten whole, cannot be seen inside the
file alone: every report records the head (seq and hash) it was written at, and
--report checks the log against it; or write the last hash down elsewhere (it is
printed below the table) and compare.

Exit status: 0 when the chain verifies; 1 when it is broken.`;

export async function auditCommand(casePath: string, argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    'audit',
    argv,
    { report: { type: 'string', multiple: true }, json: { type: 'boolean', default: false } },
    false,
  );
  const db = openCase(casePath);
  try {
    const result = verifyAudit(db);
    const reports = [];
    for (const path of values.report ?? []) {
      let read;
      try {
        read = readReport(path);
      } catch (e) {
        if (e instanceof UnreadableReportError) throw new CliError(`audit: ${path}: ${e.message}`);
        throw new CliError(`audit: cannot read ${path}`);
      }
      const check = await checkAgainstCase(db, read, false);
      reports.push({ path, written: check.written, head: check.head, problems: check.problems });
    }
    const reportsOk = reports.every((r) => r.problems.length === 0);
    if (values.json) {
      const broken = result.ok ? {} : { firstBadSeq: result.firstBadSeq, reason: result.reason };
      printJson({
        entries: result.entries.map(entryJson),
        verified: result.ok,
        ...broken,
        ...(reports.length > 0 && { reports }),
      });
      return result.ok && reportsOk ? 0 : 1;
    }
    printTable(
      ['SEQ', 'TIME (UTC)', 'ACTOR', 'ACTION', 'SUMMARY'],
      result.entries.map((e) => [String(e.seq), isoFromUs(e.atUs) ?? '-', e.actor, e.action, summary(e)]),
    );
    for (const r of reports) {
      if (r.problems.length === 0)
        printLine(
          `report ${terminalSafe(r.path)}: written as entry ${r.written?.seq ?? '?'}; the log still holds its head (entry ${r.head.seq})`,
        );
      for (const p of r.problems) printLine(`report ${terminalSafe(r.path)}: ${terminalSafe(p)}`);
    }
    if (!result.ok) {
      printLine(`CHAIN BROKEN at entry ${result.firstBadSeq}: ${terminalSafe(result.reason)}`);
      return 1;
    }
    printLine(`chain verifies: ${result.entries.length} entr${result.entries.length === 1 ? 'y' : 'ies'}`);
    const last = result.entries.at(-1);
    if (last) printLine(`last hash: ${last.hash}`);
    return reportsOk ? 0 : 1;
  } finally {
    db.close();
  }
}

function entryJson(e: AuditEntry): Record<string, unknown> {
  return {
    seq: e.seq,
    at: isoFromUs(e.atUs),
    atUs: e.atUs,
    actor: e.actor,
    action: e.action,
    details: parsedOr(e.details),
    prevHash: e.prevHash,
    hash: e.hash,
  };
}

/** One line for the table: the file and its outcome for an import, the counts otherwise. */
function summary(e: AuditEntry): string {
  const d = parsedOr(e.details);
  if (d === null || typeof d !== 'object' || Array.isArray(d)) return String(e.details);
  const fields = d as Record<string, unknown>;
  if (e.action === 'import') {
    const key = typeof fields['keyFingerprint'] === 'string' ? `, key ${fields['keyFingerprint']}` : '';
    return `${fields['status']} ${fields['format']} ${fields['path']} (${fields['sessions']} sessions, ${fields['programs']} programs${key}) sha256 ${fields['sha256']}`;
  }
  return Object.entries(fields)
    .map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(', ');
}

/** Details as JSON, or the stored text when a tampered row holds something else. */
function parsedOr(details: string): unknown {
  try {
    return JSON.parse(details) as unknown;
  } catch {
    return details;
  }
}
