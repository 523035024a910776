import type { ChannelStep, EnqueueStep, PromptContentV1, QueueOutcome, SpeechStep } from '@tp/contracts';
import type { PromptContents } from './channel-steps';
import {
  PLAY_PROMPT,
  QUEUE,
  QUEUE_ANSWERED,
  QUEUE_TIMEOUT,
  playPromptSettings,
  queueSettings,
  type QueueSettings,
} from './customer-activities';
import { DEFAULT_BRANCH, ENTRY, EXIT, type FlowGraph, type FlowNode } from './flow-graph';
import { FlowWalkBroken } from './flow.errors';

/** What a caller hears while waiting when the Queue activity's hold prompt cannot be had. */
export const HOLD_TEXT = 'Please hold, your call is important to us.';
/** What a caller hears after the maximum wait when the no-agent prompt cannot be had. */
export const NO_AGENT_TEXT =
  'Sorry, no one is available to take your call right now. Please try again later.';

/**
 * At most this many nodes are run in one turn. Validation already refuses loops of Play Prompts
 * (a loop without a way to an Exit); this bounds a turn whatever the graph.
 */
export const MAX_NODES_PER_TURN = 50;

/** A step of a customer flow's turn, before the prompts are fetched. */
export type WalkStep =
  | {
      readonly type: 'prompt';
      readonly promptId: string | null;
      /** The built-in wording if the prompt cannot be had; null: nothing is said then. */
      readonly fallback: string | null;
    }
  | { readonly type: 'enqueue'; readonly queueNodeId: string; readonly settings: QueueSettings }
  | { readonly type: 'hangup' };

/** One turn of a customer flow: what to do, and where the caller then is. */
export interface WalkTurn {
  readonly steps: readonly WalkStep[];
  /** The Queue node the caller now waits in; null when the turn ends the call. */
  readonly waitingAt: string | null;
  readonly done: boolean;
}

/**
 * Runs a customer flow's graph (Entry, Play Prompt, Queue, Exit) turn by turn: from a starting
 * point it collects the speech of consecutive Play Prompts until a node needs the channel. A Queue
 * ends the turn with an `enqueue`; an Exit ends the call with a `hangup`. Pure: the graph is a
 * published (validated) version, and the state between turns is only the Queue the caller waits in.
 */
export class CustomerWalk {
  private readonly byId: ReadonlyMap<string, FlowNode>;

  constructor(private readonly graph: FlowGraph) {
    this.byId = new Map(graph.nodes.map((n) => [n.id, n]));
  }

  /** Whether the graph is a customer flow: the node after its Entry is not a Timed Presence activity. */
  static runs(graph: FlowGraph): boolean {
    const entry = graph.nodes.find((n) => n.kind === ENTRY);
    if (entry === undefined) return false;
    const first = graph.edges.find(
      (e) => e.from === entry.id && (e.branch ?? DEFAULT_BRANCH) === DEFAULT_BRANCH,
    );
    const node = graph.nodes.find((n) => n.id === first?.to);
    return node !== undefined && (node.kind === PLAY_PROMPT || node.kind === QUEUE || node.kind === EXIT);
  }

  /** Turn 1: from the Entry to the first Queue or Exit. */
  start(): WalkTurn {
    const entry = this.graph.nodes.find((n) => n.kind === ENTRY);
    if (entry === undefined) throw new FlowWalkBroken('the flow has no Entry');
    return this.walk(this.next(entry, DEFAULT_BRANCH), []);
  }

  /**
   * The turn after the wait in the Queue `waitingAt` ended: `timeout` plays the no-agent prompt and
   * goes on along the `timeout` branch; `answered` goes on along the `answered` branch; `abandoned`
   * (the caller hung up) ends the session with a hangup and plays nothing.
   */
  queueResult(waitingAt: string, outcome: QueueOutcome): WalkTurn {
    const node = this.byId.get(waitingAt);
    if (node?.kind !== QUEUE) throw new FlowWalkBroken(`"${waitingAt}" is not a Queue of the flow`);
    switch (outcome) {
      case 'abandoned':
        return { steps: [{ type: 'hangup' }], waitingAt: null, done: true };
      case 'answered':
        return this.walk(this.next(node, QUEUE_ANSWERED), []);
      case 'timeout': {
        const { noAgentPromptId } = queueSettings(node.params);
        const noAgent: WalkStep = { type: 'prompt', promptId: noAgentPromptId, fallback: NO_AGENT_TEXT };
        return this.walk(this.next(node, QUEUE_TIMEOUT), [noAgent]);
      }
    }
  }

  private walk(start: FlowNode, steps: WalkStep[]): WalkTurn {
    let node = start;
    for (let count = 1; count <= MAX_NODES_PER_TURN; count += 1) {
      switch (node.kind) {
        case EXIT:
          return { steps: [...steps, { type: 'hangup' }], waitingAt: null, done: true };
        case QUEUE:
          steps.push({ type: 'enqueue', queueNodeId: node.id, settings: queueSettings(node.params) });
          return { steps, waitingAt: node.id, done: false };
        case PLAY_PROMPT:
          steps.push({ type: 'prompt', promptId: playPromptSettings(node.params).promptId, fallback: null });
          node = this.next(node, DEFAULT_BRANCH);
          break;
        default:
          throw new FlowWalkBroken(`a customer flow cannot run the ${node.kind} node "${node.id}"`);
      }
    }
    throw new FlowWalkBroken(`more than ${MAX_NODES_PER_TURN} nodes without a Queue or an Exit`);
  }

  private next(from: FlowNode, branch: string): FlowNode {
    const edge = this.graph.edges.find((e) => e.from === from.id && (e.branch ?? DEFAULT_BRANCH) === branch);
    const node = edge === undefined ? undefined : this.byId.get(edge.to);
    if (node === undefined) {
      const which = branch === DEFAULT_BRANCH ? '' : ` on branch "${branch}"`;
      throw new FlowWalkBroken(`nothing follows "${from.id}"${which}`);
    }
    return node;
  }
}

/** The prompt ids a turn plays (each once): what to ask media for before rendering it. */
export function walkPromptIds(turn: WalkTurn): string[] {
  const ids = turn.steps.flatMap((step) => {
    switch (step.type) {
      case 'prompt':
        return step.promptId === null ? [] : [step.promptId];
      case 'enqueue':
        return step.settings.holdPromptId === null ? [] : [step.settings.holdPromptId];
      case 'hangup':
        return [];
    }
  });
  return [...new Set(ids)];
}

/**
 * The channel steps of a turn: each prompt as `say` or `play` from the tenant's prompt; a prompt
 * media did not deliver is the built-in wording where there is one (hold, no agent) and is left out
 * otherwise (a Play Prompt: the call goes on rather than failing). The built-in wording speaks with
 * the voice of the turn's first English text-to-speech prompt, if any.
 */
export function renderWalk(turn: WalkTurn, contents: PromptContents): ChannelStep[] {
  const voice = houseVoice(turn, contents);
  const speech = (promptId: string | null, fallback: string | null): SpeechStep[] => {
    const content = promptId === null ? undefined : contents.get(promptId);
    if (content !== undefined) return [fromContent(content)];
    return fallback === null ? [] : [{ type: 'say', text: fallback, ...voice }];
  };
  return turn.steps.flatMap((step): ChannelStep[] => {
    switch (step.type) {
      case 'prompt':
        return speech(step.promptId, step.fallback);
      case 'hangup':
        return [{ type: 'hangup' }];
      case 'enqueue': {
        const { settings } = step;
        const enqueue: EnqueueStep = {
          type: 'enqueue',
          queueNodeId: step.queueNodeId,
          queueName: settings.name,
          requiredSkills: [...settings.requiredSkills],
          priority: settings.priority,
          maxWaitS: settings.maxWaitSeconds,
          hold: speech(settings.holdPromptId, HOLD_TEXT),
        };
        return [enqueue];
      }
    }
  });
}

function fromContent(content: PromptContentV1): SpeechStep {
  return content.kind === 'tts'
    ? { type: 'say', text: content.text, voice: content.voice, language: content.language }
    : { type: 'play', url: content.url };
}

function houseVoice(turn: WalkTurn, contents: PromptContents): { voice?: string; language?: string } {
  for (const id of walkPromptIds(turn)) {
    const content = contents.get(id);
    if (content?.kind === 'tts' && /^en(-|$)/i.test(content.language))
      return { voice: content.voice, language: content.language };
  }
  return {};
}
