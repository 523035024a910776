import {
  Flow,
  FlowChangedConcurrently,
  FlowNameTaken,
  FlowRepository,
  FlowVersion,
  flowNameKey,
  type FlowPage,
  type FlowProps,
  type FlowUsingPrompts,
  type FlowVersionProps,
} from '@tp/flow-domain';

const key = (tenantId: string, flowId: string) => `${tenantId}/${flowId}`;

/**
 * Flows in memory, with the rules of the real adapter: tenants apart, names unique per tenant
 * (ignoring case), optimistic concurrency on the revision, versions written with their flow. It
 * stores copies, so a test sees only what was saved.
 */
export class InMemoryFlowRepository extends FlowRepository {
  private readonly flows = new Map<string, FlowProps>();
  private readonly versions = new Map<string, FlowVersionProps>();
  private ids = 0;

  nextId(): string {
    this.ids += 1;
    return `flow-${this.ids}`;
  }

  find(tenantId: string, flowId: string): Promise<Flow | null> {
    const props = this.flows.get(key(tenantId, flowId));
    return Promise.resolve(props === undefined ? null : Flow.restore(props));
  }

  findVersion(tenantId: string, flowId: string, version: number): Promise<FlowVersion | null> {
    const props = this.versions.get(`${key(tenantId, flowId)}/${version}`);
    return Promise.resolve(props === undefined ? null : new FlowVersion(props));
  }

  list(tenantId: string, page: { limit: number; offset: number }): Promise<FlowPage> {
    const all = [...this.flows.values()]
      .filter((f) => f.tenantId === tenantId)
      .sort((a, b) => flowNameKey(a.name).localeCompare(flowNameKey(b.name)) || a.id.localeCompare(b.id));
    return Promise.resolve({
      items: all.slice(page.offset, page.offset + page.limit).map((props) => Flow.restore(props)),
      total: all.length,
    });
  }

  async findPublishedUsingPrompts(
    tenantId: string,
    promptIds: readonly string[],
  ): Promise<FlowUsingPrompts[]> {
    const wanted = new Set(promptIds);
    const found: FlowUsingPrompts[] = [];
    for (const flow of this.flows.values()) {
      if (flow.tenantId !== tenantId || flow.publishedVersion === null) continue;
      const version = await this.findVersion(tenantId, flow.id, flow.publishedVersion);
      if (version?.promptIds().some((id) => wanted.has(id)))
        found.push({ flowId: flow.id, name: flow.name, version: version.version });
    }
    return found;
  }

  save(flow: Flow): Promise<void> {
    const events = flow.peekEvents();
    if (events.length === 0) return Promise.resolve();
    const stored = this.flows.get(key(flow.tenantId, flow.id));
    if ((stored?.revision ?? 0) !== flow.storedRevision)
      return Promise.reject(new FlowChangedConcurrently(flow.id, flow.storedRevision));
    const holder = [...this.flows.values()].find(
      (f) => f.tenantId === flow.tenantId && f.id !== flow.id && flowNameKey(f.name) === flow.nameKey,
    );
    if (holder) return Promise.reject(new FlowNameTaken(flow.name));
    this.flows.set(key(flow.tenantId, flow.id), flow.toSnapshot());
    for (const event of events) {
      if (event.type === 'flow-version-added') {
        const v = event.version.toSnapshot();
        this.versions.set(`${key(v.tenantId, v.flowId)}/${v.version}`, v);
      }
    }
    flow.pullEvents();
    return Promise.resolve();
  }
}
