import { loginGraph, timedPresenceParams } from '@tp/fakes';
import { Flow, flowNameKey, parseFlowName } from './flow';
import { FlowGraphInvalid } from './flow.errors';
import { MAX_GRAPH_NODES } from './flow-graph';

const T0 = new Date('2026-03-02T09:00:00.000Z');
const T1 = new Date('2026-03-02T10:00:00.000Z');

const newFlow = () => {
  const flow = Flow.create({ id: 'f-1', tenantId: 'acme', name: '  Timed Presence login ' }, T0);
  flow.pullEvents();
  return flow;
};

describe(Flow.name, () => {
  it('is created as a customer flow with no version, its name trimmed', () => {
    const flow = Flow.create({ id: 'f-1', tenantId: 'acme', name: '  Timed Presence login ' }, T0);

    expect(flow.toSnapshot()).toEqual({
      id: 'f-1',
      tenantId: 'acme',
      name: 'Timed Presence login',
      type: 'customer',
      latestVersion: 0,
      publishedVersion: null,
      publishedAt: null,
      revision: 1,
      createdAt: T0,
      updatedAt: T0,
    });
    expect(flow.pullEvents()).toEqual([
      { type: 'flow-created', tenantId: 'acme', flowId: 'f-1', occurredAt: T0 },
    ]);
    expect(flow.storedRevision).toBe(1);
  });

  it.each([
    ['', 'FLOW.NAME_INVALID'],
    ['   ', 'FLOW.NAME_INVALID'],
    ['x'.repeat(101), 'FLOW.NAME_INVALID'],
    ['tab\there', 'FLOW.NAME_INVALID'],
  ])('refuses the name %p', (name, code) => {
    expect(() => Flow.create({ id: 'f-1', tenantId: 'acme', name }, T0)).toThrow(
      expect.objectContaining({ code }),
    );
  });

  it('refuses a type it does not run', () => {
    expect(() => Flow.create({ id: 'f-1', tenantId: 'acme', name: 'A', type: 'agent' }, T0)).toThrow(
      expect.objectContaining({
        code: 'FLOW.TYPE_UNKNOWN',
        details: expect.objectContaining({ field: 'type' }),
      }),
    );
  });

  it('compares names ignoring case and surrounding space', () => {
    expect(flowNameKey(' Login ')).toBe(flowNameKey('login'));
    expect(parseFlowName(' Login ')).toBe('Login');
  });

  it('numbers versions from 1, drafts included, whatever they hold', () => {
    const flow = newFlow();

    const first = flow.addVersion(loginGraph(), T1);
    const second = flow.addVersion({ nodes: [], edges: [] }, T1);

    expect([first.version, second.version, flow.latestVersion]).toEqual([1, 2, 2]);
    expect([flow.storedRevision, flow.revision]).toEqual([1, 3]);
    expect(flow.pullEvents().map((e) => [e.type, 'version' in e ? e.version : null])).toEqual([
      ['flow-version-added', first],
      ['flow-version-added', second],
    ]);
    expect(flow.publishedVersion).toBeNull();
  });

  it('refuses a graph above the size limit as a draft already', () => {
    const nodes = Array.from({ length: MAX_GRAPH_NODES + 1 }, (_, i) => ({ id: `n${i}`, kind: 'exit' }));
    expect(() => newFlow().addVersion({ nodes, edges: [] }, T1)).toThrow(
      expect.objectContaining({ code: 'FLOW.GRAPH_TOO_LARGE' }),
    );
  });

  it('publishes a valid version, and publishing it again changes nothing', () => {
    const flow = newFlow();
    const version = flow.addVersion(loginGraph(), T0);
    flow.pullEvents();

    flow.publish(version, T1);
    flow.publish(version, T1);

    expect([flow.publishedVersion, flow.publishedAt]).toEqual([1, T1]);
    expect(flow.pullEvents()).toEqual([
      {
        type: 'flow-version-published',
        tenantId: 'acme',
        flowId: 'f-1',
        version: 1,
        previous: null,
        occurredAt: T1,
      },
    ]);
  });

  it('publishes an older version again (a rollback)', () => {
    const flow = newFlow();
    const v1 = flow.addVersion(loginGraph(), T0);
    const v2 = flow.addVersion(loginGraph(timedPresenceParams({ presetHours: [1, 2, 3, 4] })), T0);
    flow.publish(v2, T0);
    flow.pullEvents();

    flow.publish(v1, T1);

    expect(flow.publishedVersion).toBe(1);
    expect(flow.pullEvents()).toEqual([expect.objectContaining({ version: 1, previous: 2 })]);
  });

  it('refuses to publish a graph with problems, naming every one, and stays as it was', () => {
    const flow = newFlow();
    const version = flow.addVersion(
      { nodes: [{ id: 'tp', kind: 'timed-presence', params: {} }], edges: [] },
      T0,
    );
    flow.pullEvents();

    let error: unknown;
    try {
      flow.publish(version, T1, [{ code: 'FLOW.PROMPT_NOT_FOUND', field: 'x', message: 'gone' }]);
    } catch (thrown) {
      error = thrown;
    }

    expect(error).toBeInstanceOf(FlowGraphInvalid);
    expect((error as FlowGraphInvalid).problems.map((p) => p.code)).toEqual([
      'FLOW.PARAM_REQUIRED',
      'FLOW.ENTRY_MISSING',
      'FLOW.EXIT_MISSING',
      'FLOW.PROMPT_NOT_FOUND',
    ]);
    expect((error as FlowGraphInvalid).details).toMatchObject({ flowId: 'f-1', version: 1 });
    expect(flow.publishedVersion).toBeNull();
    expect(flow.pullEvents()).toEqual([]);
  });

  it("refuses to publish another flow's version", () => {
    const other = Flow.create({ id: 'f-2', tenantId: 'acme', name: 'B' }, T0).addVersion(loginGraph(), T0);

    expect(() => newFlow().publish(other, T1)).toThrow(
      expect.objectContaining({ code: 'FLOW.VERSION_NOT_FOUND' }),
    );
  });
});

describe('FlowVersion', () => {
  const version = () => newFlow().addVersion(loginGraph(timedPresenceParams({ notifyOnExpiry: true })), T0);

  it('names the prompts it plays, each once', () => {
    const v = newFlow().addVersion(
      loginGraph(
        timedPresenceParams({
          prompts: { ...(timedPresenceParams().prompts as object), online: 'p-welcome' },
        }),
      ),
      T0,
    );

    expect(v.promptIds()).toEqual([
      'p-welcome',
      'p-resource-lookup-error',
      'p-preset-hours',
      'p-custom-hours',
      'p-invalid-input',
      'p-offline',
    ]);
  });

  it('names each reference to a prompt media does not have', () => {
    expect(version().missingPromptProblems(['p-online', 'p-elsewhere'])).toEqual([
      {
        code: 'FLOW.PROMPT_NOT_FOUND',
        field: 'nodes[1].params.prompts.online',
        node: 'tp',
        message: 'the tenant has no prompt p-online',
      },
    ]);
  });

  it('finds the Timed Presence activity a call runs, with its settings', () => {
    const { node, settings } = version().timedPresence();

    expect(node.id).toBe('tp');
    expect(settings.notifyOnExpiry).toBe(true);
  });

  it('says so when no Timed Presence activity follows the Entry', () => {
    const v = newFlow().addVersion(
      {
        nodes: [
          { id: 'in', kind: 'entry' },
          { id: 'out', kind: 'exit' },
        ],
        edges: [{ from: 'in', to: 'out' }],
      },
      T0,
    );

    expect(() => v.timedPresence()).toThrow(
      expect.objectContaining({ code: 'FLOW.NO_TIMED_PRESENCE_ACTIVITY' }),
    );
  });

  it('keeps what it was created with', () => {
    const v = version();
    expect(v.toSnapshot()).toEqual({
      tenantId: 'acme',
      flowId: 'f-1',
      version: 1,
      graph: v.graph,
      createdAt: T0,
    });
    expect(v.createdAt).toEqual(T0);
  });
});
