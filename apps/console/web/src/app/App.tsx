import { Center, Loader, MantineProvider, Text } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { RouterProvider } from 'react-router';
import { loadConfig } from '../auth/config';
import { restoreSession } from '../auth/session';
import { ApiError } from '../api/errors';
import { router } from './routes';
import { cssVariablesResolver, theme } from './theme';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // A 4xx will not get better by asking again; a lost connection may.
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

/** Reads the sign-in settings and any session kept in this tab, then shows the console. */
export function App() {
  // 'loading', 'ready', or why the console could not start
  const [ready, setReady] = useState<string>('loading');
  useEffect(() => {
    loadConfig()
      .then(restoreSession)
      .then(
        () => setReady('ready'),
        (error: unknown) => setReady(error instanceof Error ? error.message : String(error)),
      );
  }, []);
  return (
    <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={cssVariablesResolver}>
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        {ready === 'ready' ? (
          <RouterProvider router={router} />
        ) : (
          <Center h="100vh" component="main">
            {ready === 'loading' ? (
              <Loader aria-label="Loading the console" />
            ) : (
              <Text role="alert" c="red.9">
                The console could not start: {ready}. Reload the page to try again.
              </Text>
            )}
          </Center>
        )}
      </QueryClientProvider>
    </MantineProvider>
  );
}
