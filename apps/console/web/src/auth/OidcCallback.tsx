import { Alert, Anchor, Center, Loader, Stack } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { completeOidcPopup, completeOidcSignIn } from './session';

/** `/auth/callback`: the provider sent the admin back with a code; exchange it (PKCE) and go on. */
export function OidcCallback() {
  const navigate = useNavigate();
  const [problem, setProblem] = useState<string | null>(null);
  const once = useRef(false); // the code can be exchanged once only (StrictMode runs effects twice)
  useEffect(() => {
    if (once.current) return;
    once.current = true;
    completeOidcSignIn().then(
      (returnTo) => void navigate(returnTo, { replace: true }),
      (error: unknown) => setProblem(error instanceof Error ? error.message : String(error)),
    );
  }, [navigate]);
  return (
    <Center component="main" mih="100vh" p="md">
      {problem ? (
        <Stack maw={460}>
          <Alert color="red" variant="light" role="alert" title="Sign-in did not complete">
            {problem}
          </Alert>
          <Anchor component={Link} to="/signin">
            Try again
          </Anchor>
        </Stack>
      ) : (
        <Loader aria-label="Signing you in" />
      )}
    </Center>
  );
}

/** `/auth/popup-callback`: the popup of "Sign in again" hands the tokens to the page that opened it. */
export function OidcPopupCallback() {
  useEffect(() => {
    void completeOidcPopup();
  }, []);
  return (
    <Center component="main" mih="100vh">
      <Loader aria-label="Signing you in" />
    </Center>
  );
}
