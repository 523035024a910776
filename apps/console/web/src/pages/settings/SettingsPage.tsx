import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/clients';
import { formErrors } from '../../api/form-errors';
import { messageOf } from '../../api/errors';
import { useTenantName } from '../../app/tenant';
import { readClaims } from '../../auth/jwt';
import { signOut, useSession } from '../../auth/session';
import { FormAlert } from '../../ui/FormAlert';
import { PageHeader } from '../../ui/PageHeader';
import { PageLoader } from '../../ui/PageLoader';
import { SmsSettings } from './SmsSettings';

/** The tenant's own Twilio account: the Auth Token is write-only (stored encrypted, never shown back). */
function TwilioAccount() {
  const client = useQueryClient();
  const [summary, setSummary] = useState<string | null>(null);
  const account = useQuery({
    queryKey: ['twilio-account'],
    queryFn: () => unwrap(api.dispatch.GET('/v1/twilio-account')),
  });
  const form = useForm({
    mode: 'controlled',
    initialValues: { accountSid: '', authToken: '' },
    validate: {
      accountSid: (v) =>
        /^AC[0-9a-fA-F]{32}$/.test(v.trim())
          ? null
          : 'An Account SID is AC followed by 32 hexadecimal digits',
      authToken: (v) => (/^[0-9a-f]{32}$/.test(v.trim()) ? null : 'An Auth Token is 32 hexadecimal digits'),
    },
  });
  const save = useMutation({
    mutationFn: (values: typeof form.values) =>
      unwrap(
        api.dispatch.PUT('/v1/twilio-account', {
          body: { accountSid: values.accountSid.trim(), authToken: values.authToken.trim() },
        }),
      ),
    onSuccess: (saved) => {
      client.setQueryData(['twilio-account'], saved);
      form.setValues({ accountSid: saved.accountSid ?? '', authToken: '' });
      form.resetDirty();
      notifications.show({ color: 'lagoon', message: 'Twilio account saved.' });
    },
    onError: (error) => {
      const problems = formErrors(error, ['accountSid', 'authToken']);
      form.setErrors(problems.fields);
      setSummary(problems.summary);
    },
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.dispatch.DELETE('/v1/twilio-account')),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['twilio-account'] }),
    onError: (error) => setSummary(messageOf(error)),
  });
  if (account.isPending) return <PageLoader label="Loading the Twilio account" />;
  const configured = account.data?.configured ?? false;
  return (
    <Paper withBorder radius="lg" p="lg" component="section" aria-labelledby="twilio-heading">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="twilio-heading">
            Twilio account
          </Title>
          <Badge variant={configured ? 'light' : 'default'} data-testid="twilio-state">
            {configured ? `Set: ${account.data?.accountSid}` : 'Not set: the platform’s account is used'}
          </Badge>
        </Group>
        <Text size="sm" c="gray.7">
          If you keep your own Twilio account for telephony, its numbers can be mapped here. The Auth Token is
          stored encrypted and never shown again: enter it each time you change the account.
        </Text>
        {account.isError && (
          <Alert color="red" variant="light" role="alert">
            {messageOf(account.error)}
          </Alert>
        )}
        <form
          onSubmit={form.onSubmit((values) => {
            setSummary(null);
            save.mutate(values);
          })}
          noValidate
        >
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput
                label="Account SID"
                placeholder={account.data?.accountSid ?? 'AC0123456789abcdef0123456789abcdef'}
                autoComplete="off"
                spellCheck={false}
                {...form.getInputProps('accountSid')}
              />
              <PasswordInput
                label="Auth Token"
                placeholder={configured ? 'Stored: enter a new one to replace it' : '32 hexadecimal digits'}
                autoComplete="new-password"
                {...form.getInputProps('authToken')}
              />
            </SimpleGrid>
            <FormAlert message={summary} />
            <Group justify="flex-end">
              {configured && (
                <Button
                  variant="subtle"
                  color="red.9"
                  c="red.9"
                  loading={remove.isPending}
                  onClick={() => remove.mutate()}
                >
                  Remove the account
                </Button>
              )}
              <Button type="submit" loading={save.isPending}>
                {configured ? 'Replace' : 'Save'}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Paper>
  );
}

function SignedIn() {
  const current = useSession();
  const tenantName = useTenantName();
  if (current.status === 'signed-out') return null;
  const exp = readClaims(current.token)?.exp;
  return (
    <Paper withBorder radius="lg" p="lg" component="section" aria-labelledby="signed-in-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="signed-in-heading">
          Signed in
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" component="dl" m={0}>
          <div>
            <Text component="dt" size="xs" c="gray.7">
              Who
            </Text>
            <Text component="dd" m={0} fw={600} data-testid="settings-who">
              {current.who}
            </Text>
          </div>
          <div>
            <Text component="dt" size="xs" c="gray.7">
              Tenant
            </Text>
            <Text component="dd" m={0} fw={600}>
              {tenantName} {tenantName !== current.tenantId && `(${current.tenantId})`}
            </Text>
          </div>
          <div>
            <Text component="dt" size="xs" c="gray.7">
              How
            </Text>
            <Text component="dd" m={0}>
              {current.method === 'oidc'
                ? 'Your organisation’s sign-in (OpenID Connect)'
                : 'A sign-in link (development)'}
            </Text>
          </div>
          <div>
            <Text component="dt" size="xs" c="gray.7">
              Until
            </Text>
            <Text component="dd" m={0}>
              {exp ? new Date(exp * 1000).toLocaleString() : 'unknown'}
            </Text>
          </div>
        </SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => void signOut()}>
            Sign out
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

export default function SettingsPage() {
  return (
    <>
      <PageHeader
        title="Settings"
        description="Your tenant’s telephony account, its text messages to agents, and who is signed in."
      />
      <Stack gap="lg" maw={900}>
        <TwilioAccount />
        <SmsSettings />
        <SignedIn />
      </Stack>
    </>
  );
}
