import type { FlowGraph } from '@tp/flow-domain';

/** One prompt id per role of the Timed Presence activity, readable in test output (`p-welcome`). */
export function promptIdsByRole(prefix = 'p-'): Record<string, string> {
  return Object.fromEntries(
    [
      'welcome',
      'resource-lookup-error',
      'preset-hours',
      'custom-hours',
      'invalid-input',
      'online',
      'offline',
    ].map((role) => [role, `${prefix}${role}`]),
  );
}

/**
 * The parameters of a Timed Presence activity: the seven prompts `p-<role>`, presets 8/24/48/72 and
 * the defaults for the rest, with `changes` laid over them.
 */
export function timedPresenceParams(changes: Record<string, unknown> = {}): Record<string, unknown> {
  return { prompts: promptIdsByRole(), presetHours: [8, 24, 48, 72], ...changes };
}

/** The vendor page's login flow: Entry -> Timed Presence (`tp`) -> Exit. */
export function loginGraph(params: Record<string, unknown> = timedPresenceParams()): FlowGraph {
  return {
    nodes: [
      { id: 'entry', kind: 'entry' },
      { id: 'tp', kind: 'timed-presence', label: 'Timed Presence', params },
      { id: 'exit', kind: 'exit' },
    ],
    edges: [
      { from: 'entry', to: 'tp' },
      { from: 'tp', to: 'exit' },
    ],
  };
}
