import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Code,
  Grid,
  Group,
  List,
  NavLink,
  Paper,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconHierarchy2, IconRocket } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/clients';
import { ApiError, messageOf } from '../../api/errors';
import type { NewFlowVersion } from '../../api/types';
import { PageHeader } from '../../ui/PageHeader';
import { PageLoader } from '../../ui/PageLoader';
import { LoadError } from '../../ui/QueryState';
import { TimedPresenceForm } from './TimedPresenceForm';
import { DEFAULT_VALUES, paramField, timedPresenceParams, valuesOf, type Role } from './timed-presence-graph';

/** A flow: its versions, the selected one as a form (or as its graph), and publishing. */
export default function FlowPage() {
  const { flowId = '' } = useParams();
  const client = useQueryClient();
  const flow = useQuery({
    queryKey: ['flows', flowId],
    queryFn: () => unwrap(api.flowRuntime.GET('/v1/flows/{id}', { params: { path: { id: flowId } } })),
  });
  const [selected, setSelected] = useState<number | null>(null);
  useEffect(() => {
    if (flow.data && selected === null && flow.data.latestVersion > 0) setSelected(flow.data.latestVersion);
  }, [flow.data, selected]);
  const version = useQuery({
    queryKey: ['flows', flowId, 'versions', selected],
    enabled: selected !== null && selected > 0,
    queryFn: () =>
      unwrap(
        api.flowRuntime.GET('/v1/flows/{id}/versions/{version}', {
          params: { path: { id: flowId, version: selected ?? 0 } },
        }),
      ),
  });
  const prompts = useQuery({
    queryKey: ['prompts'],
    queryFn: () => unwrap(api.media.GET('/v1/prompts', { params: { query: { limit: 200 } } })),
  });
  const publish = useMutation({
    mutationFn: (v: number) =>
      unwrap(
        api.flowRuntime.POST('/v1/flows/{id}/versions/{version}/publish', {
          params: { path: { id: flowId, version: v } },
        }),
      ),
    onSuccess: (updated) => {
      client.setQueryData(['flows', flowId], updated);
      void client.invalidateQueries({ queryKey: ['flows'] });
      void client.invalidateQueries({ queryKey: ['prompt-usage'] });
      notifications.show({
        color: 'lagoon',
        title: 'Published',
        message: `Calls now run version ${updated.publishedVersion}.`,
      });
    },
  });
  const save = async (body: NewFlowVersion) => {
    const created = await unwrap(
      api.flowRuntime.POST('/v1/flows/{id}/versions', { params: { path: { id: flowId } }, body }),
    );
    await client.invalidateQueries({ queryKey: ['flows', flowId] });
    setSelected(created.version);
    publish.reset();
    notifications.show({ color: 'lagoon', message: `Version ${created.version} saved as a draft.` });
  };

  if (flow.isPending) return <PageLoader label="Loading the flow" />;
  if (flow.isError) return <LoadError what="flow" error={flow.error} onRetry={() => void flow.refetch()} />;
  const data = flow.data;
  const byRole = Object.fromEntries(
    (prompts.data?.items ?? []).filter((p) => p.role).map((p) => [p.role, p.id]),
  ) as Partial<Record<Role, string>>;
  const defaults = DEFAULT_VALUES(byRole);
  const params = version.data ? timedPresenceParams(version.data) : null;
  const publishProblems =
    publish.error instanceof ApiError && publish.error.fields.length > 0 ? publish.error.fields : null;
  const versions = Array.from({ length: data.latestVersion }, (_, i) => data.latestVersion - i);

  return (
    <>
      <Breadcrumbs mb="xs" aria-label="Breadcrumb">
        <Anchor component={Link} to="/flows" size="sm">
          Flows
        </Anchor>
        <Text size="sm">{data.name}</Text>
      </Breadcrumbs>
      <PageHeader
        title={data.name}
        description={
          data.publishedVersion
            ? `Calls run version ${data.publishedVersion}. Save a new version, then publish it to change what callers hear.`
            : 'Not published yet: calls to a number mapped to this flow are not answered by it until a version is published.'
        }
        actions={
          <>
            {data.publishedVersion ? (
              <Badge size="lg" variant="light">
                Published: version {data.publishedVersion}
              </Badge>
            ) : (
              <Badge size="lg" variant="default">
                Not published
              </Badge>
            )}
            <Button
              component={Link}
              to={`/flows/${flowId}/designer${selected ? `?version=${selected}` : ''}`}
              variant="light"
              leftSection={<IconHierarchy2 size={18} aria-hidden="true" />}
            >
              Open in the designer
            </Button>
          </>
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Paper withBorder radius="md" p="xs" component="nav" aria-label="Versions">
            <Title order={2} size="h6" px="xs" py={6}>
              Versions
            </Title>
            {versions.length === 0 && (
              <Text size="sm" c="gray.7" px="xs" pb="xs">
                None yet: fill in the form and save version 1.
              </Text>
            )}
            {versions.map((v) => (
              <NavLink
                key={v}
                component="button"
                label={`Version ${v}`}
                description={
                  v === data.publishedVersion ? 'published' : v === data.latestVersion ? 'latest' : undefined
                }
                active={v === selected}
                onClick={() => {
                  publish.reset();
                  setSelected(v);
                }}
                aria-current={v === selected ? 'true' : undefined}
              />
            ))}
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          <Stack gap="md">
            {selected !== null && version.data && (
              <Paper withBorder radius="md" p="md">
                <Group justify="space-between" wrap="wrap">
                  <div>
                    <Title order={2} size="h4">
                      Version {version.data.version}
                    </Title>
                    <Text size="sm" c="gray.7">
                      {version.data.published
                        ? 'Published: calls run this version.'
                        : 'A draft: publish it to put it in service.'}
                    </Text>
                  </div>
                  {!version.data.published && (
                    <Button
                      leftSection={<IconRocket size={18} aria-hidden="true" />}
                      loading={publish.isPending}
                      onClick={() => publish.mutate(version.data.version)}
                    >
                      Publish version {version.data.version}
                    </Button>
                  )}
                </Group>
                {version.data.problems.length > 0 && !version.data.published && (
                  <Alert color="orange" variant="light" mt="sm" title="Before it can be published">
                    <List size="sm">
                      {version.data.problems.map((p) => (
                        <List.Item key={`${p.field}-${p.code}`}>
                          <Code>{paramField(p.field)}</Code> {p.message}
                        </List.Item>
                      ))}
                    </List>
                  </Alert>
                )}
                {publish.isError && (
                  <Alert color="red" variant="light" mt="sm" role="alert" title="Not published">
                    {publishProblems ? (
                      <List size="sm">
                        {publishProblems.map((p) => (
                          <List.Item key={p.field}>
                            <Code>{paramField(p.field)}</Code> {p.reason}
                          </List.Item>
                        ))}
                      </List>
                    ) : (
                      messageOf(publish.error)
                    )}
                  </Alert>
                )}
              </Paper>
            )}
            {version.isError && (
              <LoadError what="version" error={version.error} onRetry={() => void version.refetch()} />
            )}
            {(selected === null || version.data) && prompts.data ? (
              selected !== null && version.data && !params ? (
                <Alert color="gray" variant="light" title="This version is not a Timed Presence login flow">
                  Its graph has other activities (such as queues): open it in the designer to edit it. New
                  versions saved here replace it with Entry → Timed Presence → Exit.
                </Alert>
              ) : (
                <TimedPresenceForm
                  key={`${selected ?? 'new'}-${prompts.dataUpdatedAt}`}
                  initial={params ? valuesOf(params, defaults) : defaults}
                  prompts={prompts.data.items}
                  onSave={save}
                />
              )
            ) : prompts.isError ? (
              <LoadError what="prompts" error={prompts.error} onRetry={() => void prompts.refetch()} />
            ) : (
              <PageLoader label="Loading the version" />
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
