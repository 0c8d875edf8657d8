import { CommandCorpus } from './command-corpus';
import { Prng } from './measure';

/**
 * Command lines with the output a real one prints, at real volumes (about 40 KB per command on
 * average, from a few hundred bytes to a quarter of a megabyte): journal and syslog lines, web
 * access logs, `ls -la` listings, `ps auxf`, configuration files, `hexdump -C`, `ip`/`ss` tables,
 * base64 and certificates, and messages and names in other scripts (é, ü, ł, Cyrillic, Greek,
 * CJK). Words, hosts, paths and addresses come from CommandCorpus, so most tokens are rare and a
 * few are everywhere, as in a real case. Same seed, same text. Lines end with "\n" here; the
 * session turns them into terminal output.
 */

export interface RealisticCommand {
  text: string;
  /** The output, line by line (ANSI colour in some lines, as `ls --color` prints them). */
  lines: string[];
}

/** Bump when the text changes: cached cases built from it are keyed by this. */
export const REALISTIC_OUTPUT_VERSION = 1;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** People and words in other scripts, as user names, file names and localised messages carry them. */
export const NON_ASCII_WORDS = [
  'José',
  'Müller',
  'Łukasz',
  'Søren',
  'François',
  'Zoë',
  'Ñandú',
  'Straße',
  'café',
  'résumé',
  'naïve',
  'Дмитрий',
  'пароль',
  'Ελένη',
  'σφάλμα',
  '東京',
  'ログイン',
  '服务器',
  'données',
  'Größe',
];
const LOCALISED = [
  "Échec de l'authentification pour",
  'Zugriff verweigert für',
  'Ошибка входа для',
  'Η σύνδεση απέτυχε για',
  'ログインに失敗しました:',
  'Fehler beim Öffnen von',
  'Conexión rechazada desde',
  'Accès refusé à',
];
const SSHD = [
  'Accepted publickey for',
  'Failed password for',
  'Invalid user',
  'Connection closed by authenticating user',
  'Disconnected from user',
  'pam_unix(sshd:session): session opened for user',
  'Received disconnect from',
];
const DAEMONS = ['sshd', 'systemd', 'kernel', 'CRON', 'nginx', 'dockerd', 'kubelet', 'sudo', 'postgres', 'containerd'];
const VERBS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE', 'HEAD'];
const AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  'curl/8.5.0',
  'python-requests/2.31.0',
  'Go-http-client/1.1',
  'kube-probe/1.29',
  'Prometheus/2.48.1',
];
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

type Kind = 'journal' | 'access' | 'listing' | 'ps' | 'config' | 'hexdump' | 'network' | 'base64' | 'intl' | 'app';
const KINDS: Kind[] = ['journal', 'access', 'listing', 'ps', 'config', 'hexdump', 'network', 'base64', 'intl', 'app'];

export class RealisticOutput {
  private readonly rng: Prng;
  private readonly corpus: CommandCorpus;

  constructor(seed: number) {
    this.rng = new Prng(seed);
    this.corpus = new CommandCorpus(seed ^ 0x0b5e55ed);
  }

  /** Output bytes of the next command: log-uniform between 500 B and 256 KiB, 41 KB on average. */
  outputSize(): number {
    return Math.round(500 * Math.pow(512 * 1.024, this.rng.next() / 0x1_0000_0000));
  }

  /** A command and about `bytes` of its output (UTF-8). */
  command(bytes: number): RealisticCommand {
    const kind = KINDS[this.rng.int(0, KINDS.length - 1)]!;
    const lines: string[] = [];
    let size = 0;
    const line = this.liner(kind);
    while (size < bytes) {
      const l = line();
      lines.push(l);
      size += Buffer.byteLength(l) + 1;
    }
    return { text: this.commandLine(kind), lines };
  }

  /** A line of the kind's output: the query generator samples these too. */
  sampleLine(): string {
    return this.liner(KINDS[this.rng.int(0, KINDS.length - 1)]!)();
  }

  private commandLine(kind: Kind): string {
    const c = this.corpus;
    const r = this.rng;
    switch (kind) {
      case 'journal':
        return r.chance(0.5)
          ? `journalctl -u ${c.pick(DAEMONS)} --since "${r.int(1, 7)} days ago" --no-pager`
          : `sudo tail -n ${r.int(1, 50) * 1000} /var/log/${c.pick(['syslog', 'auth.log', 'kern.log', 'messages'])}`;
      case 'access':
        return `cat /var/log/nginx/${c.word()}.access.log`;
      case 'listing':
        return `ls -la --color=auto ${c.path().replace(/\/[^/]*$/, '')}`;
      case 'ps':
        return r.chance(0.5) ? 'ps auxf' : `ps -eo pid,user,rss,args --sort=-rss | head -${r.int(1, 9) * 100}`;
      case 'config':
        return `cat /etc/${c.word()}/${c.word()}.${c.pick(['conf', 'yaml', 'ini', 'toml'])}`;
      case 'hexdump':
        return `hexdump -C ${c.path()} | head -${r.int(1, 20) * 100}`;
      case 'network':
        return c.pick(['ss -tanp', 'netstat -tulpn', 'ip -s addr', 'arp -an', 'ip route show table all']);
      case 'base64':
        return r.chance(0.5) ? `base64 ${c.path()}` : `openssl x509 -in /etc/ssl/certs/${c.word()}.pem -text`;
      case 'intl':
        return `grep -i ${c.pick(NON_ASCII_WORDS)} /srv/${c.word()}/logs/*.log`;
      case 'app':
        return c.command().text;
    }
  }

  private liner(kind: Kind): () => string {
    const c = this.corpus;
    const r = this.rng;
    const stamp = (): string =>
      `${MONTHS[r.int(8, 11)]} ${String(r.int(1, 30)).padStart(2, ' ')} ${two(r.int(0, 23))}:${two(r.int(0, 59))}:${two(r.int(0, 59))}`;
    const iso = (): string =>
      `2026-${two(r.int(9, 11))}-${two(r.int(1, 30))}T${two(r.int(0, 23))}:${two(r.int(0, 59))}:${two(r.int(0, 59))}.${String(r.int(0, 999)).padStart(3, '0')}Z`;
    const host = c.host().split('.')[0]!;
    switch (kind) {
      case 'journal':
        return () => {
          const d = c.pick(DAEMONS);
          const msg =
            d === 'sshd'
              ? `${c.pick(SSHD)} ${c.pick(['root', 'ubuntu', 'deploy', c.word()])} from ${c.ip()} port ${r.int(1024, 65535)} ssh2${r.chance(0.3) ? `: ED25519 SHA256:${this.b64(43)}` : ''}`
              : d === 'kernel'
                ? `[${r.int(1, 999999)}.${String(r.int(0, 999999)).padStart(6, '0')}] ${c.pick(['EXT4-fs (vda1): mounted filesystem', 'audit: type=1400 audit(' + r.int(1e9, 2e9) + '.123:' + r.int(1, 9999) + '): apparmor="DENIED"', 'TCP: request_sock_TCP: Possible SYN flooding on port ' + r.int(1, 65535), 'Out of memory: Killed process ' + r.int(100, 99999) + ' (' + c.word() + ')'])}`
                : `${c.pick(['Started', 'Stopped', 'Reloading', 'Failed to start', 'Finished'])} ${c.word()}.service - ${c.word()} ${c.word()}`;
          return `${stamp()} ${host} ${d}[${r.int(100, 99999)}]: ${msg}`;
        };
      case 'access':
        return () =>
          `${c.ip()} - ${r.chance(0.9) ? '-' : c.word()} [${two(r.int(1, 30))}/${MONTHS[r.int(8, 11)]}/2026:${two(r.int(0, 23))}:${two(r.int(0, 59))}:${two(r.int(0, 59))} +0000] "${c.pick(VERBS)} /${c.word()}/${c.word()}${r.chance(0.3) ? `?id=${r.int(1, 99999)}&q=${c.word()}` : ''} HTTP/1.1" ${c.pick([200, 200, 200, 304, 404, 500, 301, 403])} ${r.int(0, 99999)} "-" "${c.pick(AGENTS)}"`;
      case 'listing':
        return () => {
          const dir = r.chance(0.2);
          const name = r.chance(0.05)
            ? `${c.pick(NON_ASCII_WORDS)}-${c.word()}.txt`
            : `${c.word()}${dir ? '' : '.' + c.pick(['log', 'gz', 'conf', 'json', 'sh', 'py', 'bak'])}`;
          const mode = dir ? 'drwxr-xr-x' : c.pick(['-rw-r--r--', '-rw-------', '-rwxr-xr-x', '-rw-r-----']);
          const shown = dir ? `\x1b[01;34m${name}\x1b[0m` : name;
          return `${mode} ${r.int(1, 9)} ${c.pick(['root', 'ubuntu', 'www-data', 'syslog', c.word()])} ${c.pick(['root', 'adm', 'docker', 'staff'])} ${String(r.int(0, 9_999_999)).padStart(8)} ${stamp().slice(0, 12)} ${shown}`;
        };
      case 'ps':
        return () =>
          `${c.pick(['root', 'www-data', 'postgres', 'ubuntu', c.word()]).padEnd(9)} ${String(r.int(1, 4_000_000)).padStart(7)}  ${r.int(0, 99)}.${r.int(0, 9)}  ${r.int(0, 40)}.${r.int(0, 9)} ${String(r.int(1000, 9_999_999)).padStart(8)} ${String(r.int(100, 999_999)).padStart(7)} ${c.pick(['?', 'pts/0', 'pts/1'])}  ${c.pick(['Ss', 'S', 'R', 'Sl', 'S<', 'D'])}  ${MONTHS[r.int(8, 11)]}${two(r.int(1, 30))}  ${r.int(0, 99)}:${two(r.int(0, 59))} ${c.pick(['/usr/sbin/', '/usr/bin/', '/opt/', '  \\_ /usr/lib/'])}${c.word()} --${c.word()}=${c.path()}${r.chance(0.2) ? ` --listen ${c.ip()}:${r.int(1024, 65535)}` : ''}`;
      case 'config':
        return () => {
          const k = r.int(0, 5);
          if (k === 0) return `[${c.word()}.${c.word()}]`;
          if (k === 1) return `# ${c.word()} ${c.word()} ${c.word()} (see ${c.path()})`;
          if (k === 2)
            return `    ${c.word()}_${c.word()}: ${c.pick(['true', 'false', String(r.int(0, 65535)), `"${c.host()}"`, c.ip()])}`;
          if (k === 3) return `server ${c.ip()}:${r.int(1024, 65535)} weight=${r.int(1, 9)} max_fails=${r.int(1, 5)};`;
          if (k === 4) return `${c.word().toUpperCase()}_${c.word().toUpperCase()}=${this.b64(r.int(8, 40))}`;
          return `    ${c.word()} ${c.path()};`;
        };
      case 'hexdump': {
        let offset = r.int(0, 1 << 20) * 16;
        return () => {
          const bytes = Array.from({ length: 16 }, () => (r.chance(0.3) ? 0 : r.int(0, 255)));
          const hex = bytes.map((b) => b.toString(16).padStart(2, '0'));
          const ascii = bytes.map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
          const line = `${offset.toString(16).padStart(8, '0')}  ${hex.slice(0, 8).join(' ')}  ${hex.slice(8).join(' ')}  |${ascii}|`;
          offset += 16;
          return line;
        };
      }
      case 'network':
        return () =>
          r.chance(0.7)
            ? `${c.pick(['tcp', 'tcp', 'udp', 'tcp6'])}   ${c.pick(['ESTAB', 'LISTEN', 'TIME-WAIT', 'SYN-SENT', 'CLOSE-WAIT'])}  ${r.int(0, 9)}      ${r.int(0, 128)}     ${c.ip()}:${r.int(1, 65535)}    ${c.ip()}:${r.int(1, 65535)}   users:(("${c.word()}",pid=${r.int(100, 99999)},fd=${r.int(3, 999)}))`
            : `    link/ether ${this.mac()} brd ff:ff:ff:ff:ff:ff\n    inet ${c.ip()}/${r.int(8, 32)} brd ${c.ip()} scope global dynamic ${c.pick(['eth0', 'ens3', 'docker0', 'wg0'])}`;
      case 'base64':
        return () => this.b64(76);
      case 'intl':
        return () =>
          `${iso()} ${c.pick(['WARN', 'ERROR', 'INFO'])} ${c.pick(LOCALISED)} ${c.pick(NON_ASCII_WORDS)} (${c.word()}@${c.host()}) depuis ${c.ip()} — ${c.pick(NON_ASCII_WORDS)} ${r.int(1, 9999)}`;
      case 'app':
        return () =>
          `${iso()} ${c.pick(['INFO', 'INFO', 'DEBUG', 'WARN', 'ERROR'])} [${c.word()}-${r.int(1, 64)}] ${c.pick(['request', 'job', 'query', 'upstream', 'cache'])} ${r.int(1, 1e6).toString(16)} ${c.pick(['done in', 'failed after', 'retried after', 'timed out after'])} ${r.int(1, 30000)} ms path=${c.path()} client=${c.ip()} user=${c.pick(['root', 'deploy', c.word(), c.pick(NON_ASCII_WORDS)])}`;
    }
  }

  private b64(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += B64[this.rng.int(0, 63)]!;
    return s;
  }

  private mac(): string {
    return Array.from({ length: 6 }, () => this.rng.int(0, 255).toString(16).padStart(2, '0')).join(':');
  }
}

const two = (n: number): string => String(n).padStart(2, '0');
