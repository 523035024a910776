import { createServer } from 'node:net';
import { Secret, type TwilioCredentials } from '@tp/dispatch-domain';
import { startTwilioRestDouble, type TwilioRestDouble } from '@tp/twilio-simulator';
import type { DispatchConfig } from '../../../dispatch.config';
import {
  OwnedNumbersCredentialsRefused,
  OwnedNumbersUnavailable,
} from '../../application/ports/owned-numbers.port';
import { TwilioRestOwnedNumbers } from './twilio-rest.owned-numbers';

const SID = 'AC0123456789abcdef0123456789abcdef';
const credentials = (token = 'right'): TwilioCredentials => ({
  owner: 'tenant',
  accountSid: SID,
  authToken: new Secret(token),
});

/** A port nothing listens on: Twilio unreachable. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 1}`;
}

describe('TwilioRestOwnedNumbers against a double of Twilio REST', () => {
  let twilio: TwilioRestDouble;
  let numbers: TwilioRestOwnedNumbers;

  beforeAll(async () => {
    twilio = await startTwilioRestDouble({ [SID]: 'right' });
    twilio.ownNumbers(SID, '+15550100100', '+155501001001');
    numbers = new TwilioRestOwnedNumbers({ twilioApiBaseUrl: twilio.url } as DispatchConfig);
  });

  afterAll(() => twilio.close());

  it("asks the account's IncomingPhoneNumbers for the number, and counts only an exact match", async () => {
    await expect(numbers.owns(credentials(), '+15550100100')).resolves.toBe(true);
    await expect(numbers.owns(credentials(), '+1555010010')).resolves.toBe(false);
    await expect(numbers.owns(credentials(), '+15550100999')).resolves.toBe(false);
    expect(twilio.numberLookups.at(0)).toEqual({ accountSid: SID, phoneNumber: '+15550100100' });
  });

  it('tells refused credentials (401) apart from Twilio failing (503)', async () => {
    await expect(numbers.owns(credentials('wrong'), '+15550100100')).rejects.toBeInstanceOf(
      OwnedNumbersCredentialsRefused,
    );
    twilio.failNext(503, 20500, 'Service unavailable', 'numbers');
    await expect(numbers.owns(credentials(), '+15550100100')).rejects.toMatchObject({
      constructor: OwnedNumbersUnavailable,
      reason: 'Twilio answered 503 20500',
    });
  });

  it('is unavailable, saying why, when Twilio cannot be reached', async () => {
    const unreachable = new TwilioRestOwnedNumbers({
      twilioApiBaseUrl: await closedPortUrl(),
    } as DispatchConfig);

    await expect(unreachable.owns(credentials(), '+15550100100')).rejects.toMatchObject({
      constructor: OwnedNumbersUnavailable,
      reason: 'Twilio not reachable: ECONNREFUSED',
    });
  });
});
