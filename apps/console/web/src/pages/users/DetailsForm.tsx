import { Button, Group, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { formErrors } from '../../api/form-errors';
import { FormAlert } from '../../ui/FormAlert';
import { TIME_ZONES } from './time-zones';

export interface UserDetails {
  name: string;
  email: string;
  timeZone: string | null;
}

const FIELDS = ['name', 'email', 'timeZone'];

/** Name, email and time zone: for a new user, and in a user's detail panel (one request, all or nothing). */
export function DetailsForm({
  initial,
  submitLabel,
  onSave,
  onSaved,
}: {
  initial: UserDetails;
  submitLabel: string;
  onSave: (details: UserDetails) => Promise<unknown>;
  onSaved?: () => void;
}) {
  const [summary, setSummary] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const form = useForm<UserDetails>({
    mode: 'controlled',
    initialValues: initial,
    validate: {
      name: (value) => (value.trim() ? null : 'Enter the user’s name'),
      email: (value) =>
        /^\S+@\S+\.\S+$/.test(value.trim()) ? null : 'Enter an email address, like john@example.com',
    },
  });
  const submit = form.onSubmit((values) => {
    setSummary(null);
    setSaving(true);
    onSave({ name: values.name.trim(), email: values.email.trim(), timeZone: values.timeZone || null })
      .then(() => {
        form.resetDirty();
        onSaved?.();
      })
      .catch((error: unknown) => {
        const problems = formErrors(error, FIELDS);
        form.setErrors(problems.fields);
        setSummary(problems.summary);
      })
      .finally(() => setSaving(false));
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput label="Name" required autoComplete="off" data-autofocus {...form.getInputProps('name')} />
        <TextInput label="Email" required type="email" autoComplete="off" {...form.getInputProps('email')} />
        <Select
          label="Time zone"
          description="The agent hears times in this zone; empty: the tenant's default"
          placeholder="The tenant's default"
          data={TIME_ZONES}
          searchable
          clearable
          limit={50}
          nothingFoundMessage="No time zone by that name"
          {...form.getInputProps('timeZone')}
        />
        <FormAlert message={summary} />
        <Group justify="flex-end">
          <Button type="submit" loading={saving}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
