import { Badge, Button, Stack, Text } from '@mantine/core';
import { memo } from 'react';
import type { User } from '../../api/types';
import pageClasses from '../pages.module.css';
import classes from './board.module.css';
import type { BoardPresence } from './presence-feed';

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

/** Time left until an instant, to the second: "7 h 59 min 58 s". */
export function timeLeft(iso: string, now: number): string {
  const seconds = Math.max(0, Math.floor((Date.parse(iso) - now) / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h} h ${m} min ${s} s` : m > 0 ? `${m} min ${s} s` : `${s} s`;
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
};

const STATE_LABEL = { online: 'Online', busy: 'On a call', offline: 'Offline' } as const;
const STATE_COLOR = { online: 'lagoon', busy: 'orange.9', offline: 'gray' } as const;

export interface BoardRowProps {
  agentId: string;
  user: User | undefined;
  presence: BoardPresence | undefined;
  /** Whole seconds, for the ticking time left (only rows with an expiry use it). */
  now: number;
  top: number;
  height: number;
  onForceOffline: (agentId: string, name: string) => void;
}

/** One agent on the board: a row of the ARIA grid, placed by the virtualiser. */
export const BoardRow = memo(function BoardRow({
  agentId,
  user,
  presence,
  now,
  top,
  height,
  onForceOffline,
}: BoardRowProps) {
  const state = presence?.state ?? 'offline';
  const name = user?.name ?? agentId;
  const until = state !== 'offline' ? (presence?.expiresAt ?? null) : null;
  return (
    <div
      role="row"
      className={classes.row}
      style={{ transform: `translateY(${top}px)`, height }}
      data-agent-id={agentId}
      data-sequence={presence?.sequence ?? 0}
      data-state={state}
    >
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
        {until ? timeLeft(until, now) : '—'}
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
    </div>
  );
});
