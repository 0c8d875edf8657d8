import type { PacketSpec } from '../src/main/formats/capture/capture-encoder';
import { Prng } from './measure';
import { TypedSession } from './typed-session';

/**
 * A deterministic interactive shell session, packet by packet, as the recorder sees it: the user
 * types a command one keystroke at a time (1-byte client packets, each echoed by a 1-byte server
 * packet), presses Enter, and the server answers with coloured output in chunks of 64 B..32 KiB,
 * then a prompt. Most bytes are output; most packets are keystrokes. Same seed, same packets.
 */

const COMMANDS = [
  'ls -la --color=auto /var/log',
  'journalctl -u sshd --since today --no-pager',
  'tail -n 500 /var/log/syslog',
  'grep -rn ERROR /srv/app/logs',
  'cat /etc/passwd',
  'ps auxf',
  'docker ps -a',
  'git log --oneline --graph --color | head -200',
  'kubectl get pods -A -o wide',
  'df -h && free -m',
  'find / -name "*.conf" 2>/dev/null',
  'sudo systemctl status nginx',
];

const PROMPT = '\x1b[01;32mops@web-01\x1b[00m:\x1b[01;34m/var/log\x1b[00m$ ';

/** Line templates with ANSI colours and some UTF-8, as `ls --color`, log tails and tables print them. */
function outputLine(rng: Prng): string {
  const n = rng.int(0, 99999);
  switch (rng.int(0, 5)) {
    case 0:
      return `\x1b[01;34mdrwxr-xr-x\x1b[0m  2 root root  4096 Mar  3 12:${String(n % 60).padStart(2, '0')} \x1b[01;34mdir-${n}\x1b[0m\r\n`;
    case 1:
      return `-rw-r----- 1 syslog adm ${n * 37} Mar  3 11:02 \x1b[01;31mapp-${n}.log.gz\x1b[0m\r\n`;
    case 2:
      return `2024-03-03T12:00:${String(n % 60).padStart(2, '0')}Z \x1b[33mWARN\x1b[0m sshd[${n}]: Connection closed by 203.0.113.${n % 255} port ${20000 + (n % 40000)} [preauth]\r\n`;
    case 3:
      return `2024-03-03T12:01:${String(n % 60).padStart(2, '0')}Z \x1b[32mINFO\x1b[0m worker-${n % 16} → job ${n} done ✓ in ${n % 997} ms (café queue)\r\n`;
    case 4:
      return `root      ${String(n).padStart(7)}  0.${n % 10}  1.${n % 7} ${n * 3} ${n * 2} ?  Ss   Mar03   0:0${n % 10} /usr/sbin/daemon --id=${n}\r\n`;
    default:
      return `\x1b[1;31merror\x1b[0m: /srv/app/logs/${n}.log:${n % 400}: request ${n.toString(16)} failed: upstream timed out\r\n`;
  }
}

/** Precomputed output chunks of log-uniform sizes 64 B..32 KiB (cut anywhere, as a pty read is). */
function buildOutputPool(rng: Prng, count: number): Uint8Array[] {
  const pool: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const size = Math.round(64 * Math.pow(2, (9 * i) / (count - 1)));
    let text = '';
    while (Buffer.byteLength(text) < size) text += outputLine(rng);
    pool.push(Uint8Array.from(Buffer.from(text).subarray(0, size)));
  }
  return pool;
}

export class SyntheticSession extends TypedSession {
  private readonly pool: Uint8Array[];

  constructor(seed: number) {
    super(seed, PROMPT);
    this.pool = buildOutputPool(new Prng(seed ^ 0x5eed), 64);
  }

  protected command(): void {
    const rng = this.rng;
    const command = COMMANDS[rng.int(0, COMMANDS.length - 1)]!;
    this.at(rng.int(500_000, 5_000_000)); // thinking
    this.type(command, 60_000);
    // Output volume: mostly a screenful, sometimes a long listing, now and then a big dump.
    const roll = rng.int(0, 99);
    const volume =
      roll < 70
        ? rng.int(200, 4 * 1024)
        : roll < 95
          ? rng.int(4 * 1024, 64 * 1024)
          : rng.int(64 * 1024, 2 * 1024 * 1024);
    let sent = 0;
    while (sent < volume) {
      const chunk = this.pool[rng.int(0, this.pool.length - 1)]!;
      const stderr = rng.chance(0.02);
      this.push({ source: 1, code: stderr ? 1 : 0, elapsedUs: this.at(rng.int(100, 5_000)), data: chunk });
      sent += chunk.length;
    }
    this.pushPrompt();
  }
}

/** Size of a packet once encoded (17-byte header + data). */
export function encodedSize(p: PacketSpec): number {
  return 17 + p.data.length;
}
