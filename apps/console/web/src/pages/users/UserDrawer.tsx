import { Alert, Badge, Button, Drawer, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/clients';
import { messageOf } from '../../api/errors';
import { PageLoader } from '../../ui/PageLoader';
import { DetailsForm } from './DetailsForm';
import { ExtensionsSection } from './ExtensionsSection';
import { PinSection } from './PinSection';
import { SkillsSection } from './SkillsSection';
import { fetchUser, userKey, useUserChange } from './user-queries';

/** The user detail panel: details, the Extensions section, skills, PIN, and whether the user may work. */
export function UserDrawer({ userId, onClose }: { userId: string | null; onClose: () => void }) {
  const user = useQuery({
    queryKey: userKey(userId ?? ''),
    queryFn: () => fetchUser(userId ?? ''),
    enabled: !!userId,
  });
  const data = user.data;
  const update = useUserChange(
    userId ?? '',
    (details: { name: string; email: string; timeZone: string | null }) =>
      unwrap(
        api.identity.PATCH('/v1/users/{userId}', {
          params: { path: { userId: userId ?? '' } },
          body: details,
        }),
      ),
  );
  const status = useUserChange(userId ?? '', (enable: boolean) =>
    unwrap(
      api.identity.POST(enable ? '/v1/users/{userId}/enable' : '/v1/users/{userId}/disable', {
        params: { path: { userId: userId ?? '' } },
      }),
    ),
  );
  return (
    <Drawer
      opened={!!userId}
      onClose={onClose}
      size="xl"
      title={
        <Group gap="sm">
          {/* The drawer's title is its h2 already. */}
          <Text component="span" fw={700} fz="h3">
            {data?.name ?? 'User'}
          </Text>
          {data && (
            <Badge color={data.status === 'active' ? 'lagoon' : 'gray.7'} variant="light">
              {data.status === 'active' ? 'Active' : 'Disabled'}
            </Badge>
          )}
        </Group>
      }
      closeButtonProps={{ 'aria-label': 'Close the user panel' }}
    >
      {user.isPending && userId && <PageLoader label="Loading the user" />}
      {user.isError && (
        <Alert color="red" variant="light" role="alert" title="The user could not be loaded">
          {messageOf(user.error)}
        </Alert>
      )}
      {data && (
        <Stack gap="md" key={`${data.id}`}>
          <Paper withBorder radius="md" p="md" component="section" aria-labelledby="details-heading">
            <Title order={3} size="h5" id="details-heading" mb="xs">
              Details
            </Title>
            <DetailsForm
              key={data.id}
              initial={{
                name: data.name,
                email: data.email,
                timeZone: data.timeZoneSource === 'user' ? data.timeZone : null,
              }}
              submitLabel="Submit"
              onSave={(details) => update.mutateAsync(details)}
              onSaved={() => notifications.show({ message: `${data.name}: details saved`, color: 'lagoon' })}
            />
          </Paper>
          <ExtensionsSection user={data} />
          <SkillsSection key={`skills-${data.id}`} user={data} />
          <PinSection user={data} />
          <Paper withBorder radius="md" p="md" component="section" aria-labelledby="status-heading">
            <Group justify="space-between" wrap="nowrap">
              <div>
                <Title order={3} size="h5" id="status-heading">
                  {data.status === 'active' ? 'Disable this user' : 'Enable this user'}
                </Title>
                <Text size="sm" c="gray.7">
                  {data.status === 'active'
                    ? 'A disabled user cannot log in by phone and gets no calls; nothing is deleted.'
                    : 'The user can log in by phone again.'}
                </Text>
              </div>
              <Button
                variant={data.status === 'active' ? 'outline' : 'filled'}
                color={data.status === 'active' ? 'red.9' : undefined}
                loading={status.isPending}
                onClick={() =>
                  status.mutate(data.status !== 'active', {
                    onError: (error) =>
                      notifications.show({ color: 'red', title: 'Not changed', message: messageOf(error) }),
                  })
                }
              >
                {data.status === 'active' ? 'Disable' : 'Enable'}
              </Button>
            </Group>
          </Paper>
        </Stack>
      )}
    </Drawer>
  );
}
