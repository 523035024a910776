import { Alert, Badge, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useInterval } from '@mantine/hooks';
import { IconPhoneIncoming } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/clients';
import { messageOf } from '../../api/errors';
import type { paths } from '../../api/dispatch';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { PageLoader } from '../../ui/PageLoader';
import { LoadError } from '../../ui/QueryState';
import classes from '../pages.module.css';

type QueueBoard = paths['/v1/routing/queues']['get']['responses'][200]['content']['application/json'];
type Queue = QueueBoard['queues'][number];

/** How often the board is read again (ADR 23: polling, not a stream). */
export const QUEUE_BOARD_REFRESH_MS = 2000;

/** `m:ss`, or `h:mm:ss` from an hour. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60));
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm.padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

const clockTime = (iso: string) =>
  new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(
    new Date(iso),
  );

/** Seconds since the board was read, ticking every second between reads. */
function useSecondsSince(at: number): number {
  const [now, setNow] = useState(() => Date.now());
  useInterval(() => setNow(Date.now()), 1000, { autoInvoke: true });
  return Math.max(0, (now - at) / 1000);
}

export default function QueuesPage() {
  const board = useQuery({
    queryKey: ['routing', 'queues'],
    queryFn: () => unwrap(api.dispatch.GET('/v1/routing/queues')),
    refetchInterval: QUEUE_BOARD_REFRESH_MS,
  });
  const users = useQuery({
    queryKey: ['users', 'list', 'all'],
    queryFn: () => unwrap(api.identity.GET('/v1/users', { params: { query: { limit: 200 } } })),
  });
  const names = new Map((users.data?.items ?? []).map((u) => [u.id, u.name]));
  const since = useSecondsSince(board.dataUpdatedAt);
  const queues = board.data?.queues ?? [];
  return (
    <>
      <PageHeader
        title="Queues"
        description={`Customer calls waiting for an agent, per queue (the skills a flow’s Queue node asks for), the offers ringing at agents’ phones, and how waits ended in the last ${board.data?.periodMinutes ?? 60} minutes. Live: read again every ${QUEUE_BOARD_REFRESH_MS / 1000} s.`}
      />
      {board.isPending ? (
        <PageLoader label="Loading queues" />
      ) : board.isError && !board.data ? (
        <LoadError what="queues" error={board.error} onRetry={() => void board.refetch()} />
      ) : queues.length === 0 ? (
        <EmptyState icon={<IconPhoneIncoming size={28} />} title="No calls waiting">
          No customer call waits for an agent now, and none ended in the last hour.
        </EmptyState>
      ) : (
        <Stack gap="lg">
          {board.isError && (
            <Alert color="orange" variant="light" role="status" title="The queues could not be read again">
              {messageOf(board.error)} The board shows what was read at{' '}
              {clockTime(new Date(board.dataUpdatedAt).toISOString())}; it keeps trying.
            </Alert>
          )}
          {queues.map((queue) => (
            <QueueCard
              key={queue.skills.join(',')}
              queue={queue}
              since={since}
              agentName={(id) => names.get(id) ?? id}
            />
          ))}
        </Stack>
      )}
    </>
  );
}

function QueueCard({
  queue,
  since,
  agentName,
}: {
  queue: Queue;
  since: number;
  agentName: (agentId: string) => string;
}) {
  const label = queue.skills.length === 0 ? 'Any agent' : queue.skills.join(' + ');
  return (
    <Paper
      withBorder
      radius="lg"
      className={classes.tableCard}
      component="section"
      aria-label={`Queue ${label}`}
      data-testid="queue"
      data-skills={queue.skills.join(',')}
    >
      <Stack gap="sm" p="md">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Stack gap={4}>
            <Title order={2} size="h4">
              {queue.names.join(', ') || label}
            </Title>
            <Group gap="xs">
              <Text size="sm" c="gray.7">
                Skills:
              </Text>
              {queue.skills.length === 0 ? (
                <Badge variant="light" color="gray">
                  any agent
                </Badge>
              ) : (
                queue.skills.map((skill) => (
                  <Badge key={skill} variant="light" tt="none">
                    {skill}
                  </Badge>
                ))
              )}
            </Group>
          </Stack>
          <SimpleGrid cols={{ base: 3, sm: 5 }} spacing="lg">
            <Count label="Waiting" value={queue.waiting.length} testId="count-waiting" />
            <Count label="Ringing" value={queue.ringing} testId="count-ringing" />
            <Count label="Answered" value={queue.ended.answered} testId="count-answered" />
            <Count label="Abandoned" value={queue.ended.abandoned} testId="count-abandoned" />
            <Count label="Timed out" value={queue.ended.timedOut} testId="count-timed-out" />
          </SimpleGrid>
        </Group>
      </Stack>
      {queue.waiting.length > 0 && (
        <Table verticalSpacing="sm" horizontalSpacing="md" aria-label={`Calls waiting: ${label}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Call</Table.Th>
              <Table.Th>Queue node</Table.Th>
              <Table.Th>Waiting</Table.Th>
              <Table.Th>Offer</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {queue.waiting.map((call) => (
              <Table.Tr key={call.id} data-testid="waiting-call">
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    …{call.callSid.slice(-8)}
                  </Text>
                  {call.priority !== 0 && (
                    <Text size="xs" c="gray.7">
                      priority {call.priority}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{call.queueName}</Table.Td>
                <Table.Td>
                  <Text size="sm" fw={600} data-testid="wait-time">
                    {duration(call.waitedSeconds + since)}
                  </Text>
                  <Text size="xs" c="gray.7">
                    since {clockTime(call.enqueuedAt)}
                  </Text>
                </Table.Td>
                <Table.Td data-testid="offer">
                  {call.offer ? (
                    <Stack gap={0}>
                      <Group gap="xs">
                        <Badge color="orange" c="dark.8" variant="light" tt="none">
                          {call.offer.status === 'ringing' ? 'Ringing' : 'Calling'}
                        </Badge>
                        <Text size="sm" fw={600}>
                          {agentName(call.offer.agentId)}
                        </Text>
                      </Group>
                      <Text size="xs" c="gray.7">
                        since {clockTime(call.offer.since)}
                        {call.offer.attempt > 1 ? ` (agent ${call.offer.attempt} for this call)` : ''}
                      </Text>
                    </Stack>
                  ) : (
                    <Text size="sm" c="gray.7">
                      Waiting for a free agent with these skills
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}

function Count({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <Stack gap={0} align="center">
      <Text size="xl" fw={700} data-testid={testId}>
        {value}
      </Text>
      <Text size="xs" c="gray.7">
        {label}
      </Text>
    </Stack>
  );
}
