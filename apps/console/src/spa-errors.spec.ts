// The single-page app's error wording and field mapping (plain TypeScript, run here under Node).
import { ApiError, errorFromResponse, humanReason } from '../web/src/api/errors';
import { formErrors } from '../web/src/api/form-errors';
import { credentialFrom, readClaims } from '../web/src/auth/jwt';

const response = (status: number) => new Response(null, { status });

describe('errors from the apps, in words for the admin', () => {
  it('puts each field problem of a 400 next to its form field, in plain words', () => {
    const error = errorFromResponse(response(400), {
      statusCode: 400,
      code: 'REQUEST.INVALID',
      message: 'name: must not be blank; phoneNumber: is not an E.164 phone number (missing-country-code)',
      errors: [
        { field: 'name', reason: 'must not be blank' },
        { field: 'phoneNumber', reason: 'is not an E.164 phone number (missing-country-code)' },
      ],
    });

    const result = formErrors(error, ['name', 'phoneNumber', 'flowId']);

    expect(result.fields).toEqual({
      name: 'Must not be blank',
      phoneNumber: 'Needs its country code, like +1-234-567-8910',
    });
    expect(result.summary).toBe('Nothing was saved: correct the marked fields.');
  });

  it('reads a domain error’s details.field, and a conflict’s clashing value, as the field at fault', () => {
    const invalid = errorFromResponse(response(400), {
      code: 'IDENTITY.INVALID_FIELD',
      message: 'pin must be 4 to 8 digits',
      details: { field: 'pin', rule: 'must be 4 to 8 digits' },
    });
    const taken = errorFromResponse(response(409), {
      code: 'DISPATCH.PHONE_NUMBER_TAKEN',
      message: 'the phone number +15550100100 is already mapped; a number dispatches to one flow only',
      details: { phoneNumber: '+15550100100' },
    });

    expect(formErrors(invalid, ['pin']).fields).toEqual({ pin: 'Must be 4 to 8 digits' });
    expect(formErrors(taken, ['name', 'phoneNumber']).fields).toEqual({
      phoneNumber: 'The phone number +15550100100 is already mapped; a number dispatches to one flow only',
    });
  });

  it('maps the problems of a version that cannot be published onto the form by a renaming', () => {
    const error = errorFromResponse(response(400), {
      code: 'FLOW.NOT_PUBLISHABLE',
      message: 'the flow cannot be published',
      details: { problems: [{ field: 'nodes[1].params.presetHours[2]', message: 'must be at most 99' }] },
    });

    const result = formErrors(error, ['presetHours.2'], (f) =>
      f.replace(/\[(\d+)\]/g, '.$1').replace(/^nodes\.\d+\.params\./, ''),
    );

    expect(result.fields).toEqual({ 'presetHours.2': 'Must be at most 99' });
  });

  it.each([
    [401, 'signed-out', /sign-in has expired.*kept/],
    [503, 'unavailable', /not answering.*Nothing was saved/],
    [500, 'server', /Nothing was saved/],
  ])('says what a %s means and that nothing was lost', (status, kind, words) => {
    const error = errorFromResponse(response(status), 'Bad Gateway');

    expect(error).toMatchObject({ kind, status });
    expect(formErrors(error, ['name'])).toEqual({ fields: {}, summary: expect.stringMatching(words) });
  });

  it('keeps a field problem it cannot place in the summary, naming the field', () => {
    const error = new ApiError('invalid', 400, 'bad', 'REQUEST.INVALID', [
      { field: 'extensions.0.type', reason: 'is wrong' },
    ]);

    expect(formErrors(error, ['name'])).toEqual({
      fields: {},
      summary: 'Nothing was saved: extensions.0.type: is wrong',
    });
  });

  it.each([
    ['Invalid input: expected string, received undefined', 'is required'],
    ['Too big: expected string to have <=100 characters', 'must be at most 100 characters'],
    ['Invalid email address', 'is not an email address'],
    ['must be 1 to 10 digits', 'must be 1 to 10 digits'],
  ])('rewords "%s"', (reason, words) => {
    expect(humanReason(reason)).toBe(words);
  });
});

describe('the sign-in link', () => {
  const payload = Buffer.from(
    JSON.stringify({ tid: 'acme', sub: 'acme-admin', exp: 2_000_000_000 }),
  ).toString('base64url');
  const credential = `eyJhbGciOiJIUzI1NiJ9.${payload}.c2ln`;

  it('takes the credential from the link’s fragment, or a bare credential', () => {
    expect(credentialFrom(`http://127.0.0.1:3005/signin#credential=${credential}`)).toBe(credential);
    expect(credentialFrom(`#credential=${credential}`)).toBe(credential);
    expect(credentialFrom(`  ${credential} `)).toBe(credential);
    expect(readClaims(credential)).toMatchObject({ tid: 'acme', sub: 'acme-admin' });
  });

  it('refuses what is not a token', () => {
    expect(credentialFrom('#credential=nonsense')).toBeNull();
    expect(credentialFrom('')).toBeNull();
  });
});
