import { Alert, Button, Center, Code, Paper, Stack, Text, Title } from '@mantine/core';
import { IconLogin2 } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { credentialFrom } from './jwt';
import { session, signInWithCredential, startOidcSignIn, useSession } from './session';

const safeReturn = (value: string | null) =>
  value && value.startsWith('/') && !value.startsWith('//') ? value : '/users';

/**
 * `/signin`: the provider's button, or (on a laptop) the link `npm start` prints,
 * `/signin#credential=...`, whose credential is kept in this tab and taken out of the address bar.
 */
export function SignInPage() {
  const current = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const returnTo = safeReturn(params.get('returnTo'));
  const config = session.config();

  useEffect(() => {
    const credential = credentialFrom(location.hash);
    if (!location.hash) return;
    history.replaceState(null, '', `${location.pathname}${location.search}`); // the credential leaves the address bar
    if (credential && signInWithCredential(credential)) void navigate(returnTo, { replace: true });
    else
      setProblem(
        config.localSignIn
          ? 'That sign-in link is not valid (or it has expired). Ask for a new one.'
          : 'Sign-in links are turned off here: sign in with your organisation’s account.',
      );
  }, [navigate, returnTo, config.localSignIn]);

  if (current.status === 'signed-in' && !location.hash) return <Navigate to={returnTo} replace />;

  const signIn = () => {
    setBusy(true);
    startOidcSignIn(returnTo).catch((error: unknown) => {
      setBusy(false);
      setProblem(
        `The sign-in service could not be reached: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  };
  return (
    <Center component="main" mih="100vh" bg="gray.0" p="md">
      <Paper withBorder shadow="sm" radius="lg" p="xl" maw={460} w="100%">
        <Stack gap="md">
          <div>
            <Title order={1} size="h2">
              Timed Presence console
            </Title>
            <Text c="gray.7" mt={4}>
              Sign in to manage your tenant’s agents, prompts, flows and phone numbers.
            </Text>
          </div>
          {current.status === 'signed-out' && current.reason && (
            <Alert color="lagoon" variant="light" role="status">
              {current.reason}
            </Alert>
          )}
          {problem && (
            <Alert color="red" variant="light" role="alert" title="Not signed in">
              {problem}
            </Alert>
          )}
          {config.oidc && (
            <Button
              size="md"
              leftSection={<IconLogin2 size={18} aria-hidden="true" />}
              onClick={signIn}
              loading={busy}
            >
              Sign in
            </Button>
          )}
          {config.localSignIn && (
            <Text size="sm" c="gray.7">
              On a laptop, <Code>npm start</Code> prints a sign-in link for the demo tenant, and{' '}
              <Code>npm run admin -- console-link --tenant acme</Code> prints one for another tenant. Open it
              in this browser.
            </Text>
          )}
          {!config.oidc && !config.localSignIn && (
            <Alert color="orange" variant="light" role="alert">
              No way to sign in is configured: set <Code>CONSOLE_OIDC_ISSUER</Code> and{' '}
              <Code>CONSOLE_OIDC_CLIENT_ID</Code> on the console server.
            </Alert>
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
