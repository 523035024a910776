import {
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconHierarchy2, IconPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api/clients';
import { formErrors } from '../../api/form-errors';
import { EmptyState } from '../../ui/EmptyState';
import { FormAlert } from '../../ui/FormAlert';
import { PageHeader } from '../../ui/PageHeader';
import { PageLoader } from '../../ui/PageLoader';
import { LoadError } from '../../ui/QueryState';
import classes from '../pages.module.css';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function CreateFlowForm({ onCreated }: { onCreated: (id: string) => void }) {
  const [summary, setSummary] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: 'Timed Presence', type: 'customer' },
    validate: { name: (v) => (v.trim() ? null : 'Name the flow') },
  });
  const submit = form.onSubmit((values) => {
    setSummary(null);
    setSaving(true);
    unwrap(api.flowRuntime.POST('/v1/flows', { body: { name: values.name.trim(), type: 'customer' } }))
      .then((flow) => onCreated(flow.id))
      .catch((error: unknown) => {
        const problems = formErrors(error, ['name', 'type']);
        form.setErrors(problems.fields);
        setSummary(problems.summary);
      })
      .finally(() => setSaving(false));
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
        <Select
          label="Type"
          description="A Timed Presence login flow is a Customer flow with a Timed Presence activity."
          data={[{ value: 'customer', label: 'Customer' }]}
          allowDeselect={false}
          {...form.getInputProps('type')}
        />
        <FormAlert message={summary} />
        <Group justify="flex-end">
          <Button type="submit" loading={saving}>
            Submit
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export default function FlowsPage() {
  const navigate = useNavigate();
  const client = useQueryClient();
  const [creating, setCreating] = useState(false);
  const flows = useQuery({
    queryKey: ['flows'],
    queryFn: () => unwrap(api.flowRuntime.GET('/v1/flows', { params: { query: { limit: 200 } } })),
  });
  const items = flows.data?.items ?? [];
  const create = (
    <Button leftSection={<IconPlus size={18} aria-hidden="true" />} onClick={() => setCreating(true)}>
      Create
    </Button>
  );
  return (
    <>
      <PageHeader
        title="Flows"
        description="What a call to one of your numbers does. A Timed Presence flow lets agents choose how long to be online."
        actions={create}
      />
      {flows.isPending ? (
        <PageLoader label="Loading flows" />
      ) : flows.isError ? (
        <LoadError what="flows" error={flows.error} onRetry={() => void flows.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState icon={<IconHierarchy2 size={28} />} title="No flows yet" action={create}>
          Create a flow named Timed Presence, then give it its prompts and hours and publish it.
        </EmptyState>
      ) : (
        <Paper withBorder radius="lg" className={classes.tableCard}>
          <Table
            highlightOnHover
            verticalSpacing="sm"
            horizontalSpacing="md"
            aria-label="Flows"
            data-testid="flows-table"
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>Versions</Table.Th>
                <Table.Th>Published</Table.Th>
                <Table.Th>Changed</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((flow) => (
                <Table.Tr
                  key={flow.id}
                  className={classes.clickable}
                  onClick={() => void navigate(`/flows/${flow.id}`)}
                >
                  <Table.Td>
                    <UnstyledButton
                      className={classes.rowLink}
                      onClick={() => void navigate(`/flows/${flow.id}`)}
                    >
                      <Text fw={600} size="sm">
                        {flow.name}
                      </Text>
                    </UnstyledButton>
                  </Table.Td>
                  <Table.Td fz="sm">Customer</Table.Td>
                  <Table.Td fz="sm">{flow.latestVersion === 0 ? 'none yet' : flow.latestVersion}</Table.Td>
                  <Table.Td>
                    {flow.publishedVersion ? (
                      <Badge variant="light">Version {flow.publishedVersion}</Badge>
                    ) : (
                      <Badge variant="default">Not published</Badge>
                    )}
                  </Table.Td>
                  <Table.Td fz="sm">{dateTime.format(new Date(flow.updatedAt))}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      <Modal opened={creating} onClose={() => setCreating(false)} title="Create flow">
        <CreateFlowForm
          onCreated={(id) => {
            void client.invalidateQueries({ queryKey: ['flows'] });
            setCreating(false);
            void navigate(`/flows/${id}`);
          }}
        />
      </Modal>
    </>
  );
}
