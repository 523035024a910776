import type { FlowEdge, FlowGraph, FlowNode } from '@tp/flow-domain';

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

/** The prompt ids of {@link customerGraph} by role, readable in test output (`p-greeting`, `p-hold`, ...). */
export interface CustomerPromptIds {
  /** Played first (a Play Prompt after the Entry). */
  greeting: string;
  /** The Queue's hold prompt. */
  hold: string;
  /** The Queue's no-agent prompt, after the maximum wait. */
  noAgent: string;
  /** Played on the timeout branch before the Exit (a Play Prompt). */
  goodbye: string;
}

export function customerPromptIds(prefix = 'p-'): CustomerPromptIds {
  return {
    greeting: `${prefix}greeting`,
    hold: `${prefix}hold`,
    noAgent: `${prefix}no-agent`,
    goodbye: `${prefix}goodbye`,
  };
}

/**
 * The parameters of a Queue activity: the `Support` queue, skill `support`, priority 0, 60 s of
 * maximum wait, the hold and no-agent prompts `p-hold` and `p-no-agent`, with `changes` laid over
 * them (a key set to `undefined` is left out).
 */
export function queueParams(changes: Record<string, unknown> = {}): Record<string, unknown> {
  const ids = customerPromptIds();
  const params: Record<string, unknown> = {
    name: 'Support',
    requiredSkills: ['support'],
    priority: 0,
    maxWaitSeconds: 60,
    holdPromptId: ids.hold,
    noAgentPromptId: ids.noAgent,
    ...changes,
  };
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
}

export interface CustomerGraphOptions {
  /** The Queue's parameters (see {@link queueParams}); default `queueParams()`. */
  queue?: Record<string, unknown>;
  /** The prompt of the Play Prompt `greeting` after the Entry; null: no greeting (Entry -> Queue). */
  greetingPromptId?: string | null;
  /** The prompt of the Play Prompt `goodbye` on the timeout branch; null: the timeout branch goes straight to the Exit. */
  goodbyePromptId?: string | null;
}

/**
 * A customer flow: Entry -> Play Prompt `greeting` -> Queue `queue`; the queue's
 * `answered` branch -> Exit `exit`; its `timeout` branch -> Play Prompt `goodbye` -> Exit `exit`.
 * Prompt ids default to {@link customerPromptIds}.
 */
export function customerGraph(options: CustomerGraphOptions = {}): FlowGraph {
  const ids = customerPromptIds();
  const greeting = options.greetingPromptId === undefined ? ids.greeting : options.greetingPromptId;
  const goodbye = options.goodbyePromptId === undefined ? ids.goodbye : options.goodbyePromptId;
  const nodes: FlowNode[] = [{ id: 'entry', kind: 'entry' }];
  const edges: FlowEdge[] = [];
  if (greeting !== null) {
    nodes.push({ id: 'greeting', kind: 'play-prompt', label: 'Greeting', params: { promptId: greeting } });
    edges.push({ from: 'entry', to: 'greeting' }, { from: 'greeting', to: 'queue' });
  } else {
    edges.push({ from: 'entry', to: 'queue' });
  }
  nodes.push({ id: 'queue', kind: 'queue', label: 'Queue', params: options.queue ?? queueParams() });
  edges.push({ from: 'queue', to: 'exit', branch: 'answered' });
  if (goodbye !== null) {
    nodes.push({ id: 'goodbye', kind: 'play-prompt', label: 'Goodbye', params: { promptId: goodbye } });
    edges.push({ from: 'queue', to: 'goodbye', branch: 'timeout' }, { from: 'goodbye', to: 'exit' });
  } else {
    edges.push({ from: 'queue', to: 'exit', branch: 'timeout' });
  }
  nodes.push({ id: 'exit', kind: 'exit' });
  return { nodes, edges };
}
