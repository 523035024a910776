import { ConfigValidationError, httpPortVariable, loadEnv, PlatformEnvSchema, streamReplicas } from './env';

describe(loadEnv.name, () => {
  it('fills local defaults so that a laptop needs no configuration', () => {
    const env = loadEnv(PlatformEnvSchema, {});

    expect(env.DATABASE_URL).toBe('postgresql://postgres@127.0.0.1:5432/timed_presence');
    expect(env.NATS_URL).toBe('nats://127.0.0.1:4222');
    expect(env.LOG_FORMAT).toBe('json');
  });

  it('listens on the loopback interface only unless told otherwise (containers say 0.0.0.0)', () => {
    expect(loadEnv(PlatformEnvSchema, {}).HTTP_HOST).toBe('127.0.0.1');
    expect(loadEnv(PlatformEnvSchema, { HTTP_HOST: '0.0.0.0' }).HTTP_HOST).toBe('0.0.0.0');
    expect(loadEnv(PlatformEnvSchema, { HTTP_HOST: '::' }).HTTP_HOST).toBe('::');
    expect(() => loadEnv(PlatformEnvSchema, { HTTP_HOST: 'http://x' })).toThrow(/HTTP_HOST/);
  });

  it('creates single-replica streams unless told otherwise (a laptop runs one NATS server)', () => {
    expect(streamReplicas({})).toBe(1);
    expect(streamReplicas({ NATS_STREAM_REPLICAS: '3' })).toBe(3);
    expect(() => streamReplicas({ NATS_STREAM_REPLICAS: '0' })).toThrow();
  });

  it('drains for a few seconds after SIGTERM by default, and never for less than nothing', () => {
    expect(loadEnv(PlatformEnvSchema, {}).SHUTDOWN_DRAIN_MS).toBe(5000);
    expect(loadEnv(PlatformEnvSchema, { SHUTDOWN_DRAIN_MS: '0' }).SHUTDOWN_DRAIN_MS).toBe(0);
    expect(() => loadEnv(PlatformEnvSchema, { SHUTDOWN_DRAIN_MS: '-1' })).toThrow(/SHUTDOWN_DRAIN_MS/);
  });

  it('names every variable that is wrong, and why', () => {
    const attempt = () =>
      loadEnv(PlatformEnvSchema, {
        DATABASE_URL: 'mysql://x',
        OUTBOX_POLL_MS: 'soon',
        AUTH_JWT_SECRET: 'short',
      });

    expect(attempt).toThrow(ConfigValidationError);
    expect(attempt).toThrow(/DATABASE_URL must be a postgresql:\/\/ URL/);
    expect(attempt).toThrow(/OUTBOX_POLL_MS/);
    expect(attempt).toThrow(/AUTH_JWT_SECRET must be at least 32 characters/);
  });

  it('refuses the development signing secret in production', () => {
    expect(() => loadEnv(PlatformEnvSchema, { NODE_ENV: 'production' })).toThrow(
      /AUTH_JWT_SECRET must be set to a secret of your own in production/,
    );
    expect(
      loadEnv(PlatformEnvSchema, { NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(40) }).NODE_ENV,
    ).toBe('production');
  });

  it.each([
    ['presence', 'PRESENCE_HTTP_PORT'],
    ['flow-runtime', 'FLOW_RUNTIME_HTTP_PORT'],
  ])('names the port variable of %s %s', (app, variable) => {
    expect(httpPortVariable(app)).toBe(variable);
  });
});
