import type { SessionWhoWhen } from '../../shared/model';
import { isoFromUs } from './stored-time';

/** The columns of `sessions` behind SessionWhoWhen, as SQL gives them. */
export interface SessionWhoWhenRow {
  user_email: string | null;
  username: string | null;
  target_id: string | null;
  client_address: string | null;
  server_address: string | null;
  started_at_us: number | null;
  finished_at_us: number | null;
}

/** Who, to where, and when, as every list of sessions gives it (the session list, the timeline's pages). */
export function sessionWhoWhen(r: SessionWhoWhenRow): SessionWhoWhen {
  return {
    userEmail: r.user_email,
    username: r.username,
    targetId: r.target_id,
    clientAddress: r.client_address,
    serverAddress: r.server_address,
    start: isoFromUs(r.started_at_us),
    end: isoFromUs(r.finished_at_us),
  };
}
