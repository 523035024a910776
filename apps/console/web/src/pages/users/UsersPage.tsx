import {
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconSearch, IconUserPlus, IconUsers } from '@tabler/icons-react';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/clients';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { PageLoader } from '../../ui/PageLoader';
import { LoadError } from '../../ui/QueryState';
import classes from '../pages.module.css';
import { DetailsForm } from './DetailsForm';
import { UserDrawer } from './UserDrawer';

/** A search that looks like a telephone number asks the API (which normalises it); anything else filters names. */
const looksLikeNumber = (text: string) => /^\+?[\d\s().-]{4,}$/.test(text.trim());

export default function UsersPage() {
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState('');
  const [skill, setSkill] = useState('');
  const [debouncedSearch] = useDebouncedValue(search, 250);
  const [debouncedSkill] = useDebouncedValue(skill.trim(), 250);
  const [creating, setCreating] = useState(false);
  const client = useQueryClient();
  const number = looksLikeNumber(debouncedSearch) ? debouncedSearch.trim() : undefined;
  const users = useInfiniteQuery({
    queryKey: ['users', 'list', { number, skill: debouncedSkill }],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.identity.GET('/v1/users', {
          params: { query: { number, skill: debouncedSkill || undefined, cursor: pageParam, limit: 50 } },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const open = (userId: string | null) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (userId) next.set('user', userId);
      else next.delete('user');
      return next;
    });
  const text = number ? '' : debouncedSearch.trim().toLowerCase();
  const rows = (users.data?.pages.flatMap((p) => p.items) ?? []).filter(
    (u) => !text || u.name.toLowerCase().includes(text) || u.email.toLowerCase().includes(text),
  );
  const filtered = !!(debouncedSearch.trim() || debouncedSkill);

  return (
    <>
      <PageHeader
        title="Users"
        description="The people who take calls. Select a user to give them a PSTN extension, skills, a time zone or a PIN."
        actions={
          <Button
            leftSection={<IconUserPlus size={18} aria-hidden="true" />}
            onClick={() => setCreating(true)}
          >
            Create user
          </Button>
        }
      />
      <Paper withBorder radius="lg" p="md" mb="md">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput
            label="Search"
            placeholder="Name, email or telephone number"
            leftSection={<IconSearch size={16} aria-hidden="true" />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            style={{ flex: 1, minWidth: 240 }}
          />
          <TextInput
            label="Skill"
            placeholder="support"
            value={skill}
            onChange={(e) => setSkill(e.currentTarget.value)}
            w={200}
          />
        </Group>
      </Paper>
      {users.isPending ? (
        <PageLoader label="Loading users" />
      ) : users.isError ? (
        <LoadError what="users" error={users.error} onRetry={() => void users.refetch()} />
      ) : rows.length === 0 ? (
        filtered ? (
          <EmptyState icon={<IconSearch size={28} />} title="No user matches">
            Try another name, number or skill.
          </EmptyState>
        ) : (
          <EmptyState
            icon={<IconUsers size={28} />}
            title="No users yet"
            action={<Button onClick={() => setCreating(true)}>Create the first user</Button>}
          >
            Create a user for each agent, then give them the PSTN number they will call in from.
          </EmptyState>
        )
      ) : (
        <Paper withBorder radius="lg" className={classes.tableCard}>
          <Table
            highlightOnHover
            verticalSpacing="sm"
            horizontalSpacing="md"
            aria-label="Users"
            data-testid="users-table"
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Extensions</Table.Th>
                <Table.Th>Skills</Table.Th>
                <Table.Th>Time zone</Table.Th>
                <Table.Th>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((user) => (
                <Table.Tr key={user.id} onClick={() => open(user.id)} className={classes.clickable}>
                  <Table.Td>
                    <UnstyledButton onClick={() => open(user.id)} className={classes.rowLink}>
                      <Text fw={600} size="sm">
                        {user.name}
                      </Text>
                      <Text size="xs" c="gray.7">
                        {user.email}
                      </Text>
                    </UnstyledButton>
                  </Table.Td>
                  <Table.Td ff="monospace" fz="sm">
                    {user.extensions.length === 0 ? (
                      <Text size="sm" c="gray.7">
                        none
                      </Text>
                    ) : (
                      user.extensions.map((e) => <div key={e.id}>{e.number}</div>)
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {user.skills.map((s) => (
                        <Badge key={s.name} variant="default" tt="none">
                          {s.name}
                          {s.proficiency ? ` · ${s.proficiency}` : ''}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td fz="sm">{user.timeZone}</Table.Td>
                  <Table.Td>
                    <Badge color={user.status === 'active' ? 'lagoon' : 'gray.7'} variant="light">
                      {user.status === 'active' ? 'Active' : 'Disabled'}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {users.hasNextPage && (
            <Group justify="center" p="sm">
              <Button
                variant="subtle"
                loading={users.isFetchingNextPage}
                onClick={() => void users.fetchNextPage()}
              >
                Load more users
              </Button>
            </Group>
          )}
        </Paper>
      )}
      <Modal opened={creating} onClose={() => setCreating(false)} title="Create user" size="lg">
        <Stack gap="xs">
          <Text size="sm" c="gray.7">
            Then add the user’s PSTN extension in the panel that opens.
          </Text>
          <DetailsForm
            initial={{ name: '', email: '', timeZone: null }}
            submitLabel="Create user"
            onSave={async (details) => {
              const user = await unwrap(api.identity.POST('/v1/users', { body: details }));
              await client.invalidateQueries({ queryKey: ['users', 'list'] });
              setCreating(false);
              notifications.show({ color: 'lagoon', message: `${user.name} created` });
              open(user.id);
            }}
          />
        </Stack>
      </Modal>
      <UserDrawer userId={params.get('user')} onClose={() => open(null)} />
    </>
  );
}
