import { ConfigValidationError, loadEnv } from '@tp/platform';
import { DispatchEnvSchema } from './dispatch.config';

const KEY = Buffer.alloc(32, 7).toString('base64');
const PROD = {
  NODE_ENV: 'production',
  PUBLIC_BASE_URL: 'https://voice.example.com',
  TWILIO_TOKEN_ENCRYPTION_KEY: KEY,
};

function problems(env: Record<string, string>): string[] {
  try {
    loadEnv(DispatchEnvSchema, env);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.issues;
    throw error;
  }
  return [];
}

describe('DispatchEnvSchema', () => {
  it('needs nothing on a laptop', () => {
    const config = loadEnv(DispatchEnvSchema, {});

    expect(config.publicBaseUrl).toBe('http://127.0.0.1:3000');
    expect(config.platformAccount).toBeNull();
    expect(config.twilioApiBaseUrl).toBe('https://api.twilio.com');
    expect(Buffer.from(config.tokenEncryptionKey.reveal(), 'base64')).toHaveLength(32);
    expect(config.webhookDeadlineMs).toBe(2000);
  });

  it('offers with a 20 s ring, 3 misses in a row, 10 s of wrap-up and a 1 s tick unless told', () => {
    expect(loadEnv(DispatchEnvSchema, {}).offers).toEqual({
      ringTimeoutS: 20,
      screeningTimeoutS: 8,
      maxConsecutiveMisses: 3,
      wrapUpS: 10,
      tickMs: 1000,
      announcePosition: true,
    });
    expect(
      loadEnv(DispatchEnvSchema, {
        DISPATCH_RING_TIMEOUT_SECONDS: '5',
        DISPATCH_WRAP_UP_SECONDS: '0',
        DISPATCH_ANNOUNCE_QUEUE_POSITION: 'false',
      }).offers,
    ).toMatchObject({ ringTimeoutS: 5, wrapUpS: 0, announcePosition: false });
  });

  it('chooses agents from the replica copy unless told not to (ADR 16)', () => {
    expect(loadEnv(DispatchEnvSchema, {}).routingAgentCopy).toEqual({
      enabled: true,
      listenUrl: null,
      reloadMs: 60_000,
    });
    expect(
      loadEnv(DispatchEnvSchema, {
        DISPATCH_ROUTING_AGENT_COPY: 'false',
        DISPATCH_ROUTING_COPY_LISTEN_URL: 'postgresql://dispatch@postgres-rw:5432/tp',
        DISPATCH_ROUTING_COPY_RELOAD_SECONDS: '300',
      }).routingAgentCopy,
    ).toEqual({ enabled: false, listenUrl: 'postgresql://dispatch@postgres-rw:5432/tp', reloadMs: 300_000 });
  });

  it.each([
    ['DISPATCH_RING_TIMEOUT_SECONDS', '4'],
    ['DISPATCH_RING_TIMEOUT_SECONDS', '121'],
    ['DISPATCH_MAX_CONSECUTIVE_MISSES', '0'],
    ['DISPATCH_WRAP_UP_SECONDS', '-1'],
    ['DISPATCH_ROUTING_TICK_MS', '50'],
    ['DISPATCH_ROUTING_IDLE_TICK_MS', '50'],
    ['DISPATCH_ANNOUNCE_QUEUE_POSITION', 'yes'],
    ['DISPATCH_ROUTING_AGENT_COPY', 'no'],
    ['DISPATCH_ROUTING_COPY_LISTEN_URL', 'not a url'],
    ['DISPATCH_ROUTING_COPY_RELOAD_SECONDS', '1'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(problems({ [name]: value }).join('\n')).toContain(name);
  });

  it('reads the public URL without a trailing slash, keeping a path prefix', () => {
    expect(
      loadEnv(DispatchEnvSchema, { PUBLIC_BASE_URL: 'https://voice.example.com/dispatch/' }).publicBaseUrl,
    ).toBe('https://voice.example.com/dispatch');
  });

  it('holds the platform account with its token out of sight', () => {
    const config = loadEnv(DispatchEnvSchema, {
      TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef',
      TWILIO_AUTH_TOKEN: 'fedcba9876543210fedcba9876543210',
      TWILIO_API_BASE_URL: 'http://127.0.0.1:4010/',
    });

    expect(config.platformAccount?.accountSid).toBe('AC0123456789abcdef0123456789abcdef');
    expect(config.platformAccount?.authToken.reveal()).toBe('fedcba9876543210fedcba9876543210');
    expect(JSON.stringify(config)).not.toContain('fedcba9876543210fedcba9876543210');
    expect(config.twilioApiBaseUrl).toBe('http://127.0.0.1:4010');
  });

  it('takes a production configuration that sets its own URL and key', () => {
    expect(problems(PROD)).toEqual([]);
  });

  it.each([
    [{ ...PROD, PUBLIC_BASE_URL: undefined }, 'PUBLIC_BASE_URL must be set in production'],
    [{ ...PROD, PUBLIC_BASE_URL: 'http://voice.example.com' }, 'PUBLIC_BASE_URL must be https in production'],
    [
      { ...PROD, TWILIO_TOKEN_ENCRYPTION_KEY: undefined },
      'TWILIO_TOKEN_ENCRYPTION_KEY must be set in production',
    ],
    [
      {
        ...PROD,
        TWILIO_TOKEN_ENCRYPTION_KEY: Buffer.from('timed-presence-dev-only-key-0000').toString('base64'),
      },
      'TWILIO_TOKEN_ENCRYPTION_KEY must be a key of your own in production',
    ],
  ])('refuses an unsafe production setting (%#)', (env, problem) => {
    const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as Record<
      string,
      string
    >;
    expect(problems(defined).join('; ')).toContain(problem);
  });

  it.each([
    [{ PUBLIC_BASE_URL: 'voice.example.com' }, 'PUBLIC_BASE_URL must be an absolute URL'],
    [{ PUBLIC_BASE_URL: 'ftp://voice.example.com' }, 'PUBLIC_BASE_URL must be an http(s) URL'],
    [{ PUBLIC_BASE_URL: 'https://voice.example.com/?x=1' }, 'PUBLIC_BASE_URL must have no query'],
    [{ TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef' }, 'TWILIO_AUTH_TOKEN must be set together'],
    [{ TWILIO_AUTH_TOKEN: 'fedcba9876543210' }, 'TWILIO_ACCOUNT_SID must be set together'],
    [
      { TWILIO_ACCOUNT_SID: 'SK0123', TWILIO_AUTH_TOKEN: 'fedcba9876543210' },
      'TWILIO_ACCOUNT_SID must be AC',
    ],
    [{ TWILIO_TOKEN_ENCRYPTION_KEY: 'c2hvcnQ=' }, 'TWILIO_TOKEN_ENCRYPTION_KEY must be 32 bytes in base64'],
    [{ DISPATCH_WEBHOOK_DEADLINE_MS: '20' }, 'DISPATCH_WEBHOOK_DEADLINE_MS'],
  ])('names a wrong setting (%#)', (env, problem) => {
    expect(problems(env).join('; ')).toContain(problem);
  });
});
