import { DEFAULT_BRANCH, ENTRY, EXIT, type FlowProblem, type NodeKind, type NodeKinds } from './flow-graph';
import { PLAY_PROMPT_NODE, QUEUE_NODE } from './customer-activities';
import { TIMED_PRESENCE_NODE } from './timed-presence-activity';

/** Entry and Exit take no parameters; an empty object is fine, anything else is a slip. */
function noParams(params: unknown, field: string): FlowProblem[] {
  const empty =
    params === undefined ||
    params === null ||
    (typeof params === 'object' && !Array.isArray(params) && Object.keys(params).length === 0);
  return empty
    ? []
    : [{ code: 'FLOW.PARAM_UNKNOWN', field, message: 'this kind of node takes no parameters' }];
}

export const ENTRY_NODE: NodeKind = {
  kind: ENTRY,
  role: 'entry',
  branches: [DEFAULT_BRANCH],
  checkParams: noParams,
  promptRefs: () => [],
};

export const EXIT_NODE: NodeKind = {
  kind: EXIT,
  role: 'exit',
  branches: [],
  checkParams: noParams,
  promptRefs: () => [],
};

/** The kinds of node this product runs: the login flow's Timed Presence; customer flows' Play Prompt and Queue. */
export const NODE_KINDS: NodeKinds = new Map(
  [ENTRY_NODE, EXIT_NODE, TIMED_PRESENCE_NODE, PLAY_PROMPT_NODE, QUEUE_NODE].map((k) => [k.kind, k]),
);
