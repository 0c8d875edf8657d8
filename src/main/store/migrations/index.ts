import type { Migration } from './migration';
import { migration001 } from './001-initial';
import { migration002 } from './002-commands';
import { migration003 } from './003-command-parent-index';
import { migration004 } from './004-terminal-snapshots';
import { migration005 } from './005-timeline-indexes';
import { migration006 } from './006-audit-log';
import { migration007 } from './007-session-program-types';
import { migration008 } from './008-case-fields';
import { migration009 } from './009-annotations';
import { migration010 } from './010-provenance';
import { migration011 } from './011-lane-indexes';
import { migration012 } from './012-compressed-chunks';
import { migration013 } from './013-output-trigrams-without-positions';
import { migration014 } from './014-notes';
import { migration015 } from './015-output-heads';
import { migration016 } from './016-output-pieces';
import { migration017 } from './017-session-flags-and-facets';
import { migration018 } from './018-session-flag-indexes';
import { migration019 } from './019-session-hours';
import { migration020 } from './020-covering-user-lanes';
import { migration021 } from './021-cheaper-timeline-upkeep';
import { migration022 } from './022-commands-exit-index';

/** Every schema version, in order. Append; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
  migration009,
  migration010,
  migration011,
  migration012,
  migration013,
  migration014,
  migration015,
  migration016,
  migration017,
  migration018,
  migration019,
  migration020,
  migration021,
  migration022,
];
