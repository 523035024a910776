import { Badge, Button, Stack, Text } from '@mantine/core';
import { memo } from 'react';
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

const STATE_LABEL = {
  online: 'Online',
  busy: 'On a call',
  'on-break': 'On a break',
  offline: 'Offline',
} as const;
const STATE_COLOR = { online: 'lagoon', busy: 'orange.9', 'on-break': 'grape.9', offline: 'gray' } as const;

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

const RowCells = memo(function RowCells({ agentId, user, presence, onForceOffline }: RowCellsProps) {
  const state = presence?.state ?? 'offline';
  const name = user?.name ?? agentId;
  const until = state !== 'offline' ? (presence?.expiresAt ?? null) : null;
  return (
    <>
      <div role="cell" className={classes.cell}>
        <Text fw={600} size="sm" truncate>
          {name}
        </Text>
        <Text size="xs" c="gray.7" ff="monospace" truncate>
          {user ? user.extensions.map((e) => e.number).join(', ') || user.email : 'not a user any more'}
        </Text>
      </div>
      <div role="cell" className={classes.cell}>
        <Badge color={STATE_COLOR[state]} variant="light" data-testid="state">
          {STATE_LABEL[state]}
        </Badge>
        {state === 'on-break' && presence?.breakEndsAt && (
          <Text size="xs" c="gray.7" data-testid="break-ends">
            until {breakEnd.format(new Date(presence.breakEndsAt))}
          </Text>
        )}
      </div>
      <div role="cell" className={classes.cell} data-testid="until-admin">
        {until ? <Text size="sm">{at(until, ADMIN_ZONE)}</Text> : '—'}
      </div>
      <div role="cell" className={classes.cell}>
        {until && user ? (
          <Stack gap={0}>
            <Text size="sm" data-testid="until-agent">
              {at(until, user.timeZone)}
            </Text>
            <Text size="xs" c="gray.7">
              {user.timeZone}
            </Text>
          </Stack>
        ) : (
          '—'
        )}
      </div>
      <div role="cell" className={classes.cell} data-testid="time-left">
        {until ? <TimeLeft until={until} /> : '—'}
      </div>
      <div role="cell" className={classes.cell} data-testid="reason">
        <Text size="sm">{presence?.reason ? (REASONS[presence.reason] ?? presence.reason) : '—'}</Text>
      </div>
      <div role="cell" className={classes.cell} data-testid="sequence">
        <Text size="sm" ff="monospace">
          {presence?.sequence ?? 0}
        </Text>
      </div>
      <div role="cell" className={classes.cell}>
        {state !== 'offline' && (
          <Button
            size="compact-sm"
            variant="outline"
            color="red.9"
            c="red.9"
            onClick={() => onForceOffline(agentId, name)}
          >
            Force offline<span className={pageClasses.hidden}>: {name}</span>
          </Button>
        )}
      </div>
    </>
  );
});
