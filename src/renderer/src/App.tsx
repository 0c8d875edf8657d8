import { useEffect, type ReactNode } from 'react';
import type { CaseInfo } from '../../shared/views';
import { api } from './api/client';
import { useResult, valueOf } from './api/use-result';
import { useJobs } from './jobs/jobs-context';
import { setShownCase } from './api/shown-case';
import { useRoute, type Route } from './router';
import { CaseScreen } from './screens/case/CaseScreen';
import { ImportScreen } from './screens/import/ImportScreen';
import { KeysScreen } from './screens/keys/KeysScreen';
import { SearchScreen } from './screens/search/SearchScreen';
import { SessionScreen } from './screens/session/SessionScreen';
import { StartScreen } from './screens/start/StartScreen';
import { TimelineScreen } from './screens/timeline/TimelineScreen';
import { Sidebar } from './shell/Sidebar';
import { Topbar } from './shell/Topbar';
import { useLayoutPrefs } from './ui/layout-prefs';
import { useZoneChoice } from './ui/time-zone';
import { useGlobalShortcuts } from './shell/use-global-shortcuts';

const NO_HIGHLIGHT: readonly string[] = [];

export function App(): ReactNode {
  const route = useRoute();
  const { caseVersion } = useJobs();
  const caseInfo = useResult(api.caseInfo, [caseVersion]);
  const info = valueOf(caseInfo);
  useGlobalShortcuts();
  const zone = useZoneChoice();
  // A replay may take the sidebar's width too (hidden from the session screen, remembered).
  const layout = useLayoutPrefs();
  const noSidebar = route.screen === 'session' && !layout.sidebar;

  // The case the top bar shows is the case every write names (issue 10).
  setShownCase(info?.path ?? null);

  useEffect(() => {
    document.title = info ? `${info.name} — sshlens` : 'sshlens';
  }, [info]);

  return (
    <div className={`shell${noSidebar ? ' shell-no-sidebar' : ''}`}>
      {!noSidebar && <Sidebar route={route} />}
      <div className="shell-main">
        <Topbar caseInfo={caseInfo} />
        {/* A new zone draws the screen again: every time on it is formatted in the zone chosen. */}
        <main className="screen" key={`${screenKey(route)}|${zone}`}>
          {renderScreen(route, caseVersion, info)}
        </main>
      </div>
    </div>
  );
}

function renderScreen(route: Route, caseVersion: number, info: CaseInfo | undefined): ReactNode {
  switch (route.screen) {
    case 'start':
      return <StartScreen caseInfo={info} />;
    case 'timeline':
      return <TimelineScreen caseVersion={caseVersion} />;
    case 'search':
      return <SearchScreen query={route.query} caseVersion={caseVersion} />;
    case 'import':
      return <ImportScreen />;
    case 'keys':
      return <KeysScreen />;
    case 'case':
      return <CaseScreen caseVersion={caseVersion} />;
    case 'session':
      return (
        <SessionScreen
          session={route.session}
          program={route.program}
          atUs={route.atUs}
          highlight={route.highlight ?? NO_HIGHLIGHT}
          caseVersion={caseVersion}
        />
      );
  }
}

/** A new screen instance per screen (and per session), so state never leaks from one to the next. */
function screenKey(route: Route): string {
  return route.screen === 'session' ? `session:${route.session}` : route.screen;
}
