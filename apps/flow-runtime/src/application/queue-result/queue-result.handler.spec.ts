import { HOLD_TEXT, NO_AGENT_TEXT } from '@tp/flow-domain';
import { customerPromptIds, loginGraph } from '@tp/fakes';
import {
  customerCalls,
  customerFixture,
  customerWithFlow,
  heard,
} from '../../testing/session-handlers.fixture';
import { SessionInputCommand } from '../session-input/session-input.command';
import { QueueResultHandler } from './queue-result.handler';

const IDS = customerPromptIds();

describe(QueueResultHandler.name, () => {
  let { clock, flows, sessions, prompts, start, input, result } = customerFixture();
  let flowId = '';

  beforeEach(async () => {
    ({ clock, flows, sessions, prompts, start, input, result, flowId } = await customerWithFlow());
  });

  const { call, waited, published } = customerCalls(() => ({ flows, clock, start, result, flowId }));

  it('after the maximum wait plays the no-agent prompt and the timeout branch, then ends', async () => {
    const first = await call();
    clock.advanceBy(60_000);

    const second = await waited(first, 'timeout');

    expect(second).toMatchObject({ sessionId: first.sessionId, turn: 2, done: true });
    expect(heard(second)).toEqual([`<${IDS.noAgent}>`, `<${IDS.goodbye}>`, '(hangup)']);
    expect(sessions.all('acme')).toMatchObject([
      { status: 'ended', outcome: 'timeout', waitingAt: null, turn: 2 },
    ]);
  });

  it('after an answered call follows the answered branch to the Exit', async () => {
    const second = await waited(await call(), 'answered');

    expect(second).toEqual({ sessionId: 'session-1', turn: 2, steps: [{ type: 'hangup' }], done: true });
    expect(sessions.all('acme')).toMatchObject([{ status: 'ended', outcome: 'answered' }]);
  });

  it('ends an abandoned wait with a hangup, playing nothing', async () => {
    const second = await waited(await call(), 'abandoned');

    expect(second.steps).toEqual([{ type: 'hangup' }]);
    expect(sessions.all('acme')).toMatchObject([{ status: 'ended', outcome: 'abandoned' }]);
  });

  it('answers a retried result with the same turn and changes nothing twice, also when both arrive at once', async () => {
    const first = await call();
    const [a, b] = await Promise.all([waited(first, 'timeout'), waited(first, 'timeout')]);
    const later = await waited(first, 'answered'); // whatever a late retry says: the turn stands

    expect(b).toEqual(a);
    expect(later).toEqual(a);
    expect(sessions.all('acme')).toMatchObject([{ turn: 2, outcome: 'timeout' }]);
  });

  it('refuses a result for a turn it never reached, after the end, or of a session it does not know', async () => {
    const first = await call();
    await expect(waited({ ...first, turn: 2 }, 'timeout')).rejects.toMatchObject({
      code: 'FLOW.SESSION_TURN_MISMATCH',
    });
    const second = await waited(first, 'timeout');
    await expect(waited(second, 'timeout')).rejects.toMatchObject({ code: 'FLOW.SESSION_ENDED' });
    await expect(waited(first, 'timeout', 'other')).rejects.toMatchObject({ code: 'FLOW.SESSION_NOT_FOUND' });
  });

  it('refuses keys to a caller waiting in a queue, and a queue result to a login call', async () => {
    const first = await call();
    await expect(
      input.execute(new SessionInputCommand('acme', first.sessionId, first.turn, '1')),
    ).rejects.toMatchObject({ code: 'FLOW.SESSION_COMMAND_UNEXPECTED' });

    const login = await call(await published(loginGraph()), `CA${'d'.repeat(32)}`);
    expect(login.steps.at(-1)).toMatchObject({ type: 'hangup' }); // an unknown caller
    await expect(waited(login, 'timeout')).rejects.toMatchObject({
      code: 'FLOW.SESSION_COMMAND_UNEXPECTED',
      details: { expected: 'session-input', received: 'queue-result' },
    });
  });

  it('speaks the built-in hold and no-agent wording when media does not deliver', async () => {
    prompts.goDown();
    const first = await call();
    expect(heard(first)).toEqual([`(enqueue Support: ${HOLD_TEXT})`]);
    expect(heard(await waited(first, 'timeout'))).toEqual([NO_AGENT_TEXT, '(hangup)']);
  });
});
