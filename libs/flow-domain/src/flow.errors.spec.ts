import {
  FlowChangedConcurrently,
  FlowGraphInvalid,
  FlowNameTaken,
  FlowNotFound,
  FlowNotPublished,
  FlowSessionChangedConcurrently,
  FlowSessionCommandUnexpected,
  FlowSessionNotFound,
  FlowWalkBroken,
} from './index';

describe('flow errors', () => {
  it.each([
    [new FlowNotFound('f-9'), 'FLOW.NOT_FOUND', 'not-found', { flowId: 'f-9' }],
    [new FlowNameTaken('Login'), 'FLOW.NAME_TAKEN', 'conflict', { field: 'name', name: 'Login' }],
    [
      new FlowChangedConcurrently('f-1', 3),
      'FLOW.CHANGED_CONCURRENTLY',
      'conflict',
      { flowId: 'f-1', expectedRevision: 3 },
    ],
    [new FlowNotPublished('f-1'), 'FLOW.NOT_PUBLISHED', 'conflict', { flowId: 'f-1' }],
    [
      new FlowSessionCommandUnexpected('s-1', 'session-input', 'queue-result'),
      'FLOW.SESSION_COMMAND_UNEXPECTED',
      'conflict',
      { sessionId: 's-1', received: 'session-input', expected: 'queue-result' },
    ],
    [new FlowWalkBroken('a gap'), 'FLOW.WALK_BROKEN', 'invalid', { reason: 'a gap' }],
    [new FlowSessionNotFound('s-9'), 'FLOW.SESSION_NOT_FOUND', 'not-found', { sessionId: 's-9' }],
    [
      new FlowSessionChangedConcurrently('s-1', 2),
      'FLOW.SESSION_CHANGED_CONCURRENTLY',
      'conflict',
      { sessionId: 's-1', expectedTurn: 2 },
    ],
    [
      new FlowGraphInvalid([
        { code: 'FLOW.EXIT_MISSING', field: 'nodes', message: 'a flow needs at least one Exit' },
      ]),
      'FLOW.GRAPH_INVALID',
      'invalid',
      {
        problems: [{ code: 'FLOW.EXIT_MISSING', field: 'nodes', message: 'a flow needs at least one Exit' }],
      },
    ],
  ])('%s carries its code, kind and details', (error, code, kind, details) => {
    expect([error.code, error.kind, error.details]).toEqual([code, kind, details]);
    expect(error.message.length).toBeGreaterThan(5);
  });
});
