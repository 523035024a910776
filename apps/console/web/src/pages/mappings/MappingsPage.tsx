import {
  Badge,
  Button,
  Modal,
  Paper,
  Switch,
  Table,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPhoneCall, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/clients';
import { messageOf } from '../../api/errors';
import type { Mapping } from '../../api/types';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { PageLoader } from '../../ui/PageLoader';
import { LoadError } from '../../ui/QueryState';
import classes from '../pages.module.css';
import { MappingForm, type MappingValues } from './MappingForm';

const body = (v: MappingValues) => ({
  name: v.name.trim(),
  description: v.description.trim() || null,
  interactionType: v.interactionType,
  mappingType: v.mappingType,
  phoneNumber: v.phoneNumber.trim(),
  flowId: v.flowId ?? '',
  twilioAccount: v.twilioAccount,
  active: v.active,
});

export default function MappingsPage() {
  const client = useQueryClient();
  const [editing, setEditing] = useState<Mapping | 'new' | null>(null);
  const mappings = useQuery({
    queryKey: ['mappings'],
    queryFn: () => unwrap(api.dispatch.GET('/v1/dispatch-mappings', { params: { query: { limit: 200 } } })),
  });
  const flows = useQuery({
    queryKey: ['flows'],
    queryFn: () => unwrap(api.flowRuntime.GET('/v1/flows', { params: { query: { limit: 200 } } })),
  });
  const flowName = new Map((flows.data?.items ?? []).map((f) => [f.id, f.name]));
  const toggle = useMutation({
    mutationFn: (m: Mapping) =>
      unwrap(
        api.dispatch.PATCH('/v1/dispatch-mappings/{id}', {
          params: { path: { id: m.id } },
          body: { active: !m.active },
        }),
      ),
    onSuccess: (m) => {
      void client.invalidateQueries({ queryKey: ['mappings'] });
      notifications.show({ color: 'lagoon', message: `${m.name} is ${m.active ? 'active' : 'inactive'}` });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not changed', message: messageOf(error) }),
  });
  const save = async (values: MappingValues) => {
    if (editing && editing !== 'new')
      await unwrap(
        api.dispatch.PATCH('/v1/dispatch-mappings/{id}', {
          params: { path: { id: editing.id } },
          body: body(values),
        }),
      );
    else await unwrap(api.dispatch.POST('/v1/dispatch-mappings', { body: body(values) }));
    await client.invalidateQueries({ queryKey: ['mappings'] });
    setEditing(null);
  };
  const items = mappings.data?.items ?? [];
  const create = (
    <Button leftSection={<IconPlus size={18} aria-hidden="true" />} onClick={() => setEditing('new')}>
      Create
    </Button>
  );
  const initial = (m?: Mapping): MappingValues => ({
    name: m?.name ?? '',
    description: m?.description ?? '',
    interactionType: 'voice',
    mappingType: 'contact-point',
    phoneNumber: m?.phoneNumber ?? '',
    flowId: m?.flowId ?? null,
    twilioAccount: m?.twilioAccount ?? 'platform',
    active: m?.active ?? true,
  });
  return (
    <>
      <PageHeader
        title="Dispatch Mappings"
        description="Which flow answers each of your telephone numbers. Map the number agents call to your Timed Presence flow."
        actions={create}
      />
      {mappings.isPending ? (
        <PageLoader label="Loading dispatch mappings" />
      ) : mappings.isError ? (
        <LoadError what="dispatch mappings" error={mappings.error} onRetry={() => void mappings.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState icon={<IconPhoneCall size={28} />} title="No dispatch mappings yet" action={create}>
          Map a telephone number to a published flow: calls to it then run that flow.
        </EmptyState>
      ) : (
        <Paper withBorder radius="lg" className={classes.tableCard}>
          <Table
            verticalSpacing="sm"
            horizontalSpacing="md"
            aria-label="Dispatch mappings"
            data-testid="mappings-table"
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Phone Number</Table.Th>
                <Table.Th>Dispatch to flow</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>Active</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>
                    <UnstyledButton className={classes.rowLink} onClick={() => setEditing(m)}>
                      <Text fw={600} size="sm">
                        {m.name}
                      </Text>
                      {m.description && (
                        <Text size="xs" c="gray.7" lineClamp={1}>
                          {m.description}
                        </Text>
                      )}
                    </UnstyledButton>
                  </Table.Td>
                  <Table.Td ff="monospace" fz="sm">
                    {m.phoneNumber}
                  </Table.Td>
                  <Table.Td fz="sm">{flowName.get(m.flowId) ?? m.flowId}</Table.Td>
                  <Table.Td>
                    <Badge variant="default" tt="none">
                      Voice · Contact Point
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Switch
                      checked={m.active}
                      onChange={() => toggle.mutate(m)}
                      disabled={toggle.isPending && toggle.variables?.id === m.id}
                      label={
                        <>
                          {m.active ? 'Active' : 'Inactive'}
                          <VisuallyHidden>: {m.name}</VisuallyHidden>
                        </>
                      }
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'Create dispatch mapping' : 'Edit dispatch mapping'}
        size="lg"
      >
        {editing !== null && (
          <MappingForm
            initial={initial(editing === 'new' ? undefined : editing)}
            flows={flows.data?.items ?? []}
            submitLabel="Submit"
            onSave={save}
          />
        )}
      </Modal>
    </>
  );
}
