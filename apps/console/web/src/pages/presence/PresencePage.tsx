import { Badge, Button, Group, Modal, Paper, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconClockHour4, IconRefresh } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/clients';
import { messageOf } from '../../api/errors';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { PageLoader } from '../../ui/PageLoader';
import { LoadError } from '../../ui/QueryState';
import classes from '../pages.module.css';

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
  const client = useQueryClient();
  const [confirm, setConfirm] = useState<{ agentId: string; name: string } | null>(null);
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
  const offline = useMutation({
    mutationFn: (agentId: string) =>
      unwrap(api.presence.POST('/v1/presence/agents/{agentId}/offline', { params: { path: { agentId } } })),
    onSuccess: () => {
      setConfirm(null);
      void client.invalidateQueries({ queryKey: ['presence'] });
      notifications.show({ color: 'lagoon', message: 'The agent is offline.' });
    },
  });
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
                        onClick={() => setConfirm({ agentId: p.agentId, name })}
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
