import { Anchor, Center, Stack, Text, Title } from '@mantine/core';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';

/** A page that does not exist, or one whose code could not be loaded (say, after a new release). */
export function RouteError({ notFound = false, inFrame = false }: { notFound?: boolean; inFrame?: boolean }) {
  const error = useRouteError();
  const missing = notFound || (isRouteErrorResponse(error) && error.status === 404);
  if (error && !missing) console.error('the page failed:', error);
  return (
    <Center component={inFrame ? 'div' : 'main'} py={80} px="md">
      <Stack align="center" gap="xs">
        <Title order={1} size="h2">
          {missing ? 'There is no such page' : 'This page could not be shown'}
        </Title>
        <Text c="gray.7" ta="center">
          {missing
            ? 'The address may be mistyped.'
            : 'Reload the page; if the console was just updated, that fetches the new version.'}
        </Text>
        <Anchor component={Link} to="/users">
          Go to Users
        </Anchor>
      </Stack>
    </Center>
  );
}
