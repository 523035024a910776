import { Group, Paper, Select, Stack, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { PageHeader } from '../../ui/PageHeader';
import { PageLoader } from '../../ui/PageLoader';
import { LoadError } from '../../ui/QueryState';
import pageClasses from '../pages.module.css';
import classes from './board.module.css';
import { useLivePresence, useStoreValue } from './board-store';
import { BoardList, FeedBadge, StateControl, type Order, type StateFilter } from './BoardList';
import { useAllUsers } from './board-users';
import { ADMIN_ZONE } from './BoardRow';
import { useForceOffline } from '../presence/force-offline';

const byName = new Intl.Collator();

/**
 * Every agent of the tenant with their presence, live: identity's users joined with presence's
 * stream (a snapshot, then each change, ADR 22), filtered by state, skill and name, in a virtualised
 * list so that ten thousand agents scroll and update smoothly.
 */
export default function BoardPage() {
  const users = useAllUsers();
  const store = useLivePresence();
  const [stateFilter, setStateFilter] = useState<StateFilter>('all');
  const [skill, setSkill] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [order, setOrder] = useState<Order>('name');

  const byId = useMemo(() => new Map((users.data ?? []).map((u) => [u.id, u])), [users.data]);
  useEffect(() => store.setUsers(new Set(byId.keys())), [store, byId]);
  const skills = useMemo(
    () => [...new Set((users.data ?? []).flatMap((u) => u.skills.map((s) => s.name)))].sort(),
    [users.data],
  );
  // Users by name (sorted once per list), then agents with presence but no user (deleted since),
  // which the store keeps as changes come: this re-renders only when that set changes.
  const named = useMemo(
    () => [...(users.data ?? [])].sort((a, b) => byName.compare(a.name, b.name)).map((u) => u.id),
    [users.data],
  );
  const strangersVersion = useStoreValue(store, (s) => s.strangersVersion);
  const everyone = useMemo(() => {
    void strangersVersion;
    return store.strangers.size ? [...named, ...[...store.strangers].sort()] : named;
  }, [named, store, strangersVersion]);

  const matching = useMemo(() => {
    const needle = search.trim().toLocaleLowerCase();
    if (!skill && !needle) return everyone;
    return everyone.filter((id) => {
      const user = byId.get(id);
      if (skill && !user?.skills.some((s) => s.name === skill)) return false;
      return !needle || (user?.name ?? id).toLocaleLowerCase().includes(needle);
    });
  }, [everyone, byId, skill, search]);

  const { ask: askForceOffline, dialog: forceOfflineDialog } = useForceOffline();

  return (
    <>
      <PageHeader
        title="Presence board"
        description={`Every agent, live: who is online, until when (in your time zone, ${ADMIN_ZONE}, and in the agent’s), and why it last changed.`}
        actions={<FeedBadge store={store} />}
      />
      {users.isPending ? (
        <PageLoader label="Loading the agents" />
      ) : users.isError ? (
        <LoadError what="agents" error={users.error} onRetry={() => void users.refetch()} />
      ) : (
        <Stack gap="md">
          <Group gap="md" align="flex-end" wrap="wrap">
            <StateControl
              store={store}
              total={everyone.length}
              value={stateFilter}
              onChange={setStateFilter}
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
            <BoardList
              store={store}
              everyone={everyone}
              matching={matching}
              stateFilter={stateFilter}
              order={order}
              byId={byId}
              onForceOffline={askForceOffline}
            />
          </Paper>
        </Stack>
      )}
      {forceOfflineDialog}
    </>
  );
}
