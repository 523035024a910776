import { randomBytes } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import twilio from 'twilio';

/** What the caller heard (or the call did), in order. */
export type Heard =
  | { kind: 'say'; text: string; voice?: string; language?: string }
  | { kind: 'play'; url: string }
  | { kind: 'pause'; seconds: number }
  | { kind: 'dial'; to: string }
  | { kind: 'enqueue'; queue: string };

export interface PendingGather {
  action: string;
  method: string;
  numDigits: number | null;
  timeout: number;
  finishOnKey: string;
  actionOnEmptyResult: boolean;
}

export interface SimulatorOptions {
  /** Where the requests go (the dispatch app), e.g. http://127.0.0.1:3000. */
  serverUrl: string;
  /** The public base URL Twilio signs (PUBLIC_BASE_URL behind an ingress); defaults to serverUrl. */
  publicBaseUrl?: string;
  /** The Auth Token of the account that owns the number. */
  authToken: string;
  accountSid?: string;
  /** Sign requests wrongly (a forged webhook) or not at all. */
  signature?: 'valid' | 'forged' | 'missing';
  /**
   * Several servers behind one public URL (replicas behind a load balancer): requests go to them in
   * turn, each signed against the public URL. Overrides `serverUrl` for sending.
   */
  serverUrls?: string[];
}

/** An `<Enqueue>` the call is parked by (the Twilio network follows its wait URL and action). */
export interface PendingEnqueue {
  queue: string;
  waitUrl: string;
  action: string;
}

type Node = Record<string, unknown>;
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  preserveOrder: true,
  trimValues: true,
});
let nextServer = 0;
const sid = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;

/**
 * Places calls through dispatch exactly as Twilio does: signed form posts to the Voice URL, then
 * following the returned TwiML (Say/Play/Pause heard, Gather waits for keys, Redirect followed,
 * Hangup or the end of the document ends the call) and posting keys to the Gather action.
 */
export class CallSimulator {
  constructor(private readonly options: SimulatorOptions) {}

  async dial(call: {
    from: string;
    to: string;
    stirVerstat?: string;
    /** The Voice URL (a path of the server, or an absolute public URL); `/twilio/voice` unless told. */
    path?: string;
    /** For a call placed through the REST API and now answered: its CallSid, `outbound-api`. */
    callSid?: string;
    direction?: 'inbound' | 'outbound-api';
  }): Promise<SimulatedCall> {
    const simulated = new SimulatedCall(this.options, {
      CallSid: call.callSid ?? sid('CA'),
      AccountSid: this.options.accountSid ?? sid('AC'),
      From: call.from,
      To: call.to,
      Caller: call.from,
      Called: call.to,
      Direction: call.direction ?? 'inbound',
      ApiVersion: '2010-04-01',
      ...(call.stirVerstat ? { StirVerstat: call.stirVerstat } : {}),
    });
    await simulated.request(call.path ?? '/twilio/voice', {
      CallStatus: call.direction === 'outbound-api' ? 'in-progress' : 'ringing',
    });
    return simulated;
  }
}

export class SimulatedCall {
  /** Everything heard so far. */
  readonly heard: Heard[] = [];
  /** What the last response made the caller hear. */
  lastHeard: Heard[] = [];
  gather: PendingGather | null = null;
  /** Set when the last document parked the call in a queue (`<Enqueue>`). */
  enqueued: PendingEnqueue | null = null;
  /** Set when the last document dialled a queue (`<Dial><Queue>`): the queue's name. */
  dialledQueue: string | null = null;
  /** The `<Dial>`'s `timeout` in seconds (Twilio's 30 unless told). */
  dialTimeoutS = 30;
  ended = false;
  lastStatus = 0;
  lastTwiml = '';
  lastContentType = '';
  private rest: Node[] = [];
  private last: { url: string; params: Record<string, string> } | null = null;
  private documentUrl = '';

  constructor(
    private readonly options: SimulatorOptions,
    readonly base: Record<string, string>,
  ) {}

  get callSid(): string {
    return this.base.CallSid;
  }

  /** The words heard since the last key press, as one string (say texts joined by spaces). */
  get lastSaid(): string {
    return this.lastHeard
      .filter((h): h is Extract<Heard, { kind: 'say' }> => h.kind === 'say')
      .map((h) => h.text)
      .join(' ');
  }

  /** Presses keys while a Gather waits (a `#` at the end is the finish key when it is one). */
  async press(keys: string): Promise<void> {
    const gather = this.requireGather();
    const finished = gather.finishOnKey !== '' && keys.endsWith(gather.finishOnKey);
    const digits = finished ? keys.slice(0, -1) : keys;
    await this.request(gather.action, {
      CallStatus: 'in-progress',
      Digits: digits,
      FinishedOnKey: finished ? gather.finishOnKey : '',
    });
  }

  /** Says nothing until the Gather times out. */
  async silence(): Promise<void> {
    const gather = this.requireGather();
    if (gather.actionOnEmptyResult) {
      await this.request(gather.action, { CallStatus: 'in-progress', Digits: '', FinishedOnKey: '' });
      return;
    }
    this.gather = null;
    this.lastHeard = [];
    await this.run(this.rest);
  }

  /** Sends the last request again, as Twilio does on a timeout or through the fallback URL. */
  async retryLast(): Promise<{ status: number; twiml: string }> {
    if (!this.last) throw new Error('nothing was sent yet');
    const response = await this.send(this.last.url, this.last.params);
    return { status: response.status, twiml: await response.text() };
  }

  /** Posts a status callback (e.g. `completed`) to a path of dispatch. */
  async status(path: string, status: string, extra: Record<string, string> = {}): Promise<number> {
    const response = await this.send(this.entry(path), { ...this.base, CallStatus: status, ...extra });
    return response.status;
  }

  /** Signs and posts one request as Twilio would (the call's parameters and `params`), without following the answer. */
  async post(pathOrUrl: string, params: Record<string, string>): Promise<{ status: number; twiml: string }> {
    const response = await this.send(this.entry(pathOrUrl), { ...this.base, ...params });
    return { status: response.status, twiml: await response.text() };
  }

  /** One webhook request; the TwiML answer is followed. */
  async request(path: string, params: Record<string, string>, continuing = false): Promise<void> {
    const url = continuing ? this.absolute(path) : this.entry(path);
    const all = { ...this.base, ...params };
    this.last = { url, params: all };
    const response = await this.send(url, all);
    this.lastStatus = response.status;
    this.lastContentType = response.headers.get('content-type') ?? '';
    this.lastTwiml = await response.text();
    this.documentUrl = url;
    this.gather = null;
    this.enqueued = null;
    this.dialledQueue = null;
    if (!continuing) this.lastHeard = [];
    if (response.status !== 200 || !this.lastContentType.includes('xml')) {
      this.ended = true;
      return;
    }
    const parsed = parser.parse(this.lastTwiml) as Node[];
    const root = parsed.find((n) => 'Response' in n);
    if (!root) throw new Error(`not TwiML: ${this.lastTwiml.slice(0, 200)}`);
    await this.run(root.Response as Node[]);
  }

  private requireGather(): PendingGather {
    if (this.ended || !this.gather)
      throw new Error(`no Gather is waiting (call ${this.ended ? 'ended' : 'active'})`);
    return this.gather;
  }

  /**
   * A Voice URL or callback path as a test names it: `/twilio/voice` is under the public base URL
   * (which may carry a path prefix, as behind an ingress); an absolute URL stays as it is.
   */
  entry(pathOrUrl: string): string {
    if (!pathOrUrl.startsWith('/')) return this.absolute(pathOrUrl);
    return `${(this.options.publicBaseUrl ?? this.options.serverUrl).replace(/\/+$/, '')}${pathOrUrl}`;
  }

  private absolute(pathOrUrl: string): string {
    const base = this.options.publicBaseUrl ?? this.options.serverUrl;
    return new URL(pathOrUrl, this.documentUrl || base).toString();
  }

  private async send(publicUrl: string, params: Record<string, string>): Promise<Response> {
    const publicBase = this.options.publicBaseUrl ?? this.options.serverUrl;
    const servers = this.options.serverUrls ?? [this.options.serverUrl];
    const server = servers[nextServer++ % servers.length];
    const target = publicUrl.startsWith(publicBase) ? server + publicUrl.slice(publicBase.length) : publicUrl;
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    const mode = this.options.signature ?? 'valid';
    if (mode !== 'missing') {
      const token = mode === 'forged' ? `${this.options.authToken}-forged` : this.options.authToken;
      headers['x-twilio-signature'] = twilio.getExpectedTwilioSignature(token, publicUrl, params);
    }
    return fetch(target, { method: 'POST', headers, body: new URLSearchParams(params).toString() });
  }

  private hear(item: Heard): void {
    this.heard.push(item);
    this.lastHeard.push(item);
  }

  private async run(verbs: Node[]): Promise<void> {
    for (let i = 0; i < verbs.length; i += 1) {
      const verb = verbs[i];
      const name = Object.keys(verb).find((k) => k !== ':@')!;
      const attrs = (verb[':@'] ?? {}) as Record<string, string>;
      const children = (verb[name] ?? []) as Node[];
      switch (name) {
        case 'Say':
        case 'Play':
        case 'Pause':
          this.speak(name, attrs, children);
          break;
        case 'Gather':
          for (const child of children) {
            const childName = Object.keys(child).find((k) => k !== ':@')!;
            this.speak(
              childName,
              (child[':@'] ?? {}) as Record<string, string>,
              (child[childName] ?? []) as Node[],
            );
          }
          this.gather = {
            action: this.absolute(attrs.action ?? this.documentUrl),
            method: attrs.method ?? 'POST',
            numDigits: attrs.numDigits ? Number(attrs.numDigits) : null,
            timeout: attrs.timeout ? Number(attrs.timeout) : 5,
            finishOnKey: attrs.finishOnKey ?? '#',
            actionOnEmptyResult: attrs.actionOnEmptyResult === 'true',
          };
          this.rest = verbs.slice(i + 1);
          return;
        case 'Redirect':
          await this.request(text(children) || this.documentUrl, { CallStatus: 'in-progress' }, true);
          return;
        case 'Hangup':
        case 'Reject':
          this.ended = true;
          return;
        case 'Dial': {
          const queue = children.find((c) => 'Queue' in c);
          if (queue) {
            this.dialledQueue = text(queue.Queue as Node[]);
            this.dialTimeoutS = attrs.timeout ? Number(attrs.timeout) : 30;
            this.hear({ kind: 'dial', to: `queue:${this.dialledQueue}` });
          } else {
            this.hear({ kind: 'dial', to: text(children) || JSON.stringify(children) });
          }
          return;
        }
        case 'Enqueue':
          this.hear({ kind: 'enqueue', queue: text(children) });
          this.enqueued = {
            queue: text(children),
            waitUrl: this.absolute(attrs.waitUrl ?? ''),
            action: this.absolute(attrs.action ?? this.documentUrl),
          };
          return;
        default:
          throw new Error(`the simulator does not know <${name}>`);
      }
    }
    this.ended = true; // the end of the document hangs up
  }

  private speak(name: string, attrs: Record<string, string>, children: Node[]): void {
    if (name === 'Say') {
      this.hear({
        kind: 'say',
        text: text(children),
        ...(attrs.voice ? { voice: attrs.voice } : {}),
        ...(attrs.language ? { language: attrs.language } : {}),
      });
    } else if (name === 'Play') {
      this.hear({ kind: 'play', url: text(children) });
    } else if (name === 'Pause') {
      this.hear({ kind: 'pause', seconds: Number(attrs.length ?? 1) });
    } else {
      throw new Error(`the simulator does not know <${name}> here`);
    }
  }
}

function text(children: Node[]): string {
  return children
    .map((c) => {
      const value = c['#text'];
      return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
    })
    .join('')
    .trim();
}

/** One TwiML verb as the simulators read it: its name, attributes, text and children. */
export interface TwimlVerb {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: TwimlVerb[];
}

/** The verbs of a TwiML `<Response>` (throws when the document is not TwiML). */
export function parseTwiml(xml: string): TwimlVerb[] {
  const parsed = parser.parse(xml) as Node[];
  const root = parsed.find((n) => 'Response' in n);
  if (!root) throw new Error(`not TwiML: ${xml.slice(0, 200)}`);
  const verbs = (nodes: Node[]): TwimlVerb[] =>
    nodes
      .map((node) => {
        const name = Object.keys(node).find((k) => k !== ':@');
        if (!name || name === '#text') return null;
        const children = (node[name] ?? []) as Node[];
        return {
          name,
          attrs: (node[':@'] ?? {}) as Record<string, string>,
          text: text(children),
          children: verbs(children),
        };
      })
      .filter((v): v is TwimlVerb => v !== null);
  return verbs(root.Response as Node[]);
}
