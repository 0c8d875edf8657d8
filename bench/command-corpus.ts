import { Prng } from './measure';

/**
 * Deterministic, realistic command lines and their output for the search bench: paths, IPs,
 * flags, users, hosts and services, with a skewed (Zipf-like) choice so that some terms are
 * everywhere (ls, /var/log) and most are rare, as in real shell history. Same seed, same text.
 */

export interface CorpusCommand {
  text: string;
  output: string;
  exitStatus: number;
}

const SERVICES = [
  'nginx',
  'sshd',
  'postgresql',
  'redis-server',
  'docker',
  'kubelet',
  'cron',
  'rsyslog',
  'haproxy',
  'grafana-server',
  'prometheus',
  'etcd',
  'containerd',
  'php8.2-fpm',
  'mysql',
  'memcached',
  'vault',
  'consul',
  'elasticsearch',
  'node_exporter',
];
const USERS = [
  'root',
  'ubuntu',
  'deploy',
  'admin',
  'ops',
  'backup',
  'www-data',
  'postgres',
  'git',
  'jenkins',
  'kai',
  'alex',
  'sam',
  'rio',
  'noor',
  'lena',
  'tomas',
  'ines',
  'yuki',
  'omar',
];
const DIRS = [
  '/etc',
  '/var/log',
  '/var/www/html',
  '/srv/app',
  '/opt/backup',
  '/home/deploy',
  '/tmp',
  '/usr/local/bin',
  '/var/lib/docker',
  '/root/.ssh',
  '/etc/nginx/sites-enabled',
  '/etc/systemd/system',
  '/var/spool/cron',
  '/dev/shm',
  '/var/lib/postgresql/15/main',
  '/etc/ssl/private',
];
const FILES = [
  'passwd',
  'shadow',
  'hosts',
  'resolv.conf',
  'sudoers',
  'authorized_keys',
  'id_rsa',
  'known_hosts',
  'crontab',
  'fstab',
  'syslog',
  'auth.log',
  'kern.log',
  'access.log',
  'error.log',
  'config.yml',
  'settings.py',
  '.env',
  'docker-compose.yml',
  'app.jar',
  'backup.tar.gz',
  'dump.sql',
  'debian_version',
  'os-release',
  'nginx.conf',
  'pg_hba.conf',
  'id_ed25519.pub',
  'wp-config.php',
  'index.php',
  'install.sh',
];
const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ne',
  'ru',
  'ta',
  'zo',
  'be',
  'xi',
  'qua',
  'dor',
  'fen',
  'gil',
  'hap',
  'jus',
  'vex',
  'wor',
  'yel',
  'cri',
  'pla',
  'sto',
  'bri',
  'tra',
  'mon',
  'sel',
];
const EXTS = ['log', 'conf', 'sh', 'py', 'gz', 'json', 'sql', 'txt', 'pem', 'bak'];
const NAMESPACES = ['default', 'kube-system', 'payments', 'ingress', 'monitoring', 'staging', 'prod-eu', 'prod-us'];

/** Index in [0, n), small indexes much more likely (u^2 skew). */
function skewed(rng: Prng, n: number): number {
  const u = rng.next() / 0x1_0000_0000;
  return Math.min(n - 1, Math.floor(n * u * u * u));
}

export class CommandCorpus {
  private readonly rng: Prng;

  constructor(seed: number) {
    this.rng = new Prng(seed);
  }

  pick<T>(list: readonly T[]): T {
    return list[skewed(this.rng, list.length)]!;
  }

  /** A made-up but pronounceable word: thousands of distinct, searchable tokens (project names, hosts). */
  word(): string {
    const r = this.rng;
    let w = '';
    const n = r.int(2, 4);
    for (let i = 0; i < n; i++) w += SYLLABLES[skewed(r, SYLLABLES.length)]!;
    return w;
  }

  ip(): string {
    const r = this.rng;
    switch (r.int(0, 3)) {
      case 0:
        return `10.${skewed(r, 32)}.${skewed(r, 256)}.${r.int(1, 254)}`;
      case 1:
        return `192.168.${skewed(r, 16)}.${r.int(1, 254)}`;
      case 2:
        return `203.0.113.${r.int(1, 254)}`;
      default:
        return `198.51.100.${skewed(r, 254) + 1}`;
    }
  }

  path(): string {
    const r = this.rng;
    if (r.chance(0.6)) return `${this.pick(DIRS)}/${this.pick(FILES)}`;
    return `${this.pick(DIRS)}/${this.word()}.${this.pick(EXTS)}`;
  }

  host(): string {
    return `${this.word()}-${String(this.rng.int(1, 40)).padStart(2, '0')}.${this.pick(['internal', 'corp.example', 'prod.example.net', 'lan'])}`;
  }

  command(): CorpusCommand {
    const r = this.rng;
    const path = this.path();
    const ip = this.ip();
    const user = this.pick(USERS);
    const svc = this.pick(SERVICES);
    const n = r.int(1, 500);
    const ok = (text: string, output: string): CorpusCommand => ({
      text,
      output,
      exitStatus: r.chance(0.08) ? r.int(1, 2) : 0,
    });
    switch (skewed(r, 22)) {
      case 0:
        return ok(`ls -la ${this.pick(DIRS)}`, this.listing(r.int(2, 6)));
      case 1:
        return ok(`cat ${path}`, this.fileLines(path, r.int(1, 4)));
      case 2:
        return ok(`cd ${this.pick(DIRS)}`, '');
      case 3:
        return ok(
          `sudo systemctl ${this.pick(['status', 'restart', 'stop', 'start', 'reload'])} ${svc}`,
          this.unitStatus(svc),
        );
      case 4:
        return ok(
          `tail -n ${n} ${this.pick(DIRS)}/${this.pick(['syslog', 'auth.log', 'error.log', 'access.log'])}`,
          this.logLines(r.int(2, 5)),
        );
      case 5:
        return ok(
          `grep -rn "${this.word()}" ${this.pick(DIRS)}`,
          `${path}:${n}:    ${this.word()} = "${this.word()}"\n${path}:${n + 7}:# ${this.word()} ${this.word()}`,
        );
      case 6:
        return ok(`ps aux | grep ${svc}`, this.processes(svc, r.int(1, 3)));
      case 7:
        return ok(
          `ssh ${user}@${ip}`,
          `Warning: Permanently added '${ip}' (ED25519) to the list of known hosts.\nLast login: Tue Nov 17 0${r.int(1, 9)}:${r.int(10, 59)}:02 2026 from ${this.ip()}`,
        );
      case 8:
        return ok(
          `curl -sS -m ${r.int(2, 30)} http://${ip}:${this.pick(['80', '8080', '443', '9090', '3000'])}/${this.word()}`,
          r.chance(0.5)
            ? `{"status":"ok","node":"${this.host()}","build":"${this.word()}-${n}"}`
            : `curl: (7) Failed to connect to ${ip} port 8080 after ${n} ms: Connection refused`,
        );
      case 9:
        return ok(
          `docker ${this.pick(['ps -a', 'logs --tail 50', 'inspect', 'restart', 'exec -it'])} ${this.word()}_${svc}_1`,
          `CONTAINER ID   IMAGE          STATUS\n${(r.next() >>> 0).toString(16).padStart(8, '0')}${n.toString(16)}   ${svc}:latest   Up ${r.int(1, 50)} hours`,
        );
      case 10:
        return ok(
          `kubectl get pods -n ${this.pick(NAMESPACES)} -o wide`,
          `NAME                    READY   STATUS    RESTARTS   AGE   IP\n${this.word()}-${n.toString(16)}   1/1     Running   ${r.int(0, 9)}          ${r.int(1, 90)}d   ${this.ip()}`,
        );
      case 11:
        return ok(
          `scp ${path} ${user}@${this.host()}:/tmp/`,
          `${path.split('/').pop()!}                 100%  ${n}KB   ${r.int(1, 99)}.${r.int(0, 9)}MB/s   00:0${r.int(0, 9)}`,
        );
      case 12:
        return ok(
          `find / -name "*.${this.pick(EXTS)}" -mtime -${r.int(1, 30)} 2>/dev/null`,
          `${this.path()}\n${this.path()}\n${this.path()}`,
        );
      case 13:
        return ok(`chmod ${this.pick(['600', '644', '755', '700', '+x'])} ${path}`, '');
      case 14:
        return ok(
          `wget -q http://${ip}/${this.word()}.sh -O /tmp/${this.word()}.sh`,
          r.chance(0.7) ? '' : `/tmp/${this.word()}.sh: Permission denied`,
        );
      case 15:
        return ok(
          `sudo -u ${user} psql -h ${this.host()} -c "select count(*) from ${this.word()}"`,
          ` count\n-------\n ${n * 13}\n(1 row)`,
        );
      case 16:
        return ok(`iptables -A INPUT -s ${ip} -j DROP`, '');
      case 17:
        return ok(
          `netstat -tulpn | grep ${this.pick(['22', '80', '443', '5432', '6379'])}`,
          `tcp        0      0 ${this.ip()}:${this.pick(['22', '80', '443'])}      0.0.0.0:*     LISTEN      ${n}/${svc}`,
        );
      case 18:
        return ok(
          `git -C /srv/${this.word()} pull origin ${this.pick(['main', 'master', 'release', 'hotfix'])}`,
          `From github.com:${this.word()}/${this.word()}\n * branch            main       -> FETCH_HEAD\nAlready up to date.`,
        );
      case 19:
        return ok(`echo "${this.word()} ALL=(ALL) NOPASSWD:ALL" >> /etc/sudoers.d/${user}`, '');
      case 20:
        return ok(
          `tar czf /opt/backup/${this.word()}-${n}.tar.gz ${this.pick(DIRS)}`,
          `tar: Removing leading '/' from member names`,
        );
      default:
        return ok(
          `python3 /srv/app/${this.word()}.py --host ${ip} --user ${user} --retries ${r.int(1, 9)}`,
          this.logLines(r.int(1, 3)),
        );
    }
  }

  private listing(lines: number): string {
    const r = this.rng;
    const out = [`total ${r.int(8, 900)}`];
    for (let i = 0; i < lines; i++) {
      const name = r.chance(0.5) ? this.pick(FILES) : `${this.word()}.${this.pick(EXTS)}`;
      out.push(
        `-rw-r--r-- 1 ${this.pick(USERS)} ${this.pick(USERS)} ${r.int(100, 99999)} Nov ${r.int(1, 30)} ${r.int(10, 23)}:${r.int(10, 59)} ${name}`,
      );
    }
    return out.join('\n');
  }

  private fileLines(path: string, lines: number): string {
    const out: string[] = [];
    for (let i = 0; i < lines; i++) {
      out.push(
        path.endsWith('passwd')
          ? `${this.pick(USERS)}:x:${this.rng.int(0, 2000)}:${this.rng.int(0, 2000)}::/home/${this.word()}:/bin/bash`
          : `${this.word()}=${this.word()} # ${this.ip()}`,
      );
    }
    return out.join('\n');
  }

  private unitStatus(svc: string): string {
    const r = this.rng;
    const failed = r.chance(0.1);
    return `● ${svc}.service - ${svc} daemon\n     Loaded: loaded (/lib/systemd/system/${svc}.service; enabled)\n     Active: ${failed ? 'failed (Result: exit-code)' : 'active (running)'} since Tue 2026-11-17 ${r.int(10, 23)}:${r.int(10, 59)}:02 UTC`;
  }

  private logLines(lines: number): string {
    const r = this.rng;
    const out: string[] = [];
    for (let i = 0; i < lines; i++) {
      const level = this.pick(['INFO', 'INFO', 'WARN', 'ERROR', 'DEBUG']);
      out.push(
        `2026-11-${String(r.int(1, 21)).padStart(2, '0')}T${r.int(10, 23)}:${r.int(10, 59)}:${r.int(10, 59)}Z ${level} ${this.host()} ${this.pick(SERVICES)}[${r.int(100, 65000)}]: ${this.pick(['Accepted publickey for', 'Failed password for', 'connection from', 'low disk on', 'upstream timed out for', 'request from'])} ${r.chance(0.5) ? this.pick(USERS) : this.path()} ${this.ip()} port ${r.int(1024, 65535)}`,
      );
    }
    return out.join('\n');
  }

  private processes(svc: string, lines: number): string {
    const r = this.rng;
    const out: string[] = [];
    for (let i = 0; i < lines; i++)
      out.push(
        `${this.pick(USERS)}  ${r.int(100, 99999)}  0.${r.int(0, 9)}  1.${r.int(0, 9)} ${r.int(1000, 999999)} ${r.int(1000, 99999)} ?  Ss  Nov17   0:0${r.int(0, 9)} /usr/sbin/${svc} --config ${this.path()}`,
      );
    return out.join('\n');
  }
}
