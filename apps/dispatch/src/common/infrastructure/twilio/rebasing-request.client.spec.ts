import { RebasingRequestClient } from './rebasing-request.client';

describe(RebasingRequestClient.name, () => {
  it("sends Twilio's REST requests to the configured base URL, path and query kept", () => {
    const client = new RebasingRequestClient('http://127.0.0.1:4010/twilio-double');
    expect(client.rebase('https://api.twilio.com/2010-04-01/Accounts/AC1/Calls.json?x=1')).toBe(
      'http://127.0.0.1:4010/twilio-double/2010-04-01/Accounts/AC1/Calls.json?x=1',
    );
  });

  it("leaves Twilio's own URL alone by default", () => {
    const uri = 'https://api.twilio.com/2010-04-01/Accounts/AC1/Calls.json';
    expect(new RebasingRequestClient('https://api.twilio.com').rebase(uri)).toBe(uri);
  });
});
