import { Alert, Button, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { credentialFrom } from './jwt';
import { renewInPopup, session, signInWithCredential, signOut, useSession } from './session';

/**
 * Over the page when a request answered 401: the page and what its forms hold stay as they are,
 * and after signing in again the admin presses Save once more.
 */
export function SignInAgainDialog() {
  const current = useSession();
  const [link, setLink] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const config = session.config();
  const opened = current.status === 'expired';

  const withProvider = () => {
    setBusy(true);
    setProblem(null);
    renewInPopup()
      .catch((error: unknown) =>
        setProblem(`Not signed in: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => setBusy(false));
  };
  const withLink = (event: React.FormEvent) => {
    event.preventDefault();
    const credential = credentialFrom(link);
    if (credential && signInWithCredential(credential)) {
      setLink('');
      setProblem(null);
    } else setProblem('That is not a valid sign-in link, or it has expired.');
  };
  return (
    <Modal
      opened={opened}
      onClose={() => undefined}
      withCloseButton={false}
      closeOnClickOutside={false}
      closeOnEscape={false}
      centered
      title="Your sign-in has expired"
      aria-describedby="sign-in-again-text"
    >
      <Stack gap="md">
        <Text id="sign-in-again-text" size="sm">
          Nothing was lost: what you typed is still on the page. Sign in again, then save once more.
        </Text>
        {problem && (
          <Alert color="red" variant="light" role="alert">
            {problem}
          </Alert>
        )}
        {current.status !== 'signed-out' && current.method === 'oidc' && config.oidc && (
          <Button onClick={withProvider} loading={busy}>
            Sign in again
          </Button>
        )}
        {current.status !== 'signed-out' && current.method === 'local' && (
          <form onSubmit={withLink}>
            <Stack gap="xs">
              <TextInput
                label="A new sign-in link"
                description="From npm start, or npm run admin -- console-link --tenant <id>"
                value={link}
                onChange={(event) => setLink(event.currentTarget.value)}
                autoComplete="off"
                data-autofocus
              />
              <Button type="submit">Sign in again</Button>
            </Stack>
          </form>
        )}
        <Button variant="subtle" color="gray.8" c="gray.8" onClick={() => void signOut()}>
          Sign out instead
        </Button>
      </Stack>
    </Modal>
  );
}
