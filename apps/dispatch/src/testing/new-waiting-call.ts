import type { NewWaitingCall } from '../routing/application/ports/routing-queue.port';

let calls = 0;

/**
 * A waiting call as a flow's `enqueue` makes it: tenant `acme`, a fresh CallSid, turn 2 of its
 * session, the platform's account, the Support queue (skill `support`), priority 0, enqueued at
 * `enqueuedAt` (default 2026-11-24T18:00:00Z) with a five-minute maximum wait.
 */
export function newWaitingCall(overrides: Partial<NewWaitingCall> = {}): NewWaitingCall {
  const n = ++calls;
  const enqueuedAt = overrides.enqueuedAt ?? new Date('2026-11-24T18:00:00.000Z');
  return {
    id: `call-${n}`,
    tenantId: 'acme',
    callSid: `CA${'c'.repeat(24)}${String(n).padStart(8, '0')}`,
    sessionId: `session-${n}`,
    turn: 2,
    twilioAccount: 'platform',
    contactPoint: '+14155550100',
    queueNodeId: 'queue-1',
    queueName: 'Support',
    requiredSkills: ['support'],
    priority: 0,
    hold: [{ type: 'say', text: 'Please hold.' }],
    enqueuedAt,
    deadline: new Date(enqueuedAt.getTime() + 300_000),
    ...overrides,
  };
}
