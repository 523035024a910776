import {
  Alert,
  Badge,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Switch,
  Text,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/clients';
import { messageOf } from '../../api/errors';
import { formErrors } from '../../api/form-errors';
import { FormAlert } from '../../ui/FormAlert';
import { PageLoader } from '../../ui/PageLoader';

interface SmsValues {
  enabled: boolean;
  reminderMinutes: number | string;
  senderNumber: string | null;
}

type Settings = Awaited<ReturnType<typeof loadSettings>>;
const loadSettings = () => unwrap(api.dispatch.GET('/v1/sms-settings'));

/** The form, built from the settings the API holds (a new one after each save). */
function SmsForm({ settings, numbers }: { settings: Settings; numbers: Map<string, string> }) {
  const client = useQueryClient();
  const [summary, setSummary] = useState<string | null>(null);
  const form = useForm<SmsValues>({
    mode: 'controlled',
    initialValues: {
      enabled: settings.enabled,
      reminderMinutes: settings.reminderMinutes,
      senderNumber: settings.senderNumber,
    },
    validate: {
      reminderMinutes: (v) =>
        v !== '' && Number.isInteger(Number(v)) && Number(v) >= 1 && Number(v) <= 120
          ? null
          : 'Whole minutes from 1 to 120',
      senderNumber: (v, values) => (values.enabled && !v ? 'Choose the number the messages come from' : null),
    },
  });
  const save = useMutation({
    mutationFn: (values: SmsValues) =>
      unwrap(
        api.dispatch.PUT('/v1/sms-settings', {
          body: {
            enabled: values.enabled,
            reminderMinutes: Number(values.reminderMinutes),
            senderNumber: values.senderNumber,
          },
        }),
      ),
    onSuccess: (saved) => {
      client.setQueryData(['sms-settings'], saved);
      notifications.show({ color: 'lagoon', message: 'Text message settings saved.' });
    },
    onError: (error) => {
      const problems = formErrors(error, ['enabled', 'reminderMinutes', 'senderNumber']);
      form.setErrors(problems.fields);
      setSummary(problems.summary);
    },
  });
  return (
    <form
      aria-label="Text message settings"
      onSubmit={form.onSubmit((values) => {
        setSummary(null);
        save.mutate(values);
      })}
      noValidate
    >
      <Stack gap="sm">
        <Switch
          label="Send text messages around the online window"
          {...form.getInputProps('enabled', { type: 'checkbox' })}
        />
        <Group grow align="flex-start">
          <NumberInput
            label="Reminder (minutes before the end)"
            min={1}
            max={120}
            allowDecimal={false}
            {...form.getInputProps('reminderMinutes')}
          />
          <Select
            label="Sender number"
            placeholder={numbers.size > 0 ? 'One of your numbers' : 'Map a number first'}
            data={[...numbers].map(([value, label]) => ({ value, label }))}
            clearable
            {...form.getInputProps('senderNumber')}
          />
        </Group>
        <FormAlert message={summary} />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            Save text message settings
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * The tenant's text messages around an agent's online window (ADR 28): off by default; on, a
 * reminder some minutes before the end and a notice after an unreachable logoff, both sent from one
 * of the tenant's active contact points, which also takes the agents' replies.
 */
export function SmsSettings() {
  const settings = useQuery({ queryKey: ['sms-settings'], queryFn: loadSettings });
  const mappings = useQuery({
    queryKey: ['mappings'],
    queryFn: () => unwrap(api.dispatch.GET('/v1/dispatch-mappings', { params: { query: { limit: 200 } } })),
  });
  if (settings.isPending || mappings.isPending)
    return <PageLoader label="Loading the text message settings" />;

  const loaded = settings.data;
  // The tenant's active contact points; the one saved stays a choice even if its mapping went inactive.
  const numbers = new Map<string, string>();
  for (const m of mappings.data?.items ?? [])
    if (m.active && !numbers.has(m.phoneNumber)) numbers.set(m.phoneNumber, `${m.phoneNumber} (${m.name})`);
  if (loaded?.senderNumber && !numbers.has(loaded.senderNumber))
    numbers.set(loaded.senderNumber, loaded.senderNumber);
  const on = loaded?.enabled ?? false;
  return (
    <Paper withBorder radius="lg" p="lg" component="section" aria-labelledby="sms-heading">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="sms-heading">
            Text messages
          </Title>
          <Badge variant={on ? 'light' : 'default'} data-testid="sms-state">
            {on ? `On: from ${loaded?.senderNumber}` : 'Off'}
          </Badge>
        </Group>
        <Text size="sm" c="gray.7">
          Agents get a text some minutes before their online time ends (reply 1 to stay an hour more, 0 to go
          offline) and one after being set offline for missed calls (reply 1 to come back). The messages come
          from one of your numbers, whose messaging webhook must point at this platform.
        </Text>
        {(settings.isError || mappings.isError) && (
          <Alert color="red" variant="light" role="alert">
            {messageOf(settings.error ?? mappings.error)}
          </Alert>
        )}
        {loaded && <SmsForm key={loaded.updatedAt ?? 'never saved'} settings={loaded} numbers={numbers} />}
      </Stack>
    </Paper>
  );
}
