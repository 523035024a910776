import { Badge, Button, Paper, Stack, Table, Text } from '@mantine/core';
import { IconClockHour4, IconRefresh } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/clients';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { PageLoader } from '../../ui/PageLoader';
import { LoadError } from '../../ui/QueryState';
import classes from '../pages.module.css';
import { useForceOffline } from './force-offline';

/**
 * An agent's presence as presence's `/v1/presence/online` answers it (its OpenAPI document does not
 * describe the body yet, so the console states it here).
 */
interface PresenceView {
  agentId: string;
  state: 'offline' | 'online' | 'busy' | 'on-break';
  expiresAt: string | null;
  breakEndsAt?: string | null;
  reason: string | null;
  changedAt: string | null;
  expiresWhenCallEnds: boolean;
}
interface PresencePage {
  items: PresenceView[];
  total: number;
}

const ADMIN_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;
const at = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(iso));

function remaining(iso: string, now: number): string {
  const minutes = Math.max(0, Math.round((new Date(iso).getTime() - now) / 60_000));
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `${hours} h ${minutes % 60} min left` : `${minutes} min left`;
}

export default function PresencePage() {
  const online = useQuery({
    queryKey: ['presence', 'online'],
    queryFn: async () =>
      (await unwrap(
        api.presence.GET('/v1/presence/online', { params: { query: { limit: 200 } } }),
      )) as unknown as PresencePage,
    refetchInterval: 30_000,
  });
  const users = useQuery({
    queryKey: ['users', 'list', 'all'],
    queryFn: () => unwrap(api.identity.GET('/v1/users', { params: { query: { limit: 200 } } })),
  });
  const byId = new Map((users.data?.items ?? []).map((u) => [u.id, u]));
  const { ask: askForceOffline, dialog: forceOfflineDialog } = useForceOffline();
  const now = Date.now();
  const items = online.data?.items ?? [];
  return (
    <>
      <PageHeader
        title="Presence"
        description={`Agents online now and until when: in your time zone (${ADMIN_ZONE}) and in the agent’s.`}
        actions={
          <Button
            variant="light"
            leftSection={<IconRefresh size={18} aria-hidden="true" />}
            loading={online.isFetching}
            onClick={() => void online.refetch()}
          >
            Refresh
          </Button>
        }
      />
      {online.isPending ? (
        <PageLoader label="Loading presence" />
      ) : online.isError ? (
        <LoadError what="presence" error={online.error} onRetry={() => void online.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState icon={<IconClockHour4 size={28} />} title="Nobody is online">
          Agents go online by calling the number mapped to the Timed Presence flow and choosing their hours.
        </EmptyState>
      ) : (
        <Paper withBorder radius="lg" className={classes.tableCard}>
          <Table
            verticalSpacing="sm"
            horizontalSpacing="md"
            aria-label="Agents online"
            data-testid="presence-table"
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Agent</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>Online until (your time)</Table.Th>
                <Table.Th>Online until (agent’s time)</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((p) => {
                const user = byId.get(p.agentId);
                const name = user?.name ?? p.agentId;
                return (
                  <Table.Tr key={p.agentId}>
                    <Table.Td>
                      <Text component={Link} to={`/users?user=${p.agentId}`} fw={600} size="sm" c="lagoon.9">
                        {name}
                      </Text>
                      {user && (
                        <Text size="xs" c="gray.7" ff="monospace">
                          {user.extensions.map((e) => e.number).join(', ')}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Badge
                        color={
                          p.state === 'busy' ? 'orange.9' : p.state === 'on-break' ? 'grape.9' : 'lagoon'
                        }
                        variant="light"
                      >
                        {p.state === 'busy' ? 'On a call' : p.state === 'on-break' ? 'On a break' : 'Online'}
                      </Badge>
                      {p.state === 'on-break' && p.breakEndsAt && (
                        <Text size="xs" c="gray.7">
                          until{' '}
                          {new Date(p.breakEndsAt).toLocaleTimeString(undefined, {
                            hour: '2-digit',
                            minute: '2-digit',
                          })}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {p.expiresAt ? (
                        <Stack gap={0}>
                          <Text size="sm" data-testid="until-admin">
                            {at(p.expiresAt, ADMIN_ZONE)}
                          </Text>
                          <Text size="xs" c="gray.7">
                            {p.expiresWhenCallEnds
                              ? 'offline when the call ends'
                              : remaining(p.expiresAt, now)}
                          </Text>
                        </Stack>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                    <Table.Td>
                      {p.expiresAt && user ? (
                        <Stack gap={0}>
                          <Text size="sm" data-testid="until-agent">
                            {at(p.expiresAt, user.timeZone)}
                          </Text>
                          <Text size="xs" c="gray.7">
                            {user.timeZone}
                          </Text>
                        </Stack>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Button
                        size="compact-sm"
                        variant="outline"
                        color="red.9"
                        c="red.9"
                        onClick={() => askForceOffline(p.agentId, name)}
                      >
                        Force offline<span className={classes.hidden}>: {name}</span>
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      {forceOfflineDialog}
    </>
  );
}
