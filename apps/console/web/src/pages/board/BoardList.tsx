import { Badge, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useId, useMemo, useRef, type CSSProperties } from 'react';
import type { User } from '../../api/types';
import pageClasses from '../pages.module.css';
import classes from './board.module.css';
import { useStoreValue, useThrottledStoreValue, type BoardStore } from './board-store';
import { BoardRow } from './BoardRow';

const ROW_HEIGHT = 64;
/** How often at most the state filter's counts follow a busy feed. */
const COUNTS_EVERY_MS = 250;
export type StateFilter = 'all' | 'online' | 'busy' | 'on-break' | 'offline';
export type Order = 'name' | 'recent' | 'expiry';

/** The feed's state; re-renders only when it changes. */
export function FeedBadge({ store }: { store: BoardStore }) {
  const status = useStoreValue(store, (s) => s.status);
  return (
    <Badge
      size="lg"
      variant="dot"
      color={status === 'live' ? 'lagoon' : 'orange.9'}
      role="status"
      data-testid="feed-status"
    >
      {status === 'live' ? 'Live' : status === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
    </Badge>
  );
}

const FILTERS: { value: StateFilter; label: string; width: string }[] = [
  { value: 'all', label: 'All', width: '7em' },
  { value: 'online', label: 'Online', width: '8.5em' },
  { value: 'busy', label: 'On a call', width: '10em' },
  { value: 'on-break', label: 'On a break', width: '10.5em' },
  { value: 'offline', label: 'Offline', width: '8.5em' },
];

/**
 * The state filter with the count per state, which the store keeps change by change: a radio group
 * of fixed-width segments (a count changing lays out nothing else), re-rendered at most every
 * COUNTS_EVERY_MS under a busy feed rather than every frame.
 */
export function StateControl(props: {
  store: BoardStore;
  total: number;
  value: StateFilter;
  onChange: (value: StateFilter) => void;
}) {
  const { store, total } = props;
  const name = useId();
  const counts = useThrottledStoreValue(
    store,
    (s) => `${s.counts.online} ${s.counts.busy} ${s.counts['on-break']}`,
    COUNTS_EVERY_MS,
  );
  const [online, busy, onBreak] = counts.split(' ').map(Number);
  // Every agent with presence is among `total` (a user or a stranger); the others are offline.
  const count: Record<StateFilter, number> = {
    all: total,
    online,
    busy,
    'on-break': onBreak,
    offline: total - online - busy - onBreak,
  };
  return (
    <div role="radiogroup" aria-label="State" className={classes.segments}>
      {FILTERS.map(({ value, label, width }) => (
        <label key={value} className={classes.segment} style={{ '--segment-width': width } as CSSProperties}>
          <input
            type="radio"
            name={name}
            value={value}
            checked={props.value === value}
            onChange={() => props.onChange(value)}
          />
          {`${label} (${count[value]})`}
        </label>
      ))}
    </div>
  );
}

/** The ids in view order, without copying 10,000 ids a frame where the store already keeps the order. */
interface View {
  length: number;
  at(index: number): string;
}
const listView = (ids: string[]): View => ({ length: ids.length, at: (i) => ids[i] });

interface BoardListProps {
  store: BoardStore;
  everyone: string[];
  matching: string[];
  stateFilter: StateFilter;
  order: Order;
  byId: Map<string, User>;
  onForceOffline: (agentId: string, name: string) => void;
}

/**
 * The virtualised rows. By name and without a state filter the order never changes with presence, so
 * this renders only when the list or the filters change (each row follows its own agent); otherwise
 * it renders once a frame at most while presence changes.
 */
export function BoardList({
  store,
  everyone,
  matching,
  stateFilter,
  order,
  byId,
  onForceOffline,
}: BoardListProps) {
  const moving = stateFilter !== 'all' || order !== 'name';
  const version = useStoreValue(store, (s) => (moving ? s.version : 0));
  const members = useStoreValue(store, (s) => (order === 'recent' ? s.membersVersion : 0));
  const inMatching = useMemo(() => (matching === everyone ? null : new Set(matching)), [matching, everyone]);
  // Agents who never had presence, after those who did in "latest change first": changes only with membership.
  const withoutPresence = useMemo(() => {
    void members;
    return order === 'recent' ? matching.filter((id) => !store.agents.has(id)) : [];
  }, [order, matching, store, members]);

  const shown = useMemo((): View => {
    void version;
    if (!moving) return listView(matching);
    const stateOf = (id: string) => store.agents.get(id)?.state ?? 'offline';
    if (order === 'recent') {
      const recent = store.recent;
      if (stateFilter === 'all' && !inMatching) {
        return {
          length: recent.length + withoutPresence.length,
          at: (i) => (i < recent.length ? recent[i] : withoutPresence[i - recent.length]),
        };
      }
      const wanted = (id: string) =>
        (!inMatching || inMatching.has(id)) && (stateFilter === 'all' || stateOf(id) === stateFilter);
      const never = stateFilter === 'all' || stateFilter === 'offline';
      return listView([...recent.filter(wanted), ...(never ? withoutPresence : [])]);
    }
    const list = stateFilter === 'all' ? matching : matching.filter((id) => stateOf(id) === stateFilter);
    if (order === 'expiry') {
      const expiry = (id: string) => {
        const p = store.agents.get(id);
        return p && p.state !== 'offline' && p.expiresAt ? Date.parse(p.expiresAt) : Infinity;
      };
      const keyed = list.map((id) => [expiry(id), id] as const).sort((a, b) => a[0] - b[0]);
      return listView(keyed.map(([, id]) => id));
    }
    return listView(list);
  }, [moving, matching, inMatching, withoutPresence, stateFilter, order, store, version]);

  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });

  return (
    <div role="table" aria-label="Presence board" aria-rowcount={shown.length + 1}>
      <div role="rowgroup">
        <div role="row" className={classes.header}>
          <div role="columnheader">Agent</div>
          <div role="columnheader">State</div>
          <div role="columnheader">Online until (your time)</div>
          <div role="columnheader">Online until (agent’s time)</div>
          <div role="columnheader">Time left</div>
          <div role="columnheader">Last change</div>
          <div role="columnheader">Seq.</div>
          <div role="columnheader">
            <span className={pageClasses.hidden}>Actions</span>
          </div>
        </div>
      </div>
      <div ref={scroller} className={classes.scroller} data-testid="board-scroller">
        {shown.length === 0 ? (
          <Text c="gray.7" p="md">
            No agent matches these filters.
          </Text>
        ) : (
          <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const id = shown.at(item.index);
              return (
                <BoardRow
                  key={id}
                  store={store}
                  agentId={id}
                  user={byId.get(id)}
                  top={item.start}
                  height={item.size}
                  onForceOffline={onForceOffline}
                />
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
