import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/clients';

export interface FlowUse {
  flowId: string;
  name: string;
  version: number;
}

/** Every string inside a version's node parameters (prompt ids sit under `params.prompts.*` and the like). */
function strings(value: unknown, into: Set<string>): Set<string> {
  if (typeof value === 'string') into.add(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, into);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, into);
  return into;
}

/**
 * Which published flows play each prompt: the tenant's flows and their published versions, read
 * from flow-runtime (media refuses to delete a prompt one of them plays, and says which).
 */
export function usePromptUsage() {
  return useQuery({
    queryKey: ['prompt-usage'],
    queryFn: async () => {
      const flows = await unwrap(api.flowRuntime.GET('/v1/flows', { params: { query: { limit: 200 } } }));
      const uses = new Map<string, FlowUse[]>();
      await Promise.all(
        flows.items
          .filter((flow) => flow.publishedVersion)
          .map(async (flow) => {
            const version = await unwrap(
              api.flowRuntime.GET('/v1/flows/{id}/versions/{version}', {
                params: { path: { id: flow.id, version: flow.publishedVersion ?? 0 } },
              }),
            );
            for (const id of strings(
              version.graph.nodes.map((n) => n.params),
              new Set(),
            ))
              uses.set(id, [
                ...(uses.get(id) ?? []),
                { flowId: flow.id, name: flow.name, version: version.version },
              ]);
          }),
      );
      return uses;
    },
  });
}
