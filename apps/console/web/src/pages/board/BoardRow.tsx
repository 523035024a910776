import { memo, type CSSProperties } from 'react';
import type { User } from '../../api/types';
import pageClasses from '../pages.module.css';
import classes from './board.module.css';
import { useAgentPresence, type BoardStore } from './board-store';
import type { BoardPresence } from './presence-feed';
import { TimeLeft } from './TimeLeft';

export const ADMIN_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

const formats = new Map<string, Intl.DateTimeFormat>();
/** An instant as a date and time in a zone, e.g. "Mon, Dec 7, 09:30 PM GMT+5:30" (formatters cached per zone). */
export function at(iso: string, timeZone: string): string {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat(undefined, {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      timeZone,
      timeZoneName: 'short',
    });
    formats.set(timeZone, format);
  }
  return format.format(new Date(iso));
}

export const REASONS: Record<string, string> = {
  login: 'Logged in by phone',
  changed: 'Hours changed',
  'agent-logoff': 'Logged off',
  expired: 'Hours ran out',
  unreachable: 'Unreachable',
  admin: 'Set by an admin',
  'call-started': 'Call started',
  'call-ended': 'Call ended',
  'break-started': 'Break started',
  'break-ended': 'Break ended',
};

/**
 * Each presence state's label and badge colours (as Mantine's light badge in that colour): the one
 * place to extend when a state is added.
 */
export const STATES: Record<BoardPresence['state'], { label: string; background: string; color: string }> = {
  online: {
    label: 'Online',
    background: 'var(--mantine-color-lagoon-light)',
    color: 'var(--mantine-color-lagoon-light-color)',
  },
  busy: {
    label: 'On a call',
    background: 'var(--mantine-color-orange-9)',
    color: 'var(--mantine-color-orange-light-color)',
  },
  'on-break': {
    label: 'On a break',
    background: 'var(--mantine-color-grape-light)',
    color: 'var(--mantine-color-grape-light-color)',
  },
  offline: {
    label: 'Offline',
    background: 'var(--mantine-color-gray-light)',
    color: 'var(--mantine-color-gray-light-color)',
  },
};

/** "15:30": the end of a break, in the admin's zone (a break is at most two hours). */
const breakEnd = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

export interface BoardRowProps {
  store: BoardStore;
  agentId: string;
  user: User | undefined;
  top: number;
  height: number;
  onForceOffline: (agentId: string, name: string) => void;
}

/**
 * One agent on the board: a row of the ARIA grid, placed by the virtualiser. It follows its own
 * agent's presence (one event re-renders this row only); a move (`top`) re-renders the row's box,
 * not its cells.
 */
export const BoardRow = memo(function BoardRow({
  store,
  agentId,
  user,
  top,
  height,
  onForceOffline,
}: BoardRowProps) {
  const presence = useAgentPresence(store, agentId);
  const state = presence?.state ?? 'offline';
  return (
    <div
      role="row"
      className={classes.row}
      style={{ transform: `translateY(${top}px)`, height }}
      data-agent-id={agentId}
      data-sequence={presence?.sequence ?? 0}
      data-state={state}
    >
      <RowCells agentId={agentId} user={user} presence={presence} onForceOffline={onForceOffline} />
    </div>
  );
});

interface RowCellsProps {
  agentId: string;
  user: User | undefined;
  presence: BoardPresence | undefined;
  onForceOffline: (agentId: string, name: string) => void;
}

/**
 * The cells, in plain elements styled by `board.module.css` (no Mantine components: a row mounts
 * every time an agent enters the view, which in "latest change first" is every change).
 */
const RowCells = memo(function RowCells({ agentId, user, presence, onForceOffline }: RowCellsProps) {
  const state = presence?.state ?? 'offline';
  const name = user?.name ?? agentId;
  const until = state !== 'offline' ? (presence?.expiresAt ?? null) : null;
  const { label, background, color } = STATES[state];
  return (
    <>
      <div role="cell" className={classes.cell}>
        <div className={classes.name}>{name}</div>
        <div className={classes.detail}>
          {user ? user.extensions.map((e) => e.number).join(', ') || user.email : 'not a user any more'}
        </div>
      </div>
      <div role="cell" className={classes.cell}>
        <span
          className={classes.badge}
          style={{ '--badge-bg': background, '--badge-color': color } as CSSProperties}
          data-testid="state"
        >
          {label}
        </span>
        {state === 'on-break' && presence?.breakEndsAt && (
          <div className={classes.zone} data-testid="break-ends">
            until {breakEnd.format(new Date(presence.breakEndsAt))}
          </div>
        )}
      </div>
      <div role="cell" className={classes.cell} data-testid="until-admin">
        {until ? at(until, ADMIN_ZONE) : '—'}
      </div>
      <div role="cell" className={classes.cell}>
        {until && user ? (
          <>
            <div data-testid="until-agent">{at(until, user.timeZone)}</div>
            <div className={classes.zone}>{user.timeZone}</div>
          </>
        ) : (
          '—'
        )}
      </div>
      <div role="cell" className={classes.cell} data-testid="time-left">
        {until ? <TimeLeft until={until} /> : '—'}
      </div>
      <div role="cell" className={classes.cell} data-testid="reason">
        {presence?.reason ? (REASONS[presence.reason] ?? presence.reason) : '—'}
      </div>
      <div role="cell" className={`${classes.cell} ${classes.mono}`} data-testid="sequence">
        {presence?.sequence ?? 0}
      </div>
      <div role="cell" className={classes.cell}>
        {state !== 'offline' && (
          <button
            type="button"
            className={classes.forceOffline}
            onClick={() => onForceOffline(agentId, name)}
          >
            Force offline<span className={pageClasses.hidden}>: {name}</span>
          </button>
        )}
      </div>
    </>
  );
});
