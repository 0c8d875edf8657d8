import { describe, expect, it } from 'vitest';
import { OpenOutput } from '../../src/main/extraction/shell/output/command-output';
import { plainOutput } from '../../src/main/extraction/shell/output/plain-output';
import { joinContinuation, splitCompleteCommands } from '../../src/main/extraction/shell/history/shell-grammar';
import { parseCaptureMetadata } from '../../src/main/formats/capture/capture-metadata';
import { trailingRunLength, withoutTrailingNewlines } from '../../src/shared/trailing';

// A run of one character that does not reach the end once made an end-anchored regex (/\n+$/)
// retry from each of its positions: a million line feeds and a letter took minutes. Each case
// here is such a run; quadratic work would not finish within the test's time.
const RUN = 1_000_000;

describe('trailing runs are found in linear time', () => {
  it('counts and drops a trailing run, and nothing else', () => {
    expect(trailingRunLength('ab==', '=')).toBe(2);
    expect(trailingRunLength('', '=')).toBe(0);
    expect(withoutTrailingNewlines('a\n\nb\n\n')).toBe('a\n\nb');
    expect(withoutTrailingNewlines('\n'.repeat(RUN) + 'x')).toHaveLength(RUN + 1);
    expect(withoutTrailingNewlines('x' + '\n'.repeat(RUN))).toBe('x');
  });

  it('plain output of a million line feeds (or CR LF) then a letter', () => {
    expect(plainOutput('\n'.repeat(RUN) + 'x')).toHaveLength(RUN + 1);
    expect(plainOutput('\r\n'.repeat(RUN) + 'x\r\n')).toBe('\n'.repeat(RUN) + 'x');
    expect(plainOutput('a\rb\n'.repeat(3) + '\n'.repeat(RUN) + '\x07x')).toBe('b\nb\nb' + '\n'.repeat(RUN + 1) + 'x');
  });

  it("a command's output text with a million blanks before its last letter", () => {
    const out = new OpenOutput(null, 0, 0);
    out.append(Buffer.from(' '.repeat(RUN) + 'x  \r\n'));
    expect(out.text()).toHaveLength(RUN + 1);
  });

  it('a typed buffer of a million line feeds or backslashes', () => {
    expect(splitCompleteCommands('echo a' + '\n'.repeat(RUN))).toEqual(['echo a']);
    expect(joinContinuation('echo ' + '\\'.repeat(RUN) + 'x', 'y')).toBe('echo ' + '\\'.repeat(RUN) + 'x\ny');
    expect(joinContinuation('echo \\\\\\', 'y')).toBe('echo \\\\y');
    expect(splitCompleteCommands('echo ' + ' #'.repeat(RUN) + '\r')).toHaveLength(1);
  });

  it('capture metadata with a million "=" before its end is refused for where its padding is', () => {
    const text = Buffer.from('='.repeat(RUN) + 'QQ==', 'latin1');
    expect(() => parseCaptureMetadata(text)).toThrow(/padding "=" at offset 4 is not at its end/);
  });
});
