import { Anchor, Badge, Breadcrumbs, Button, Group, NativeSelect, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ReactFlowProvider } from '@xyflow/react';
import { useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { api, unwrap } from '../../../api/clients';
import { ApiError, messageOf } from '../../../api/errors';
import type { NewFlowVersion } from '../../../api/types';
import { PageHeader } from '../../../ui/PageHeader';
import { PageLoader } from '../../../ui/PageLoader';
import { LoadError } from '../../../ui/QueryState';
import { Designer, type Problem } from './Designer';
import { toCanvas } from './flow-canvas';
import { autoLayout } from './layout';

const EMPTY: NewFlowVersion = { nodes: [], edges: [] };

interface Work {
  graph: NewFlowVersion;
  action: 'save' | 'publish' | 'edit';
  /** The canvas differs from the version shown. */
  changed: boolean;
}

/**
 * The flow designer page (its own chunk: React Flow and dagre load only here). Shows one version of
 * the flow on the canvas: a draft to edit, saved as the next version; the published one read-only,
 * with Edit making a new draft from it.
 */
export default function DesignerPage() {
  const { flowId = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const client = useQueryClient();
  const [publishProblems, setPublishProblems] = useState<Problem[]>([]);
  const flow = useQuery({
    queryKey: ['flows', flowId],
    queryFn: () => unwrap(api.flowRuntime.GET('/v1/flows/{id}', { params: { path: { id: flowId } } })),
  });
  const asked = Number(search.get('version'));
  const selected = Number.isInteger(asked) && asked > 0 ? asked : (flow.data?.latestVersion ?? 0);
  const version = useQuery({
    queryKey: ['flows', flowId, 'versions', selected],
    enabled: selected > 0,
    queryFn: () =>
      unwrap(
        api.flowRuntime.GET('/v1/flows/{id}/versions/{version}', {
          params: { path: { id: flowId, version: selected } },
        }),
      ),
  });
  const prompts = useQuery({
    queryKey: ['prompts'],
    queryFn: () => unwrap(api.media.GET('/v1/prompts', { params: { query: { limit: 200 } } })),
  });
  const initial = useMemo(() => {
    const canvas = toCanvas(version.data?.graph ?? EMPTY);
    return canvas.placed ? canvas : autoLayout(canvas);
  }, [version.data]);

  const saveVersion = async (graph: NewFlowVersion) => {
    const created = await unwrap(
      api.flowRuntime.POST('/v1/flows/{id}/versions', { params: { path: { id: flowId } }, body: graph }),
    );
    client.setQueryData(['flows', flowId, 'versions', created.version], created);
    await client.invalidateQueries({ queryKey: ['flows', flowId], exact: true });
    setPublishProblems([]);
    setSearch({ version: String(created.version) });
    return created.version;
  };
  const work = useMutation({
    mutationFn: async ({ graph, action, changed }: Work) => {
      if (action !== 'publish') return { saved: await saveVersion(graph), published: null };
      // Publishing a canvas changed since its version was saved saves the change as the next version first.
      const unchanged = version.data !== undefined && !version.data.published && !changed;
      const number = unchanged ? selected : await saveVersion(graph);
      const updated = await unwrap(
        api.flowRuntime.POST('/v1/flows/{id}/versions/{version}/publish', {
          params: { path: { id: flowId, version: number } },
        }),
      );
      client.setQueryData(['flows', flowId], updated);
      await client.invalidateQueries({ queryKey: ['flows', flowId, 'versions', number] });
      return { saved: number, published: updated.publishedVersion };
    },
    onSuccess: ({ saved, published }, { action }) => {
      void client.invalidateQueries({ queryKey: ['flows'] });
      notifications.show({
        color: 'lagoon',
        message:
          published !== null
            ? `Published: calls now run version ${published}.`
            : action === 'edit'
              ? `Version ${saved} is a new draft to edit.`
              : `Version ${saved} saved as a draft.`,
      });
    },
    onError: (error) => {
      const problems = error instanceof ApiError ? error.details.problems : undefined;
      // The live check shows the graph's own problems; publishing adds the prompts media does not have.
      if (Array.isArray(problems))
        setPublishProblems((problems as Problem[]).filter((p) => p.code === 'FLOW.PROMPT_NOT_FOUND'));
      notifications.show({ color: 'red', title: 'Not published', message: messageOf(error) });
    },
  });
  if (flow.isPending) return <PageLoader label="Loading the flow" />;
  if (flow.isError) return <LoadError what="flow" error={flow.error} onRetry={() => void flow.refetch()} />;
  const data = flow.data;
  const readOnly = version.data?.published === true;
  const versions = Array.from({ length: data.latestVersion }, (_, i) => data.latestVersion - i);
  return (
    <>
      <Breadcrumbs mb="xs" aria-label="Breadcrumb">
        <Anchor component={Link} to="/flows" size="sm">
          Flows
        </Anchor>
        <Anchor component={Link} to={`/flows/${flowId}`} size="sm">
          {data.name}
        </Anchor>
        <Text size="sm">Designer</Text>
      </Breadcrumbs>
      <PageHeader
        title={`${data.name}: designer`}
        description={
          readOnly
            ? 'This version is published, so it cannot change: Edit makes a new draft from it.'
            : 'Build the flow on the canvas. Problems show on their nodes as you go; saving makes the next version, publishing puts it in service.'
        }
        actions={
          <Group gap="sm">
            {versions.length > 0 && (
              <NativeSelect
                aria-label="Version"
                value={String(selected)}
                data={versions.map((v) => ({
                  value: String(v),
                  label: `Version ${v}${v === data.publishedVersion ? ' (published)' : ''}`,
                }))}
                onChange={(e) => {
                  setPublishProblems([]);
                  setSearch({ version: e.currentTarget.value });
                }}
              />
            )}
            {data.publishedVersion ? (
              <Badge size="lg" variant="light">
                Published: version {data.publishedVersion}
              </Badge>
            ) : (
              <Badge size="lg" variant="default">
                Not published
              </Badge>
            )}
            {readOnly && version.data && (
              <Button
                leftSection={<IconPencil size={16} aria-hidden="true" />}
                loading={work.isPending}
                onClick={() => work.mutate({ graph: version.data.graph, action: 'edit', changed: true })}
              >
                Edit
              </Button>
            )}
          </Group>
        }
      />
      {version.isError ? (
        <LoadError what="version" error={version.error} onRetry={() => void version.refetch()} />
      ) : prompts.isError ? (
        <LoadError what="prompts" error={prompts.error} onRetry={() => void prompts.refetch()} />
      ) : (selected > 0 && !version.data) || !prompts.data ? (
        <PageLoader label="Loading the version" />
      ) : (
        <ReactFlowProvider key={`${selected}-${version.dataUpdatedAt}`}>
          <Designer
            initial={initial}
            readOnly={readOnly}
            prompts={prompts.data.items}
            extraProblems={publishProblems}
            busy={work.isPending}
            validate={async (graph) =>
              (
                await unwrap(
                  api.flowRuntime.POST('/v1/flows/{id}/versions/validate', {
                    params: { path: { id: flowId } },
                    body: graph,
                  }),
                )
              ).problems
            }
            onSave={(graph) => work.mutate({ graph, action: 'save', changed: true })}
            onPublish={(graph, changed) => work.mutate({ graph, action: 'publish', changed })}
          />
        </ReactFlowProvider>
      )}
    </>
  );
}
