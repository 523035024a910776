import {
  Accordion,
  Button,
  Group,
  NumberInput,
  Paper,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { formErrors } from '../../api/form-errors';
import type { NewFlowVersion, Prompt } from '../../api/types';
import { FormAlert } from '../../ui/FormAlert';
import { ROLE_LABELS } from '../media/roles';
import {
  BREAK_KEYS,
  graphOf,
  OPTIONAL_ROLES,
  paramField,
  POLICIES,
  REQUIRED_ROLES,
  TIMED_PRESENCE_FIELDS,
  UNTIL_TIME_KEYS,
  type TimedPresenceValues,
} from './timed-presence-graph';

const KEYS = ['1', '2', '3', '4'];

/**
 * A version of a Timed Presence flow as a form: the four presets (keys 1 to 4), custom hours up to
 * a maximum, attempts, the collect timeout, the seven prompts and the caller verification policy.
 */
export function TimedPresenceForm({
  initial,
  prompts,
  onSave,
}: {
  initial: TimedPresenceValues;
  prompts: Prompt[];
  onSave: (version: NewFlowVersion) => Promise<unknown>;
}) {
  const [summary, setSummary] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const form = useForm<TimedPresenceValues>({ mode: 'controlled', initialValues: initial });
  const options = prompts.map((p) => ({ value: p.id, label: p.name }));
  const submit = form.onSubmit((values) => {
    setSummary(null);
    setSaving(true);
    onSave(graphOf(values))
      .then(() => form.resetDirty())
      .catch((error: unknown) => {
        const problems = formErrors(error, TIMED_PRESENCE_FIELDS, paramField);
        form.setErrors(problems.fields);
        setSummary(problems.summary);
      })
      .finally(() => setSaving(false));
  });
  const promptSelect = (
    role: (typeof REQUIRED_ROLES)[number] | (typeof OPTIONAL_ROLES)[number],
    required: boolean,
  ) => (
    <Select
      key={role}
      label={ROLE_LABELS[role]}
      required={required}
      placeholder={required ? 'Choose a prompt' : 'Built-in English wording'}
      data={options}
      searchable
      clearable={!required}
      nothingFoundMessage="No prompt by that name"
      {...form.getInputProps(`prompts.${role}`)}
    />
  );
  return (
    <form onSubmit={submit} noValidate aria-label="Timed Presence activity">
      <Stack gap="md">
        <Paper withBorder radius="md" p="md">
          <Title order={3} size="h5">
            Hours
          </Title>
          <Text size="sm" c="gray.7" mb="sm">
            The four presets an agent picks with keys 1 to 4; 9 lets them type up to two digits, up to the
            maximum.
          </Text>
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
            {KEYS.map((key, index) => (
              <NumberInput
                key={key}
                label={`Key ${key}: hours`}
                min={1}
                max={99}
                allowDecimal={false}
                {...form.getInputProps(`presetHours.${index}`)}
              />
            ))}
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" mt="sm">
            <NumberInput
              label="Maximum hours"
              description="For custom hours (key 9), 1 to 99"
              min={1}
              max={99}
              allowDecimal={false}
              {...form.getInputProps('maxHours')}
            />
            <NumberInput
              label="Attempts"
              description="Invalid answers before the call ends"
              min={1}
              max={10}
              allowDecimal={false}
              {...form.getInputProps('attempts')}
            />
            <NumberInput
              label="Collect timeout (seconds)"
              description="Silence that ends a menu"
              min={1}
              max={60}
              allowDecimal={false}
              {...form.getInputProps('collectTimeoutS')}
            />
          </SimpleGrid>
        </Paper>

        <Paper withBorder radius="md" p="md">
          <Title order={3} size="h5">
            Prompts
          </Title>
          <Text size="sm" c="gray.7" mb="sm">
            Chosen from this tenant’s Media. Preset Hours Media should name the four presets above.
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            {REQUIRED_ROLES.map((role) => promptSelect(role, true))}
          </SimpleGrid>
          <Accordion variant="contained" mt="md">
            <Accordion.Item value="optional">
              <Accordion.Control>PIN, giving-up, until-a-time and break prompts (optional)</Accordion.Control>
              <Accordion.Panel>
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                  {OPTIONAL_ROLES.map((role) => promptSelect(role, false))}
                </SimpleGrid>
              </Accordion.Panel>
            </Accordion.Item>
          </Accordion>
        </Paper>

        <Paper withBorder radius="md" p="md">
          <Radio.Group
            label={
              <Title order={3} size="h5" component="span">
                Caller verification
              </Title>
            }
            description="Caller ID can be spoofed: ask for a PIN where that matters."
            {...form.getInputProps('callerVerification')}
          >
            <Stack gap="xs" mt="xs">
              {POLICIES.map((policy) => (
                <Radio
                  key={policy.value}
                  value={policy.value}
                  label={policy.label}
                  description={policy.description}
                />
              ))}
            </Stack>
          </Radio.Group>
          <Switch
            mt="md"
            label="Call the agent with the Offline Media when their hours run out"
            {...form.getInputProps('notifyOnExpiry', { type: 'checkbox' })}
          />
          <Group mt="md" align="flex-end">
            <Switch
              label="Offer going online until a time of day (the agent enters HHMM)"
              {...form.getInputProps('untilTime', { type: 'checkbox' })}
            />
            <Select
              label="On key"
              w={100}
              data={[...UNTIL_TIME_KEYS]}
              allowDeselect={false}
              disabled={!form.values.untilTime}
              {...form.getInputProps('untilTimeKey')}
            />
          </Group>
          <Switch
            mt="md"
            label="A timed break by phone: a key at the preset menu, while online"
            description="Off as in the vendor's flow; needs the Break Started and Break Not Online Media"
            {...form.getInputProps('breakEnabled', { type: 'checkbox' })}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" mt="sm">
            <Select
              label="Break key"
              data={[...BREAK_KEYS]}
              allowDeselect={false}
              disabled={!form.values.breakEnabled}
              {...form.getInputProps('breakKey')}
            />
            <NumberInput
              label="Break minutes"
              description="1 to 120"
              min={1}
              max={120}
              allowDecimal={false}
              disabled={!form.values.breakEnabled}
              {...form.getInputProps('breakMinutes')}
            />
          </SimpleGrid>
        </Paper>
        <FormAlert message={summary} />
        <Group justify="flex-end">
          <Button type="submit" loading={saving}>
            Save as a new version
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
