import { Badge, Button, Group, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { api, unwrap } from '../../api/clients';
import { formErrors } from '../../api/form-errors';
import type { User } from '../../api/types';
import { FormAlert } from '../../ui/FormAlert';
import { fetchUser, useUserChange } from './user-queries';

/** Set or reset the PIN a flow may ask for. Write-only: the console never shows a PIN back. */
export function PinSection({ user }: { user: User }) {
  const [summary, setSummary] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { pin: '' },
    validate: { pin: (value) => (/^\d{4,8}$/.test(value) ? null : 'A PIN is 4 to 8 digits') },
  });
  const setPin = useUserChange(user.id, async (pin: string) => {
    await unwrap(
      api.identity.PUT('/v1/users/{userId}/pin', { params: { path: { userId: user.id } }, body: { pin } }),
    );
    return fetchUser(user.id);
  });
  const clearPin = useUserChange(user.id, async () => {
    await unwrap(api.identity.DELETE('/v1/users/{userId}/pin', { params: { path: { userId: user.id } } }));
    return fetchUser(user.id);
  });
  const fail = (error: unknown) => {
    const problems = formErrors(error, ['pin']);
    form.setErrors(problems.fields);
    setSummary(problems.summary);
  };
  const submit = form.onSubmit(({ pin }) => {
    setSummary(null);
    setPin.mutate(pin, { onSuccess: () => form.reset(), onError: fail });
  });
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="pin-heading">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={3} size="h5" id="pin-heading">
              PIN
            </Title>
            <Badge color={user.hasPin ? 'lagoon' : 'gray.7'} variant="light" data-testid="pin-state">
              {user.hasPin ? 'A PIN is set' : 'No PIN'}
            </Badge>
          </Group>
          <Text size="sm" c="gray.7">
            Asked on the phone when the flow’s caller verification wants one. It is stored hashed and never
            shown.
          </Text>
          <Group align="flex-start" gap="xs">
            <PasswordInput
              label={user.hasPin ? 'New PIN' : 'PIN'}
              placeholder="4 to 8 digits"
              inputMode="numeric"
              autoComplete="new-password"
              w={200}
              {...form.getInputProps('pin')}
            />
            <Button type="submit" mt={25} loading={setPin.isPending}>
              {user.hasPin ? 'Reset PIN' : 'Set PIN'}
            </Button>
            {user.hasPin && (
              <Button
                mt={25}
                variant="subtle"
                color="red.9"
                c="red.9"
                loading={clearPin.isPending}
                onClick={() => clearPin.mutate(undefined, { onError: fail })}
              >
                Remove PIN
              </Button>
            )}
          </Group>
          <FormAlert message={summary} />
        </Stack>
      </form>
    </Paper>
  );
}
