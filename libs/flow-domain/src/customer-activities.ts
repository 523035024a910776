import { DomainError } from '@tp/ddd';
import type { FlowProblem, NodeKind, PromptRef } from './flow-graph';
import { DEFAULT_BRANCH } from './flow-graph';

export const PLAY_PROMPT = 'play-prompt';
export const QUEUE = 'queue';

/** The Queue activity's ways on: the caller was bridged to an agent, or waited `maxWaitSeconds` in vain. */
export const QUEUE_ANSWERED = 'answered';
export const QUEUE_TIMEOUT = 'timeout';

export const QUEUE_NAME_MAX_LENGTH = 64;
export const REQUIRED_SKILLS_MAX = 20;
export const SKILL_NAME_MAX_LENGTH = 64;
export const QUEUE_PRIORITY_MAX = 10;
export const MAX_WAIT_SECONDS_MIN = 5;
export const MAX_WAIT_SECONDS_MAX = 3600;

/** What a Queue activity gets for the settings it leaves out. */
export const QUEUE_DEFAULTS = { requiredSkills: [] as string[], priority: 0, maxWaitSeconds: 300 } as const;

const PROMPT_ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface PlayPromptSettings {
  readonly promptId: string;
}

/** The settings of a Queue activity, defaults applied; skills as routing compares them (trimmed, lower case, once each). */
export interface QueueSettings {
  readonly name: string;
  readonly requiredSkills: readonly string[];
  readonly priority: number;
  readonly maxWaitSeconds: number;
  /** Null: the built-in hold wording. */
  readonly holdPromptId: string | null;
  /** Null: the built-in no-agent wording. */
  readonly noAgentPromptId: string | null;
}

type Add = (code: string, at: string, message: string) => void;
type Parsed<T> = { settings: T; problems: [] } | { settings: null; problems: FlowProblem[] };

/**
 * How skill names are compared, as identity stores them (`skillKey` of the identity domain):
 * `Spanish` and ` spanish` are one skill.
 */
export function skillKey(name: string): string {
  return name.trim().toLowerCase();
}

/** Reads a Play Prompt node's parameters: `{ promptId }`, or every problem naming its field. */
export function parsePlayPromptParams(params: unknown, field = 'params'): Parsed<PlayPromptSettings> {
  const problems: FlowProblem[] = [];
  const add: Add = (code, at, message) => problems.push({ code, field: at, message });
  if (!isRecord(params)) {
    add('FLOW.PARAMS_INVALID', field, 'a Play Prompt activity needs its parameters (an object)');
    return { settings: null, problems };
  }
  unknownKeys(params, ['promptId'], field, add);
  const promptId = readPromptId(params.promptId, `${field}.promptId`, true, add);
  if (problems.length > 0 || promptId === null) return { settings: null, problems };
  return { settings: { promptId }, problems: [] };
}

const QUEUE_PARAMS = [
  'name',
  'requiredSkills',
  'priority',
  'maxWaitSeconds',
  'holdPromptId',
  'noAgentPromptId',
] as const;

/** Reads a Queue node's parameters: the settings with defaults applied, or every problem naming its field. */
export function parseQueueParams(params: unknown, field = 'params'): Parsed<QueueSettings> {
  const problems: FlowProblem[] = [];
  const add: Add = (code, at, message) => problems.push({ code, field: at, message });
  if (!isRecord(params)) {
    add('FLOW.PARAMS_INVALID', field, 'a Queue activity needs its parameters (an object)');
    return { settings: null, problems };
  }
  unknownKeys(params, QUEUE_PARAMS, field, add);

  let name: string | null = null;
  if (params.name === undefined) {
    add(
      'FLOW.PARAM_REQUIRED',
      `${field}.name`,
      'name the queue (agents hear it: "A call from the Support queue")',
    );
  } else if (typeof params.name !== 'string') {
    add('FLOW.PARAM_INVALID', `${field}.name`, `must be text of 1 to ${QUEUE_NAME_MAX_LENGTH} characters`);
  } else {
    const text = params.name.trim();
    if (text.length === 0 || text.length > QUEUE_NAME_MAX_LENGTH)
      add('FLOW.PARAM_INVALID', `${field}.name`, `must be 1 to ${QUEUE_NAME_MAX_LENGTH} characters`);
    // eslint-disable-next-line no-control-regex
    else if (/[\u0000-\u001f\u007f]/.test(text))
      add('FLOW.PARAM_INVALID', `${field}.name`, 'must not contain control characters');
    else name = text;
  }

  const requiredSkills = readSkills(params.requiredSkills, `${field}.requiredSkills`, add);
  const priority = readWhole(
    params.priority,
    `${field}.priority`,
    QUEUE_DEFAULTS.priority,
    0,
    QUEUE_PRIORITY_MAX,
    add,
  );
  const maxWaitSeconds = readWhole(
    params.maxWaitSeconds,
    `${field}.maxWaitSeconds`,
    QUEUE_DEFAULTS.maxWaitSeconds,
    MAX_WAIT_SECONDS_MIN,
    MAX_WAIT_SECONDS_MAX,
    add,
  );
  const holdPromptId = readPromptId(params.holdPromptId, `${field}.holdPromptId`, false, add);
  const noAgentPromptId = readPromptId(params.noAgentPromptId, `${field}.noAgentPromptId`, false, add);

  if (
    problems.length > 0 ||
    name === null ||
    requiredSkills === null ||
    priority === null ||
    maxWaitSeconds === null
  )
    return { settings: null, problems };
  return {
    settings: { name, requiredSkills, priority, maxWaitSeconds, holdPromptId, noAgentPromptId },
    problems: [],
  };
}

/** The settings of a Play Prompt node of a published version; throws if they do not parse. */
export function playPromptSettings(params: unknown): PlayPromptSettings {
  const { settings, problems } = parsePlayPromptParams(params);
  if (settings === null) throw new ActivityParamsInvalid(PLAY_PROMPT, problems);
  return settings;
}

/** The settings of a Queue node of a published version; throws if they do not parse. */
export function queueSettings(params: unknown): QueueSettings {
  const { settings, problems } = parseQueueParams(params);
  if (settings === null) throw new ActivityParamsInvalid(QUEUE, problems);
  return settings;
}

/** Play Prompt: plays one of the tenant's prompts, then goes on (one unlabelled branch). */
export const PLAY_PROMPT_NODE: NodeKind = {
  kind: PLAY_PROMPT,
  role: 'activity',
  family: 'customer',
  branches: [DEFAULT_BRANCH],
  checkParams: (params, field) => parsePlayPromptParams(params, field).problems,
  promptRefs: (params) => refs(params, ['promptId']),
};

/**
 * Queue: parks the caller until an eligible agent answers. Both ways on are labelled (`answered`,
 * `timeout`); there is no unlabelled branch, so a reader of the graph always sees which edge is which.
 */
export const QUEUE_NODE: NodeKind = {
  kind: QUEUE,
  role: 'activity',
  family: 'customer',
  branches: [QUEUE_ANSWERED, QUEUE_TIMEOUT],
  checkParams: (params, field) => parseQueueParams(params, field).problems,
  promptRefs: (params) => refs(params, ['holdPromptId', 'noAgentPromptId']),
};

/** Parameters of a stored customer activity that do not parse any more. */
export class ActivityParamsInvalid extends DomainError {
  readonly code = 'FLOW.ACTIVITY_PARAMS_INVALID';
  readonly kind = 'invalid' as const;

  constructor(activity: string, problems: readonly FlowProblem[]) {
    super(`the ${activity} parameters are invalid: ${problems.map((p) => p.field).join(', ')}`, {
      activity,
      problems: problems.map((p) => ({ ...p })),
    });
  }
}

function refs(params: unknown, fields: readonly string[]): PromptRef[] {
  if (!isRecord(params)) return [];
  return fields.flatMap((field) => {
    const id = params[field];
    return typeof id === 'string' && PROMPT_ID.test(id) ? [{ field, promptId: id }] : [];
  });
}

function unknownKeys(
  params: Record<string, unknown>,
  known: readonly string[],
  field: string,
  add: Add,
): void {
  for (const key of Object.keys(params)) {
    if (!known.includes(key))
      add('FLOW.PARAM_UNKNOWN', `${field}.${key}`, `unknown parameter; known: ${known.join(', ')}`);
  }
}

function readPromptId(value: unknown, field: string, required: boolean, add: Add): string | null {
  if (value === undefined || value === null) {
    if (required) add('FLOW.PARAM_REQUIRED', field, 'name the prompt to play');
    return null;
  }
  if (typeof value !== 'string' || !PROMPT_ID.test(value)) {
    add('FLOW.PARAM_INVALID', field, 'must be a prompt id');
    return null;
  }
  return value;
}

function readSkills(value: unknown, field: string, add: Add): string[] | null {
  if (value === undefined) return [...QUEUE_DEFAULTS.requiredSkills];
  if (!Array.isArray(value)) {
    add('FLOW.PARAM_INVALID', field, `must be a list of up to ${REQUIRED_SKILLS_MAX} skill names`);
    return null;
  }
  if (value.length > REQUIRED_SKILLS_MAX) {
    add('FLOW.PARAM_INVALID', field, `at most ${REQUIRED_SKILLS_MAX} skills`);
    return null;
  }
  const keys: string[] = [];
  let ok = true;
  value.forEach((skill: unknown, i) => {
    const key = typeof skill === 'string' ? skillKey(skill) : '';
    if (typeof skill !== 'string' || key.length === 0 || key.length > SKILL_NAME_MAX_LENGTH) {
      add(
        'FLOW.PARAM_INVALID',
        `${field}[${i}]`,
        `must be a skill name of 1 to ${SKILL_NAME_MAX_LENGTH} characters`,
      );
      ok = false;
    } else if (/\p{Cc}/u.test(key)) {
      add('FLOW.PARAM_INVALID', `${field}[${i}]`, 'must not contain control characters');
      ok = false;
    } else if (!keys.includes(key)) {
      keys.push(key);
    }
  });
  return ok ? keys : null;
}

function readWhole(
  value: unknown,
  field: string,
  fallback: number,
  min: number,
  max: number,
  add: Add,
): number | null {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    add('FLOW.PARAM_INVALID', field, `must be a whole number in ${min}..${max}`);
    return null;
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
