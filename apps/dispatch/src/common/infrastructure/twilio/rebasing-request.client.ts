import twilio from 'twilio';

type RequestOptions<TData> = Parameters<InstanceType<typeof twilio.RequestClient>['request']>[0] & {
  data?: TData;
};

/**
 * The twilio SDK's own HTTP client (`RequestClient`: auth, form encoding, timeouts, keep-alive),
 * sending every request to another base URL: `https://api.twilio.com/2010-04-01/...` becomes
 * `<TWILIO_API_BASE_URL>/2010-04-01/...`. The SDK 6.2.0 takes a custom client as the `httpClient`
 * option of `twilio(sid, token, { httpClient })`, its documented extension point; rewriting the
 * origin here works for every Twilio domain and survives the SDK's edge/region host rewriting,
 * which runs before the client is called. With the default base URL nothing is rewritten.
 */
export class RebasingRequestClient extends twilio.RequestClient {
  private readonly base: URL | null;

  constructor(baseUrl: string, options: ConstructorParameters<typeof twilio.RequestClient>[0] = {}) {
    super(options);
    this.base = baseUrl === 'https://api.twilio.com' ? null : new URL(baseUrl);
  }

  override request<TData>(opts: RequestOptions<TData>) {
    return super.request<TData>({ ...opts, uri: this.rebase(opts.uri) });
  }

  /** Public for tests. */
  rebase(uri: string): string {
    if (this.base === null) return uri;
    const target = new URL(uri);
    const prefix = this.base.pathname.replace(/\/+$/, '');
    return `${this.base.origin}${prefix}${target.pathname}${target.search}`;
  }
}
