import { Button, Group, Select, Stack, Switch, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { formErrors } from '../../api/form-errors';
import type { Flow } from '../../api/types';
import { FormAlert } from '../../ui/FormAlert';

export interface MappingValues {
  name: string;
  description: string;
  interactionType: 'voice';
  mappingType: 'contact-point';
  phoneNumber: string;
  flowId: string | null;
  twilioAccount: 'platform' | 'tenant';
  active: boolean;
}

const FIELDS = [
  'name',
  'description',
  'interactionType',
  'mappingType',
  'phoneNumber',
  'flowId',
  'twilioAccount',
  'active',
];

/** The vendor page's dispatch mapping: Name, Description, Interaction Type, Mapping, Phone Number, Dispatch to flow. */
export function MappingForm({
  initial,
  flows,
  submitLabel,
  onSave,
}: {
  initial: MappingValues;
  flows: Flow[];
  submitLabel: string;
  onSave: (values: MappingValues) => Promise<unknown>;
}) {
  const [summary, setSummary] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const form = useForm<MappingValues>({
    mode: 'controlled',
    initialValues: initial,
    validate: {
      name: (v) => (v.trim() ? null : 'Name the mapping'),
      phoneNumber: (v) =>
        v.trim() ? null : 'Enter the telephone number agents call, in E.164 (+1-234-567-8910)',
      flowId: (v) => (v ? null : 'Choose the flow calls to this number run'),
    },
  });
  const submit = form.onSubmit((values) => {
    setSummary(null);
    setSaving(true);
    onSave(values)
      .catch((error: unknown) => {
        const problems = formErrors(error, FIELDS);
        form.setErrors(problems.fields);
        setSummary(problems.summary);
      })
      .finally(() => setSaving(false));
  });
  const flowOptions = flows.map((f) => ({
    value: f.id,
    label: f.publishedVersion ? f.name : `${f.name} (not published)`,
    disabled: !f.publishedVersion,
  }));
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput
          label="Name"
          required
          placeholder="Support - Timed Presence login"
          data-autofocus
          {...form.getInputProps('name')}
        />
        <Textarea
          label="Description"
          placeholder="The number agents call to log in and out"
          autosize
          minRows={2}
          {...form.getInputProps('description')}
        />
        <Group grow align="flex-start">
          <Select
            label="Interaction Type"
            data={[{ value: 'voice', label: 'Voice' }]}
            allowDeselect={false}
            {...form.getInputProps('interactionType')}
          />
          <Select
            label="Mapping"
            data={[{ value: 'contact-point', label: 'Contact Point' }]}
            allowDeselect={false}
            {...form.getInputProps('mappingType')}
          />
        </Group>
        <TextInput
          label="Phone Number"
          required
          description="The number agents call to log in, in E.164 with its country code"
          placeholder="+1-234-567-8910"
          inputMode="tel"
          {...form.getInputProps('phoneNumber')}
        />
        <Select
          label="Dispatch to flow"
          required
          placeholder={flows.length ? 'Choose a flow' : 'No flows yet: create and publish one first'}
          data={flowOptions}
          searchable
          nothingFoundMessage="No flow by that name"
          {...form.getInputProps('flowId')}
        />
        <Select
          label="Twilio account"
          description="Whose Twilio account owns the number (Settings holds the tenant's own)"
          data={[
            { value: 'platform', label: 'The platform’s' },
            { value: 'tenant', label: 'This tenant’s own' },
          ]}
          allowDeselect={false}
          {...form.getInputProps('twilioAccount')}
        />
        <Switch
          label="Active: calls to the number run the flow"
          {...form.getInputProps('active', { type: 'checkbox' })}
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
