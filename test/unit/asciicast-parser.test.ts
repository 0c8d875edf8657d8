import { describe, expect, it } from 'vitest';
import { AsciicastStream } from '../../src/main/formats/asciicast/asciicast-stream';
import type { TerminalEvent } from '../../src/main/formats/recording';

function parse(text: string): { stream: AsciicastStream; events: TerminalEvent[] } {
  const stream = new AsciicastStream();
  const events: TerminalEvent[] = [];
  text.split('\n').forEach((line, i) => {
    const ev = stream.line(line, i + 1);
    if (ev) events.push(ev);
  });
  return { stream, events };
}

const decode = (e: TerminalEvent) => [e.atUs, e.kind, new TextDecoder().decode(e.data)];

describe('asciicast', () => {
  it('reads v2: absolute times, input, output, resize and markers', () => {
    const { stream, events } = parse(
      '{"version":2,"width":80,"height":24,"timestamp":1795281616,"env":{"TERM":"xterm-256color"}}\n[0.5,"o","$ "]\n[1.25,"i","l"]\n[2,"r","100x30"]\n[3,"m","here"]',
    );
    expect(stream.header).toMatchObject({
      version: 2,
      cols: 80,
      rows: 24,
      timestamp: 1795281616,
      term: 'xterm-256color',
    });
    expect(events.map(decode)).toEqual([
      [500000, 'output', '$ '],
      [1250000, 'input', 'l'],
      [2000000, 'resize', '100x30'],
      [3000000, 'marker', 'here'],
    ]);
  });

  it('reads v3: intervals, comments, exit status', () => {
    const { stream, events } = parse(
      '{"version":3,"term":{"cols":120,"rows":40,"type":"xterm"}}\n# a comment\n[0.5,"o","a"]\n[0.25,"o","b"]\n[1,"x","3"]',
    );
    expect(stream.header).toMatchObject({ version: 3, cols: 120, rows: 40, term: 'xterm' });
    expect(events.map(decode)).toEqual([
      [500000, 'output', 'a'],
      [750000, 'output', 'b'],
      [1750000, 'exit', '3'],
    ]);
  });

  it('names the line of a bad event', () => {
    expect(() => parse('{"version":2,"width":80,"height":24}\n[0.5,"o","a"]\n[0.7,"o"')).toThrow(/not valid JSON/);
    try {
      parse('{"version":2,"width":80,"height":24}\n["x","o","a"]');
    } catch (e) {
      expect((e as { place: unknown }).place).toEqual({ line: 2 });
    }
    expect(() => parse('{"version":1,"width":80,"height":24}')).toThrow(/version 1 is not supported/);
  });
});
