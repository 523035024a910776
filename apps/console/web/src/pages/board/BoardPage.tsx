import {
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconSearch } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, unwrap } from '../../api/clients';
import { messageOf } from '../../api/errors';
import { PageHeader } from '../../ui/PageHeader';
import { PageLoader } from '../../ui/PageLoader';
import { LoadError } from '../../ui/QueryState';
import pageClasses from '../pages.module.css';
import classes from './board.module.css';
import { useLivePresence } from './board-store';
import { useAllUsers } from './board-users';
import { ADMIN_ZONE, BoardRow } from './BoardRow';

const ROW_HEIGHT = 64;
type StateFilter = 'all' | 'online' | 'busy' | 'offline';
type Order = 'name' | 'recent' | 'expiry';
const byName = new Intl.Collator();

/** The wall clock in whole seconds, ticking, for the time left. */
function useSecondClock(): number {
  const [now, setNow] = useState(() => Math.floor(Date.now() / 1000) * 1000);
  useEffect(() => {
    const timer = setInterval(() => setNow(Math.floor(Date.now() / 1000) * 1000), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/**
 * Every agent of the tenant with their presence, live: identity's users joined with presence's
 * stream (a snapshot, then each change, ADR 22), filtered by state, skill and name, in a virtualised
 * list so that ten thousand agents scroll and update smoothly.
 */
export default function BoardPage() {
  const users = useAllUsers();
  const { store, version } = useLivePresence();
  const now = useSecondClock();
  const [stateFilter, setStateFilter] = useState<StateFilter>('all');
  const [skill, setSkill] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [order, setOrder] = useState<Order>('name');
  const [confirm, setConfirm] = useState<{ agentId: string; name: string } | null>(null);

  const byId = useMemo(() => new Map((users.data ?? []).map((u) => [u.id, u])), [users.data]);
  const skills = useMemo(
    () => [...new Set((users.data ?? []).flatMap((u) => u.skills.map((s) => s.name)))].sort(),
    [users.data],
  );
  // Users by name (sorted once per list), then agents with presence but no user (deleted since).
  const named = useMemo(
    () => [...(users.data ?? [])].sort((a, b) => byName.compare(a.name, b.name)).map((u) => u.id),
    [users.data],
  );
  const strangers = useMemo(() => {
    void version; // a new stranger can come with any change: a cheap pass over the keys
    const found: string[] = [];
    for (const id of store.agents.keys()) if (!byId.has(id)) found.push(id);
    return found.sort().join('\n');
  }, [byId, store, version]);
  const everyone = useMemo(
    () => (strangers ? [...named, ...strangers.split('\n')] : named),
    [named, strangers],
  );

  const matching = useMemo(() => {
    const needle = search.trim().toLocaleLowerCase();
    if (!skill && !needle) return everyone;
    return everyone.filter((id) => {
      const user = byId.get(id);
      if (skill && !user?.skills.some((s) => s.name === skill)) return false;
      return !needle || (user?.name ?? id).toLocaleLowerCase().includes(needle);
    });
  }, [everyone, byId, skill, search]);

  const inMatching = useMemo(() => (matching === everyone ? null : new Set(matching)), [matching, everyone]);
  // State filters and orders other than by name change with presence: recomputed once a frame at most.
  const shown = useMemo(() => {
    void version;
    if (stateFilter === 'all' && order === 'name') return matching;
    const stateOf = (id: string) => store.agents.get(id)?.state ?? 'offline';
    if (order === 'recent') {
      // The store keeps that order as changes come; agents who never had presence follow, by name.
      const wanted = (id: string) =>
        (!inMatching || inMatching.has(id)) && (stateFilter === 'all' || stateOf(id) === stateFilter);
      const never = stateFilter === 'all' || stateFilter === 'offline';
      return [
        ...store.recent.filter(wanted),
        ...(never ? matching.filter((id) => !store.agents.has(id)) : []),
      ];
    }
    const list = stateFilter === 'all' ? matching : matching.filter((id) => stateOf(id) === stateFilter);
    if (order === 'expiry') {
      const expiry = (id: string) => {
        const p = store.agents.get(id);
        return p && p.state !== 'offline' && p.expiresAt ? Date.parse(p.expiresAt) : Infinity;
      };
      const keyed = list.map((id) => [expiry(id), id] as const).sort((a, b) => a[0] - b[0]);
      return keyed.map(([, id]) => id);
    }
    return list;
  }, [matching, inMatching, stateFilter, order, store, version]);

  const counts = useMemo(() => {
    void version;
    const c = { online: 0, busy: 0, offline: 0 };
    for (const id of everyone) c[store.agents.get(id)?.state ?? 'offline'] += 1;
    return c;
  }, [everyone, store, version]);

  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });

  const offline = useMutation({
    mutationFn: (agentId: string) =>
      unwrap(api.presence.POST('/v1/presence/agents/{agentId}/offline', { params: { path: { agentId } } })),
    onSuccess: () => {
      setConfirm(null);
      notifications.show({ color: 'lagoon', message: 'The agent is offline.' });
    },
  });
  const askForceOffline = useCallback((agentId: string, name: string) => {
    offline.reset();
    setConfirm({ agentId, name });
  }, []);

  const status = store.status;
  return (
    <>
      <PageHeader
        title="Presence board"
        description={`Every agent, live: who is online, until when (in your time zone, ${ADMIN_ZONE}, and in the agent’s), and why it last changed.`}
        actions={
          <Badge
            size="lg"
            variant="dot"
            color={status === 'live' ? 'lagoon' : 'orange.9'}
            role="status"
            data-testid="feed-status"
          >
            {status === 'live' ? 'Live' : status === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
          </Badge>
        }
      />
      {users.isPending ? (
        <PageLoader label="Loading the agents" />
      ) : users.isError ? (
        <LoadError what="agents" error={users.error} onRetry={() => void users.refetch()} />
      ) : (
        <Stack gap="md">
          <Group gap="md" align="flex-end" wrap="wrap">
            <SegmentedControl
              aria-label="State"
              value={stateFilter}
              onChange={(v) => setStateFilter(v)}
              data={[
                { value: 'all', label: `All (${everyone.length})` },
                { value: 'online', label: `Online (${counts.online})` },
                { value: 'busy', label: `On a call (${counts.busy})` },
                { value: 'offline', label: `Offline (${counts.offline})` },
              ]}
            />
            <Select
              label="Skill"
              placeholder="Any skill"
              data={skills}
              value={skill}
              onChange={setSkill}
              clearable
              searchable
              w={200}
            />
            <TextInput
              label="Name"
              placeholder="Find an agent"
              leftSection={<IconSearch size={16} aria-hidden="true" />}
              value={search}
              onChange={(e) => setSearch(e.currentTarget.value)}
              w={220}
            />
            <Select
              label="Order"
              data={[
                { value: 'name', label: 'By name' },
                { value: 'recent', label: 'Latest change first' },
                { value: 'expiry', label: 'Soonest end first' },
              ]}
              value={order}
              onChange={(v) => setOrder(v ?? 'name')}
              allowDeselect={false}
              w={200}
            />
          </Group>
          <Paper withBorder radius="lg" className={`${pageClasses.tableCard} ${classes.grid}`}>
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
                      const id = shown[item.index];
                      return (
                        <BoardRow
                          key={id}
                          agentId={id}
                          user={byId.get(id)}
                          presence={store.agents.get(id)}
                          now={now}
                          top={item.start}
                          height={item.size}
                          onForceOffline={askForceOffline}
                        />
                      );
                    })}
                  </div>
                )}
              </div>
            </div>
          </Paper>
        </Stack>
      )}
      <Modal opened={confirm !== null} onClose={() => setConfirm(null)} title="Set this agent offline?">
        <Stack gap="md">
          <Text size="sm">
            {confirm?.name} stops receiving calls now. They can go online again by calling in.
          </Text>
          {offline.isError && (
            <Text size="sm" c="red.9" role="alert">
              {messageOf(offline.error)}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirm(null)}>
              Cancel
            </Button>
            <Button
              color="red.9"
              loading={offline.isPending}
              onClick={() => confirm && offline.mutate(confirm.agentId)}
            >
              Force offline
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
