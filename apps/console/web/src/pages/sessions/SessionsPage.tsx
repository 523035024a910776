import { Badge, Button, Group, Paper, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconHistory } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/clients';
import { messageOf } from '../../api/errors';
import type { paths } from '../../api/presence';
import { session } from '../../auth/session';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { PageLoader } from '../../ui/PageLoader';
import { LoadError } from '../../ui/QueryState';
import { useAllUsers } from '../board/board-users';
import classes from '../pages.module.css';

type SessionsQuery = NonNullable<paths['/v1/presence/sessions']['get']['parameters']['query']>;
type SessionsPage = paths['/v1/presence/sessions']['get']['responses'][200]['content']['application/json'];
type Session = SessionsPage['items'][number];

const VIA: Record<string, string> = {
  'ivr-preset': 'IVR preset',
  'ivr-custom-hours': 'IVR custom hours',
  'ivr-until-time': 'IVR until a time',
  sms: 'SMS',
  admin: 'Admin',
};

const when = (iso: string | null) =>
  iso === null
    ? '—'
    : new Intl.DateTimeFormat(undefined, {
        day: 'numeric',
        month: 'short',
        hour: '2-digit',
        minute: '2-digit',
      }).format(new Date(iso));

const duration = (seconds: number) => {
  const minutes = Math.round(seconds / 60);
  return minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
};

/** A day typed in the date field (the admin's zone) as the instant it starts; `next` for the day after. */
const dayStart = (day: string, next = false) => {
  if (day === '') return undefined;
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d + (next ? 1 : 0)).toISOString();
};

/** Session records: a filter by agent and days, pages of 50, and the same sessions as a CSV file. */
export default function SessionsPage() {
  const users = useAllUsers();
  const [agentId, setAgentId] = useState<string | null>(null);
  const [fromDay, setFromDay] = useState('');
  const [toDay, setToDay] = useState('');
  const filter: SessionsQuery = {
    ...(agentId ? { agentId } : {}),
    ...(fromDay ? { from: dayStart(fromDay) } : {}),
    ...(toDay ? { to: dayStart(toDay, true) } : {}),
  };
  const sessions = useInfiniteQuery({
    queryKey: ['presence', 'sessions', filter],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.presence.GET('/v1/presence/sessions', {
          params: { query: { ...filter, limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const nameOf = (id: string) => users.data?.find((u) => u.id === id)?.name ?? id;
  const [downloading, setDownloading] = useState(false);

  async function download() {
    setDownloading(true);
    try {
      const query = new URLSearchParams({ ...(filter as Record<string, string>), format: 'csv' });
      const response = await fetch(`${location.origin}/api/presence/v1/presence/sessions?${query}`, {
        headers: { authorization: `Bearer ${session.token() ?? ''}` },
      });
      if (!response.ok) throw new Error(`the download failed (${response.status})`);
      const url = URL.createObjectURL(await response.blob());
      const link = Object.assign(document.createElement('a'), { href: url, download: 'sessions.csv' });
      link.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      notifications.show({ color: 'red', title: 'No CSV', message: messageOf(error) });
    } finally {
      setDownloading(false);
    }
  }

  const rows = sessions.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <PageHeader
        title="Sessions"
        description="Each timed session of an agent, from going online to going offline: how it started, the planned and actual end, breaks, the calls offered and the talk time."
        actions={
          <Button
            leftSection={<IconDownload size={16} />}
            loading={downloading}
            onClick={() => void download()}
          >
            Download CSV
          </Button>
        }
      />
      <Stack gap="md">
        <Group align="flex-end">
          <Select
            label="Agent"
            placeholder="All agents"
            data={(users.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
            value={agentId}
            onChange={setAgentId}
            searchable
            clearable
            w={280}
          />
          <TextInput
            label="From"
            type="date"
            value={fromDay}
            onChange={(e) => setFromDay(e.currentTarget.value)}
          />
          <TextInput label="To" type="date" value={toDay} onChange={(e) => setToDay(e.currentTarget.value)} />
        </Group>
        {sessions.isPending ? (
          <PageLoader label="Loading sessions" />
        ) : sessions.isError ? (
          <LoadError what="sessions" error={sessions.error} onRetry={() => void sessions.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState icon={<IconHistory size={28} />} title="No sessions">
            A session appears here once an agent goes online, by calling in or set by an admin.
          </EmptyState>
        ) : (
          <Paper withBorder radius="lg" bg="white" className={classes.tableCard}>
            <Table striped highlightOnHover aria-label="Sessions">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Agent</Table.Th>
                  <Table.Th>Started</Table.Th>
                  <Table.Th>How</Table.Th>
                  <Table.Th>Planned end</Table.Th>
                  <Table.Th>Ended</Table.Th>
                  <Table.Th>Breaks</Table.Th>
                  <Table.Th>Offers (accepted / missed)</Table.Th>
                  <Table.Th>Talk time</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((s) => (
                  <SessionRow key={s.sessionId} session={s} name={nameOf(s.agentId)} />
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        )}
        {sessions.hasNextPage && (
          <Group justify="center">
            <Button
              variant="default"
              loading={sessions.isFetchingNextPage}
              onClick={() => void sessions.fetchNextPage()}
            >
              More sessions
            </Button>
          </Group>
        )}
      </Stack>
    </>
  );
}

function SessionRow({ session: s, name }: { session: Session; name: string }) {
  const missed = Object.entries(s.offers.missedByReason)
    .map(([reason, n]) => `${reason} ${n}`)
    .join(', ');
  return (
    <Table.Tr>
      <Table.Td>{name}</Table.Td>
      <Table.Td>{when(s.startedAt)}</Table.Td>
      <Table.Td>{s.via ? VIA[s.via] : '—'}</Table.Td>
      <Table.Td>{when(s.plannedEndAt)}</Table.Td>
      <Table.Td>
        {s.endedAt === null ? (
          <Badge color="lagoon" variant="light">
            online
          </Badge>
        ) : (
          <Text size="sm">
            {when(s.endedAt)} ({s.endReason})
          </Text>
        )}
      </Table.Td>
      <Table.Td>{s.breaks.count === 0 ? '—' : `${s.breaks.count} (${duration(s.breaks.seconds)})`}</Table.Td>
      <Table.Td title={missed || undefined}>
        {s.offers.made} ({s.offers.accepted} / {s.offers.missed})
      </Table.Td>
      <Table.Td>{duration(s.talkSeconds)}</Table.Td>
    </Table.Tr>
  );
}
