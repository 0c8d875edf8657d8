import type { Terminal } from '@xterm/xterm';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import type { ProgramDetail } from '../../../../shared/model';
import type { FindHit, ProgramCommands, ReplayInfo } from '../../../../shared/views';
import { api } from '../../api/client';
import { useResult, type Loadable } from '../../api/use-result';
import { Problem } from '../../ui/Problem';
import { formatCount } from '../../ui/format';
import { setLayoutPref, useLayoutPrefs } from '../../ui/layout-prefs';
import { CommandList } from './CommandList';
import { FindPanel } from './FindPanel';
import { NotesPanel } from './NotesPanel';
import { createReplaySource } from './replay-source';
import { XtermSink } from './inert-terminal';
import { SPEEDS } from './playback-clock';
import { ReplayPlayer } from './replay-player';
import { SeekBar } from './SeekBar';
import { ShortcutLegend } from './ShortcutLegend';
import { SidePanel } from './SidePanel';
import { TerminalView } from './TerminalView';
import { firstAfter, lastAtOrBefore, lastBefore } from './time-index';
import { buildTimeline } from './timeline-items';
import { Transport } from './Transport';
import { useFind } from './use-find';
import { useProgramNotes } from './use-program-notes';
import { usePlayerState } from './use-replay-player';
import { useReplayKeys } from './use-replay-keys';
import { useTerminalHighlight } from './use-terminal-highlight';
import { useViewSlot } from './view-slot';
import { toggleLayout, ViewControls } from './ViewControls';
import './replay-view.css';

const NO_HITS: FindHit[] = [];

/** A fitted font smaller than this (px) is hard to read: the replay says how to get more room. */
const READABLE_FONT_PX = 11;

/** [ goes to the previous command when the playhead is less than this into the current one. */
const RESTART_WINDOW_US = 1_500_000;

/** What the session screen gives the selected program's view (ProgramView, then ReplayView). */
export interface ProgramViewProps {
  program: ProgramDetail;
  /** The moment to open at (µs into the program); null: the first frame. */
  atUs: number | null;
  highlight: readonly string[];
  caseVersion: number;
  /** The Details side tab's content. */
  details: ReactNode;
  onMoment: (atUs: number) => void;
}

/** A terminal program: its replay, with its commands and find beside it. */
export function ReplayView(props: ProgramViewProps): ReactNode {
  const { program, caseVersion } = props;
  const info = useResult(() => api.replayInfo(program.id), [program.id, caseVersion]);
  const commands = useResult(() => api.programCommands(program.id), [program.id, caseVersion]);

  if (info.state === 'loading') {
    return (
      <div className="ss-program-layout">
        <div className="ss-program-main ss-program-loading" aria-busy="true">
          <span className="faint">Loading the replay…</span>
        </div>
      </div>
    );
  }
  if (!info.ok) {
    return (
      <div className="ss-program-layout">
        <div className="ss-program-main ss-program-problem">
          <Problem message={`The replay could not be loaded: ${info.error}`} onRetry={info.reload} />
        </div>
      </div>
    );
  }
  return <Player key={`${program.id}:${info.value.scrollback}`} {...props} info={info.value} commands={commands} />;
}

function Player(
  props: ProgramViewProps & { info: ReplayInfo; commands: Loadable<ProgramCommands> & { reload: () => void } },
): ReactNode {
  const { program, info, commands, atUs, highlight, caseVersion, details, onMoment } = props;
  const [term, setTerm] = useState<Terminal | null>(null);
  const [player, setPlayer] = useState<ReplayPlayer | null>(null);
  const [tab, setTab] = useState<'commands' | 'find' | 'notes' | 'details'>('commands');
  const [legendOpen, setLegendOpen] = useState(false);
  /** The terminal and its controls over the whole window (Esc leaves); not remembered. */
  const [fullscreen, setFullscreen] = useState(false);
  const [fontPx, setFontPx] = useState<number | null>(null);
  const viewSlot = useViewSlot();
  const layout = useLayoutPrefs();
  const notes = useProgramNotes(program.session, program.id, caseVersion);
  const findInput = useRef<HTMLInputElement>(null);
  /** Where a new player starts: the route's moment, then wherever the last one was; null: the first frame. */
  const resumeAt = useRef<number | null>(atUs);
  /** The same, for drawing while there is no player. */
  const [resumedAt, setResumedAt] = useState<number | null>(atUs);
  /** The moment last put in (or taken from) the route, so our own writes are not sought again. */
  const routeAt = useRef(atUs);
  const state = usePlayerState(player);
  const find = useFind(program.id, caseVersion);
  const { setActive } = find;

  // The terminal's size: as made, then as each resize says.
  const [resized, setResized] = useState<{ term: Terminal; cols: number; rows: number } | null>(null);
  useEffect(() => {
    if (!term) return;
    const listener = term.onResize((s) => setResized({ term, cols: s.cols, rows: s.rows }));
    return () => listener.dispose();
  }, [term]);
  const size = !term
    ? { cols: info.cols, rows: info.rows }
    : resized?.term === term
      ? { cols: resized.cols, rows: resized.rows }
      : { cols: term.cols, rows: term.rows };

  useEffect(() => {
    if (!term) return;
    const p = new ReplayPlayer(createReplaySource(info.program), new XtermSink(term), info);
    if (resumeAt.current === null) p.openAtFirstFrame();
    else p.seek(resumeAt.current);
    // The player drives the terminal (outside React) and lives as long as it: made here, and handed
    // to rendering as state.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setPlayer(p);
    return () => {
      resumeAt.current = p.getState().positionUs;
      p.dispose();
      setPlayer(null);
      setResumedAt(resumeAt.current);
    };
  }, [term, info]);

  // A moment given by the route (a search result, Back/Forward): show it, paused.
  useEffect(() => {
    if (!player || atUs === null || atUs === routeAt.current) return;
    routeAt.current = atUs;
    player.pause();
    player.seek(atUs);
  }, [player, atUs]);

  // Paused somewhere else than the route says: put the moment in the route (replacing it).
  const settledAt = state && !state.playing && state.phase === 'ready' ? Math.round(state.positionUs) : null;
  useEffect(() => {
    if (settledAt === null || settledAt === (routeAt.current ?? 0)) return;
    const timer = setTimeout(() => {
      routeAt.current = settledAt;
      onMoment(settledAt);
    }, 700);
    return () => clearTimeout(timer);
  }, [settledAt, onMoment]);

  // Memoised on the answers themselves (the Loadable wrappers are new objects every render).
  const listed = commands.state === 'done' && commands.ok ? commands.value : null;
  const timeline = useMemo(() => buildTimeline(listed?.commands ?? [], listed?.marks ?? []), [listed]);
  const marks = useMemo(() => listed?.marks ?? [], [listed]);
  const found = find.hits.state === 'done' && find.hits.ok ? find.hits.value : null;
  const hits = useMemo(() => found ?? [], [found]);

  const positionUs = state?.positionUs ?? resumedAt ?? 0;
  const currentCommand = lastAtOrBefore(timeline.commandTimes, positionUs);
  const currentItem = currentCommand >= 0 ? (timeline.itemOfCommand[currentCommand] ?? -1) : -1;

  const seek = useCallback((us: number) => player?.seek(us), [player]);

  const step = useCallback(
    (direction: -1 | 1): void => {
      if (!player) return;
      const at = player.getState().positionUs;
      const i =
        direction === 1
          ? firstAfter(timeline.commandTimes, at)
          : lastBefore(timeline.commandTimes, at - RESTART_WINDOW_US);
      const to = i >= 0 ? timeline.commandTimes[i] : direction === 1 ? null : 0;
      if (to !== null && to !== undefined) player.seek(to);
    },
    [player, timeline],
  );

  const goToHit = useCallback(
    (index: number): void => {
      const hit = hits[index];
      if (!hit || !player) return;
      setActive(index);
      // Stay on the hit: playing on would scroll it away.
      player.pause();
      player.seek(hit.atUs);
    },
    [hits, player, setActive],
  );

  const { query, setQuery } = find;
  const openFind = useCallback((): void => {
    setFullscreen(false);
    setLayoutPref('sidePanel', true);
    // Opened from a search hit: find starts with its match.
    if (query === '' && highlight.length > 0) setQuery(highlight.join(' '));
    setTab('find');
    requestAnimationFrame(() => {
      findInput.current?.focus();
      findInput.current?.select();
    });
  }, [query, setQuery, highlight]);

  const closeFind = useCallback((): void => {
    setTab('commands');
    findInput.current?.blur();
  }, []);

  useReplayKeys({
    toggle: () => player?.toggle(),
    seekBy: (delta) => player && player.seek(player.getState().positionUs + delta),
    step,
    seekTo: (where) => player && player.seek(where === 'start' ? 0 : player.getState().durationUs),
    speed: (direction) => {
      if (!player) return;
      const i = SPEEDS.indexOf(player.getState().speed);
      const next = SPEEDS[Math.min(SPEEDS.length - 1, Math.max(0, i + direction))];
      if (next !== undefined) player.setSpeed(next);
    },
    find: openFind,
    legend: () => setLegendOpen((open) => !open),
    escape: () => {
      if (legendOpen) setLegendOpen(false);
      else if (fullscreen) setFullscreen(false);
      else return false;
      return true;
    },
    layout: (what) => (what === 'fullscreen' ? setFullscreen((on) => !on) : toggleLayout(what)),
  });

  // Highlighted in the terminal: the find text while Find is open, else the match of the search
  // hit that opened the replay (both kept up to date as output plays).
  const findText = tab === 'find' ? find.searched : '';
  const shownTerms = useMemo(() => (tab === 'find' ? [findText] : highlight), [tab, findText, highlight]);
  useTerminalHighlight(term, shownTerms, state?.frames ?? null);

  const commandCount =
    commands.state === 'done' && commands.ok ? formatCount(commands.value.commands.length) : undefined;
  const canPrev = positionUs > 0;
  const canNext = firstAfter(timeline.commandTimes, positionUs) >= 0;

  // Beside the program tabs; in full screen (which covers them), with the controls under the terminal.
  const viewControls = <ViewControls fullscreen={fullscreen} onFullscreen={setFullscreen} />;

  return (
    <div className="ss-program-layout">
      {viewSlot && !fullscreen && createPortal(viewControls, viewSlot)}
      <div className={`ss-program-main ss-replay-main${fullscreen ? ' is-fullscreen' : ''}`}>
        <TerminalView
          cols={info.cols}
          rows={info.rows}
          scrollback={info.scrollback}
          scale={layout.terminalScale}
          onTerminal={setTerm}
          onFontSize={setFontPx}
        >
          {state?.phase === 'failed' && (
            <div className="ss-term-overlay">
              <Problem
                message={`The replay stopped: ${state.error ?? 'unknown error'}`}
                onRetry={() => player?.retry()}
              />
            </div>
          )}
          {state?.phase === 'ready' &&
            !state.playing &&
            !legendOpen &&
            (state.positionUs === 0 || state.positionUs === state.firstFrameUs) && (
              <div className="ss-term-hint">
                {state.positionUs === 0 ? 'Paused at the start' : 'Paused at the first output'} · <kbd>Space</kbd> plays
                · <kbd>?</kbd> keys
              </div>
            )}
          {legendOpen && <ShortcutLegend onClose={() => setLegendOpen(false)} />}
        </TerminalView>
        <div className="ss-replay-controls">
          {info.durationUs === 0 && info.outputBytes === 0 ? (
            <p className="notice">This program recorded no terminal output: there is nothing to play.</p>
          ) : (
            <SeekBar
              positionUs={positionUs}
              durationUs={info.durationUs}
              timeline={timeline}
              marks={marks}
              hits={findText ? hits : NO_HITS}
              activeHit={findText ? find.active : -1}
              notes={notes.moments}
              onSeek={seek}
              onHit={goToHit}
            />
          )}
          {state && (
            <Transport
              state={state}
              startIso={info.start}
              size={size}
              canPrev={canPrev}
              canNext={canNext}
              onToggle={() => player?.toggle()}
              onStep={step}
              onSpeed={(s) => player?.setSpeed(s)}
              onSkipIdle={(s) => player?.setSkipIdle(s)}
              onLegend={() => setLegendOpen((open) => !open)}
              legendOpen={legendOpen}
              view={fullscreen || !viewSlot ? viewControls : null}
              hint={
                layout.terminalScale === 'fit' && fontPx !== null && fontPx < READABLE_FONT_PX ? (
                  <span title="The recorded terminal is fitted to the space: the text is small">
                    {Math.floor(fontPx)} px text · <kbd>F</kbd> full screen · <kbd>Z</kbd> 1:1
                  </span>
                ) : null
              }
            />
          )}
        </div>
      </div>
      {layout.sidePanel && !fullscreen && (
        <SidePanel
          idPrefix={`side-${program.id}`}
          tabs={[
            { id: 'commands', label: 'Commands', count: commandCount },
            { id: 'find', label: 'Find', count: findText && hits.length > 0 ? formatCount(hits.length) : undefined },
            { id: 'notes', label: 'Notes' },
            { id: 'details', label: 'Details' },
          ]}
          active={tab}
          onSelect={(id) => (id === 'find' ? openFind() : setTab(id as 'commands' | 'notes' | 'details'))}
        >
          {tab === 'commands' &&
            (commands.state === 'loading' ? (
              <div className="ss-side-empty faint">Loading commands…</div>
            ) : !commands.ok ? (
              <div className="ss-side-problem">
                <Problem message={`The commands could not be loaded: ${commands.error}`} onRetry={commands.reload} />
              </div>
            ) : (
              <CommandList
                timeline={timeline}
                currentItem={currentItem}
                onSeek={seek}
                onStep={step}
                idPrefix={`cmd-${program.id}`}
              />
            ))}
          {tab === 'find' && <FindPanel find={find} inputRef={findInput} onGo={goToHit} onClose={closeFind} />}
          {tab === 'notes' && (
            <NotesPanel
              session={program.session}
              program={program.id}
              positionUs={positionUs}
              command={currentCommand >= 0 ? (timeline.commands[currentCommand] ?? null) : null}
              onSeek={seek}
              onChange={notes.changed}
              caseVersion={caseVersion}
            />
          )}
          {tab === 'details' && details}
        </SidePanel>
      )}
    </div>
  );
}
