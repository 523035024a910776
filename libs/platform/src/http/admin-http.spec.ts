import { Body, Controller, Get, Logger, Module, Param, Post, UseGuards } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { DomainError } from '@tp/ddd';
import { z } from 'zod';
import { mintAdminToken } from '../auth/admin-token';
import { TenantAdminGuard, TenantId } from '../auth/tenant-admin.guard';
import { TenantDirectory } from '../auth/tenant-directory';
import { loadEnv, PlatformEnvSchema } from '../config/env';
import { PLATFORM_ENV } from '../nest/tokens';
import { HttpErrorFilter } from './http-exception.filter';
import { ZodValidationPipe } from './zod-validation.pipe';

class UserNotFound extends DomainError {
  readonly code = 'IDENTITY.USER_NOT_FOUND';
  readonly kind = 'not-found' as const;
  constructor(id: string) {
    super(`no user ${id}`, { userId: id });
  }
}

const CreateUser = z.object({ name: z.string().min(1), email: z.email() });
const users = new Map<string, { tenant: string; name: string }>([['u-1', { tenant: 'acme', name: 'Ann' }]]);

@Controller('v1/users')
@UseGuards(TenantAdminGuard)
class UsersController {
  @Get(':id')
  get(@TenantId() tenant: string, @Param('id') id: string) {
    const user = users.get(id);
    if (!user || user.tenant !== tenant) throw new UserNotFound(id);
    return user;
  }

  @Post()
  create(
    @TenantId() tenant: string,
    @Body(new ZodValidationPipe(CreateUser)) body: z.infer<typeof CreateUser>,
  ) {
    return { tenant, ...body };
  }

  @Get()
  crash(): never {
    throw new Error('db password leaked in this message');
  }
}

/** Every tenant is set up (only OpenID Connect sign-ins ask; this file signs in with our credential). */
class EveryTenant extends TenantDirectory {
  isKnown(): Promise<boolean> {
    return Promise.resolve(true);
  }
}

/** Stands in for dispatch's Twilio webhooks (only form bodies have a parser there). */
@Controller('twilio')
class TwilioController {
  @Post('voice')
  voice(): string {
    return '<Response/>';
  }
}

@Module({
  controllers: [UsersController, TwilioController],
  providers: [
    { provide: PLATFORM_ENV, useValue: loadEnv(PlatformEnvSchema, {}) },
    { provide: TenantDirectory, useClass: EveryTenant },
    TenantAdminGuard,
  ],
})
class TestModule {}

describe('admin HTTP: tenant credential and error translation', () => {
  let app: NestFastifyApplication;
  const env = loadEnv(PlatformEnvSchema, {});
  const token = (tenantId: string) =>
    mintAdminToken(env.AUTH_JWT_SECRET, {
      tenantId,
      subject: 'test',
      issuer: env.AUTH_JWT_ISSUER,
      ttlSeconds: 60,
    });

  beforeAll(async () => {
    Logger.overrideLogger(false);
    const moduleRef = await Test.createTestingModule({ imports: [TestModule] }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
    app.useGlobalFilters(new HttpErrorFilter());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(() => app.close());

  const request = (method: 'GET' | 'POST', url: string, auth?: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: auth ? { authorization: `Bearer ${auth}` } : {},
      payload: payload as object,
    });

  it('answers 401 without a credential, or with a forged one', async () => {
    const missing = await request('GET', '/v1/users/u-1');
    const forged = await request('GET', '/v1/users/u-1', `${token('acme')}x`);

    expect(missing.statusCode).toBe(401);
    expect(missing.json()).toMatchObject({ code: 'AUTH.MISSING_CREDENTIAL' });
    expect(forged.statusCode).toBe(401);
    expect(forged.json()).toMatchObject({ code: 'AUTH.INVALID_CREDENTIAL' });
  });

  it("serves the credential's tenant, and answers 404 (not 403) for another tenant's id", async () => {
    const own = await request('GET', '/v1/users/u-1', token('acme'));
    const other = await request('GET', '/v1/users/u-1', token('globex'));

    expect(own.statusCode).toBe(200);
    expect(own.json()).toEqual({ tenant: 'acme', name: 'Ann' });
    expect(other.statusCode).toBe(404);
    expect(other.json()).toEqual({
      statusCode: 404,
      code: 'IDENTITY.USER_NOT_FOUND',
      message: 'no user u-1',
      errors: [],
      details: { userId: 'u-1' },
    });
  });

  it('answers 400 naming each bad field and why', async () => {
    const response = await request('POST', '/v1/users', token('acme'), { name: '', email: 'nope' });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'REQUEST.INVALID',
      errors: [
        { field: 'name', reason: expect.any(String) },
        { field: 'email', reason: expect.any(String) },
      ],
    });
  });

  it('answers 500 without internals for an unexpected failure', async () => {
    const response = await request('GET', '/v1/users', token('acme'));

    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      statusCode: 500,
      code: 'INTERNAL',
      message: expect.not.stringContaining('password'),
      errors: [],
    });
  });

  it.each([
    ['401', () => request('GET', '/v1/users/u-1')],
    ['404 of a route', () => request('GET', '/v1/nothing-here', token('acme'))],
    [
      '415',
      () =>
        app.inject({
          method: 'POST',
          url: '/v1/users',
          headers: { authorization: `Bearer ${token('acme')}`, 'content-type': 'application/xml' },
          payload: '<user/>',
        }),
    ],
    ['400 of a broken JSON body', () => request('POST', '/v1/users', token('acme'), '{"name":')],
  ])('answers a %s in the one error shape: statusCode, code, message, errors', async (_what, send) => {
    const response = await send();

    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toEqual({
      statusCode: response.statusCode,
      code: expect.stringMatching(/^[A-Z]+\.[A-Z0-9_]+$/),
      message: expect.any(String),
      errors: expect.any(Array),
    });
  });

  it.each([
    ['an oversized body', 'application/x-www-form-urlencoded', `Body=${'x'.repeat(1_100_000)}`, 413],
    ['a wrongly typed body', 'application/xml', '<CallSid>CA1</CallSid>', 415],
  ])('answers a Twilio webhook with %s with TwiML', async (_what, contentType, payload, status) => {
    const response = await app.inject({
      method: 'POST',
      url: '/twilio/voice?x=1',
      headers: { 'content-type': contentType },
      payload,
    });

    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/^text\/xml/);
    expect(response.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Reject/></Response>');
  });
});
