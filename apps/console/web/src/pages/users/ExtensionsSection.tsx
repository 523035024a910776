import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { api, unwrap } from '../../api/clients';
import { formErrors } from '../../api/form-errors';
import type { User } from '../../api/types';
import { FormAlert } from '../../ui/FormAlert';
import { fetchUser, useUserChange } from './user-queries';

const FIELDS = ['type', 'number', 'ext', 'description'];
const TYPES = [
  { value: 'pstn', label: 'PSTN' },
  { value: 'sip', label: 'SIP' },
  { value: 'webrtc', label: 'WebRTC' },
];

/**
 * The vendor page's Extensions section: Extension Type, Enter Extension (as people type it),
 * Ext, Description, and the plus sign that saves it into the list (shown in E.164, as stored).
 */
export function ExtensionsSection({ user }: { user: User }) {
  const [summary, setSummary] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { type: 'pstn', number: '', ext: '', description: '' },
    validate: { number: (value) => (value.trim() ? null : 'Enter the telephone number') },
  });
  const add = useUserChange(user.id, async (values: typeof form.values) => {
    await unwrap(
      api.identity.POST('/v1/users/{userId}/extensions', {
        params: { path: { userId: user.id } },
        body: {
          type: values.type as 'pstn' | 'sip' | 'webrtc',
          number: values.number.trim(),
          ext: values.ext.trim() || null,
          description: values.description.trim() || null,
        },
      }),
    );
    return fetchUser(user.id);
  });
  const remove = useUserChange(user.id, async (extensionId: string) => {
    await unwrap(
      api.identity.DELETE('/v1/users/{userId}/extensions/{extensionId}', {
        params: { path: { userId: user.id, extensionId } },
      }),
    );
    return fetchUser(user.id);
  });

  const submit = form.onSubmit((values) => {
    setSummary(null);
    add.mutate(values, {
      onSuccess: () => form.reset(),
      onError: (error) => {
        const { fields, summary: rest } = formErrors(error, FIELDS);
        form.setErrors(fields);
        setSummary(rest);
      },
    });
  });

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="extensions-heading">
      <Stack gap="sm">
        <div>
          <Title order={3} size="h5" id="extensions-heading">
            Extensions
          </Title>
          <Text size="sm" c="gray.7">
            The telephone numbers this user takes calls on while logged in with timed presence. Type the
            number as you would say it (for example +1-234-567-8910); it is kept in E.164.
          </Text>
        </div>
        <form onSubmit={submit} noValidate aria-label="Add an extension">
          <Group align="flex-start" gap="xs" wrap="wrap">
            <Select
              label="Extension Type"
              data={TYPES}
              allowDeselect={false}
              w={120}
              {...form.getInputProps('type')}
            />
            <TextInput
              label="Enter Extension"
              placeholder="+1-234-567-8910"
              inputMode="tel"
              autoComplete="off"
              w={190}
              {...form.getInputProps('number')}
            />
            <TextInput
              label="Ext"
              placeholder="123"
              inputMode="numeric"
              w={80}
              {...form.getInputProps('ext')}
            />
            <TextInput
              label="Description"
              placeholder="John Smith - mobile"
              style={{ flex: 1, minWidth: 160 }}
              {...form.getInputProps('description')}
            />
            <Tooltip label="Add to the list">
              <ActionIcon
                type="submit"
                size={36}
                mt={25}
                aria-label="Add extension"
                loading={add.isPending}
                variant="filled"
              >
                <IconPlus size={20} aria-hidden="true" />
              </ActionIcon>
            </Tooltip>
          </Group>
        </form>
        <FormAlert message={summary} />
        {user.extensions.length === 0 ? (
          <Text size="sm" c="gray.7" fs="italic">
            No extensions yet: this user cannot log in by phone until one is added.
          </Text>
        ) : (
          <Table verticalSpacing="xs" aria-label="Configured extensions" data-testid="extensions">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Type</Table.Th>
                <Table.Th>Number</Table.Th>
                <Table.Th>Ext</Table.Th>
                <Table.Th>Description</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {user.extensions.map((extension) => (
                <Table.Tr key={extension.id}>
                  <Table.Td>
                    <Badge variant="default">{extension.type.toUpperCase()}</Badge>
                  </Table.Td>
                  <Table.Td ff="monospace">{extension.number}</Table.Td>
                  <Table.Td>{extension.ext ?? '—'}</Table.Td>
                  <Table.Td>{extension.description ?? ''}</Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      color="red.9"
                      c="red.9"
                      leftSection={<IconTrash size={14} aria-hidden="true" />}
                      aria-label={`Remove ${extension.number}`}
                      loading={remove.isPending && remove.variables === extension.id}
                      onClick={() =>
                        remove.mutate(extension.id, {
                          onError: (error) => setSummary(formErrors(error, []).summary),
                        })
                      }
                    >
                      Remove
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}
