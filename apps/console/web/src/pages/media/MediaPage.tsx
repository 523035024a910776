import { Alert, Anchor, Badge, Button, Group, Modal, Paper, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconMicrophone, IconPencil, IconPlus, IconSparkles, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/clients';
import { ApiError, messageOf } from '../../api/errors';
import type { NewPrompt, Prompt } from '../../api/types';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { PageLoader } from '../../ui/PageLoader';
import { LoadError } from '../../ui/QueryState';
import classes from '../pages.module.css';
import { PromptForm } from './PromptForm';
import { PromptPreview } from './PromptPreview';
import { usePromptUsage } from './prompt-usage';
import { ROLE_LABELS } from './roles';

export default function MediaPage() {
  const client = useQueryClient();
  const [editing, setEditing] = useState<Prompt | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Prompt | null>(null);
  const [deleteProblem, setDeleteProblem] = useState<string | null>(null);
  const prompts = useQuery({
    queryKey: ['prompts'],
    queryFn: () => unwrap(api.media.GET('/v1/prompts', { params: { query: { limit: 200 } } })),
  });
  const usage = usePromptUsage();
  const refresh = () => client.invalidateQueries({ queryKey: ['prompts'] });
  const starter = useMutation({
    mutationFn: () => unwrap(api.media.POST('/v1/prompts/starter-set', { body: {} })),
    onSuccess: (result) => {
      void refresh();
      notifications.show({
        color: 'lagoon',
        title: 'Starter set',
        message:
          result.created === 0
            ? 'Every prompt of the starter set is already here.'
            : `${result.created} prompt${result.created === 1 ? '' : 's'} created.`,
      });
    },
    onError: (error) =>
      notifications.show({
        color: 'red',
        title: 'The starter set was not created',
        message: messageOf(error),
      }),
  });
  const remove = useMutation({
    mutationFn: (prompt: Prompt) =>
      unwrap(api.media.DELETE('/v1/prompts/{id}', { params: { path: { id: prompt.id } } })),
    onSuccess: () => {
      setDeleting(null);
      void refresh();
    },
    onError: (error) => {
      const flows =
        error instanceof ApiError && Array.isArray(error.details.flows)
          ? (error.details.flows as { name?: string }[])
          : [];
      setDeleteProblem(
        flows.length > 0
          ? `It cannot be deleted while a published flow plays it: ${flows.map((f) => f.name).join(', ')}. Publish a version of ${flows.length === 1 ? 'that flow' : 'those flows'} without it first.`
          : messageOf(error),
      );
    },
  });
  const save = async (body: NewPrompt) => {
    if (editing && editing !== 'new')
      await unwrap(api.media.PATCH('/v1/prompts/{id}', { params: { path: { id: editing.id } }, body }));
    else await unwrap(api.media.POST('/v1/prompts', { body }));
    await refresh();
    setEditing(null);
  };
  const items = prompts.data?.items ?? [];
  const actions = (
    <>
      <Button
        variant="light"
        leftSection={<IconSparkles size={18} aria-hidden="true" />}
        loading={starter.isPending}
        onClick={() => starter.mutate()}
      >
        Add the starter set
      </Button>
      <Button leftSection={<IconPlus size={18} aria-hidden="true" />} onClick={() => setEditing('new')}>
        Create prompt
      </Button>
    </>
  );
  return (
    <>
      <PageHeader
        title="Media"
        description="The prompts flows play. A Timed Presence flow needs seven: Welcome, Resource Lookup Error, Preset Hours, Custom Hours Collect Digits, Invalid Input, Online and Offline; two more when it offers going online until a time of day, and two for a timed break."
        actions={actions}
      />
      {prompts.isPending ? (
        <PageLoader label="Loading prompts" />
      ) : prompts.isError ? (
        <LoadError what="prompts" error={prompts.error} onRetry={() => void prompts.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState
          icon={<IconMicrophone size={28} />}
          title="No prompts yet"
          action={
            <Button
              leftSection={<IconSparkles size={18} aria-hidden="true" />}
              loading={starter.isPending}
              onClick={() => starter.mutate()}
            >
              Add the starter set of eleven
            </Button>
          }
        >
          Start from the vendor page’s seven Timed Presence prompts, the two for going online until a time of
          day and the timed break’s two in one click, and change their words later.
        </EmptyState>
      ) : (
        <Paper withBorder radius="lg" className={classes.tableCard}>
          <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="Prompts" data-testid="prompts-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={56}>Play</Table.Th>
                <Table.Th>Prompt</Table.Th>
                <Table.Th>Says</Table.Th>
                <Table.Th>Used by</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((prompt) => {
                const uses = usage.data?.get(prompt.id) ?? [];
                return (
                  <Table.Tr key={prompt.id}>
                    <Table.Td>
                      <PromptPreview prompt={prompt} />
                    </Table.Td>
                    <Table.Td>
                      <Text fw={600} size="sm">
                        {prompt.name}
                      </Text>
                      {prompt.role && (
                        <Badge variant="light" size="sm" tt="none" mt={4}>
                          {ROLE_LABELS[prompt.role]}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td maw={420}>
                      {prompt.content.kind === 'tts' ? (
                        <>
                          <Text size="sm" lineClamp={2}>
                            “{prompt.content.text}”
                          </Text>
                          <Text size="xs" c="gray.7">
                            {prompt.content.voice} · {prompt.content.language}
                          </Text>
                        </>
                      ) : (
                        <Anchor
                          href={prompt.content.url}
                          size="sm"
                          target="_blank"
                          rel="noreferrer"
                          style={{ wordBreak: 'break-all' }}
                        >
                          {prompt.content.url}
                        </Anchor>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {usage.isPending ? (
                        <Text size="sm" c="gray.7">
                          …
                        </Text>
                      ) : uses.length === 0 ? (
                        <Text size="sm" c="gray.7">
                          No published flow
                        </Text>
                      ) : (
                        <Stack gap={2}>
                          {uses.map((use) => (
                            <Anchor key={use.flowId} component={Link} to={`/flows/${use.flowId}`} size="sm">
                              {use.name} (v{use.version})
                            </Anchor>
                          ))}
                        </Stack>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          leftSection={<IconPencil size={14} aria-hidden="true" />}
                          aria-label={`Edit ${prompt.name}`}
                          onClick={() => setEditing(prompt)}
                        >
                          Edit
                        </Button>
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          color="red.9"
                          c="red.9"
                          leftSection={<IconTrash size={14} aria-hidden="true" />}
                          aria-label={`Delete ${prompt.name}`}
                          onClick={() => {
                            setDeleteProblem(null);
                            setDeleting(prompt);
                          }}
                        >
                          Delete
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'Create prompt' : 'Edit prompt'}
        size="lg"
      >
        {editing !== null && <PromptForm prompt={editing === 'new' ? undefined : editing} onSave={save} />}
      </Modal>
      <Modal opened={deleting !== null} onClose={() => setDeleting(null)} title="Delete this prompt?">
        <Stack gap="md">
          <Text size="sm">
            “{deleting?.name}” will be gone for good. Flows whose drafts name it will need another prompt
            before they are published.
          </Text>
          {deleteProblem && (
            <Alert color="red" variant="light" role="alert" title="Not deleted">
              {deleteProblem}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDeleting(null)}>
              Keep it
            </Button>
            <Button
              color="red.9"
              loading={remove.isPending}
              onClick={() => deleting && remove.mutate(deleting)}
            >
              Delete
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
