import type { ChannelStep } from '@tp/contracts';
import { loadEnv } from '@tp/platform';
import { XMLParser } from 'fast-xml-parser';
import { APOLOGY, APOLOGY_TEXT, NOT_IN_SERVICE, type CallAnswer } from '../../../common/call-answer';
import { PublicUrls } from '../../../common/public-urls';
import { DispatchEnvSchema } from '../../../dispatch.config';
import { DEFAULT_LANGUAGE, DEFAULT_VOICE, TwimlRenderer } from './twiml.renderer';

type Node = Record<string, unknown>;
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', preserveOrder: true });

/** The TwiML parsed back: each verb as `{ verb, attrs, text?, children? }`, in order. */
interface Verb {
  verb: string;
  attrs: Record<string, string>;
  text?: string;
  children?: Verb[];
}
function parse(xml: string): Verb[] {
  const doc = parser.parse(xml) as Node[];
  const response = doc.find((n) => 'Response' in n)!;
  return verbs(response.Response as Node[]);
}
function verbs(nodes: Node[]): Verb[] {
  return nodes.map((node) => {
    const verb = Object.keys(node).find((k) => k !== ':@')!;
    const children = (node[verb] ?? []) as Node[];
    const text = children
      .map((c) => c['#text'])
      .filter((t): t is string | number => typeof t === 'string' || typeof t === 'number')
      .join('');
    const nested = children.filter((c) => !('#text' in c));
    return {
      verb,
      attrs: (node[':@'] ?? {}) as Record<string, string>,
      ...(text ? { text: String(text) } : {}),
      ...(nested.length ? { children: verbs(nested) } : {}),
    };
  });
}

const renderer = new TwimlRenderer(
  new PublicUrls(loadEnv(DispatchEnvSchema, { PUBLIC_BASE_URL: 'https://voice.example.com/dispatch' })),
);
const answer = (
  steps: ChannelStep[],
  turn: CallAnswer['turn'] = { sessionId: 'sess-1', turn: 2 },
): CallAnswer => ({
  outcome: 'ok',
  steps,
  turn,
});

describe(TwimlRenderer.name, () => {
  it('renders a collect as a DTMF Gather posting back to the public URL, prompts nested', () => {
    const xml = renderer.render(
      answer([
        { type: 'say', text: 'Welcome to the agent line.', voice: 'Polly.Amy', language: 'en-GB' },
        {
          type: 'collect',
          purpose: 'preset-menu',
          maxDigits: 1,
          timeoutS: 5,
          finishOnKey: '',
          prompts: [
            { type: 'say', text: 'To go online for 8 hours, press 1.' },
            { type: 'play', url: 'https://media.example.com/menu.mp3' },
            { type: 'pause', seconds: 2 },
          ],
        },
      ]),
    );

    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?><Response>')).toBe(true);
    expect(parse(xml)).toEqual([
      { verb: 'Say', attrs: { voice: 'Polly.Amy', language: 'en-GB' }, text: 'Welcome to the agent line.' },
      {
        verb: 'Gather',
        attrs: {
          input: 'dtmf',
          action: 'https://voice.example.com/dispatch/twilio/gather?session=sess-1&turn=2',
          method: 'POST',
          numDigits: '1',
          timeout: '5',
          finishOnKey: '',
          actionOnEmptyResult: 'true',
        },
        children: [
          {
            verb: 'Say',
            attrs: { voice: DEFAULT_VOICE, language: DEFAULT_LANGUAGE },
            text: 'To go online for 8 hours, press 1.',
          },
          { verb: 'Play', attrs: {}, text: 'https://media.example.com/menu.mp3' },
          { verb: 'Pause', attrs: { length: '2' } },
        ],
      },
    ]);
  });

  it('keeps the finish key and digit count of a custom-hours entry', () => {
    const [gather] = parse(
      renderer.render(
        answer([
          {
            type: 'collect',
            purpose: 'custom-hours',
            maxDigits: 2,
            timeoutS: 8,
            finishOnKey: '#',
            prompts: [],
          },
        ]),
      ),
    );
    expect(gather.attrs).toMatchObject({ numDigits: '2', timeout: '8', finishOnKey: '#' });
  });

  it('renders speech then a hang-up, and escapes what it says', () => {
    const xml = renderer.render(
      answer(
        [{ type: 'say', text: 'Online until 6 <pm> & counting.', voice: 'alice' }, { type: 'hangup' }],
        null,
      ),
    );
    expect(xml).toContain('Online until 6 &lt;pm&gt; &amp; counting.');
    expect(parse(xml)).toEqual([
      { verb: 'Say', attrs: { voice: 'alice' }, text: 'Online until 6 <pm> & counting.' },
      { verb: 'Hangup', attrs: {} },
    ]);
  });

  it('says the number is not in service, or apologises, and hangs up', () => {
    expect(parse(renderer.render(NOT_IN_SERVICE))).toEqual([
      {
        verb: 'Say',
        attrs: { voice: DEFAULT_VOICE, language: DEFAULT_LANGUAGE },
        text: 'The number you have called is not in service.',
      },
      { verb: 'Hangup', attrs: {} },
    ]);
    expect(parse(renderer.render(APOLOGY))).toEqual([
      { verb: 'Say', attrs: { voice: DEFAULT_VOICE, language: DEFAULT_LANGUAGE }, text: APOLOGY_TEXT },
      { verb: 'Hangup', attrs: {} },
    ]);
  });

  it('renders the same steps to the same document (a retried webhook hears the same)', () => {
    const steps: ChannelStep[] = [
      { type: 'collect', purpose: 'pin', maxDigits: 8, timeoutS: 10, finishOnKey: '#', prompts: [] },
    ];
    expect(renderer.render(answer(steps))).toBe(renderer.render(answer(steps)));
  });

  it('writes an empty document and a rejection', () => {
    expect(parse(renderer.empty())).toEqual([]);
    expect(parse(renderer.reject())).toEqual([{ verb: 'Reject', attrs: {} }]);
  });

  it('answers an SMS with one escaped <Message>, or an empty <Response/>', () => {
    expect(renderer.message('Reply 1 & stay <online>')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Reply 1 &amp; stay &lt;online&gt;</Message></Response>',
    );
    expect(renderer.message(null)).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
  });

  it('refuses a collect without a session turn to post the keys to', () => {
    expect(() =>
      renderer.render(
        answer(
          [{ type: 'collect', purpose: 'x', maxDigits: 1, timeoutS: 5, finishOnKey: '', prompts: [] }],
          null,
        ),
      ),
    ).toThrow('a collect step needs a session turn');
  });

  describe('routing', () => {
    const CALL = 'CA0123456789abcdef0123456789abcdef';
    const WAIT = '6f1c0f4e-5a43-4b7c-9a52-2f9f2c1d7e10';
    const OFFER = '0b7d3f2a-8f5e-4d61-9c1b-4a2e6d8f9a30';

    it('parks the caller in their own queue, the wait URL and the action under the public URL', () => {
      const xml = renderer.render({
        outcome: 'ok',
        steps: [
          { type: 'say', text: 'Thank you for calling.' },
          { type: 'wait-in-queue', waitingCallId: WAIT, twilioQueue: `tp-${CALL}` },
        ],
        turn: { sessionId: 'sess-1', turn: 0 },
      });
      expect(parse(xml)).toEqual([
        {
          verb: 'Say',
          attrs: { voice: DEFAULT_VOICE, language: DEFAULT_LANGUAGE },
          text: 'Thank you for calling.',
        },
        {
          verb: 'Enqueue',
          attrs: {
            waitUrl: `https://voice.example.com/dispatch/twilio/queue/wait?call=${WAIT}`,
            waitUrlMethod: 'POST',
            action: `https://voice.example.com/dispatch/twilio/queue/result?call=${WAIT}`,
            method: 'POST',
          },
          text: `tp-${CALL}`,
        },
      ]);
    });

    it('makes the caller leave, and bridges an agent to the queue', () => {
      expect(parse(renderer.render({ outcome: 'ok', steps: [{ type: 'leave-queue' }], turn: null }))).toEqual(
        [{ verb: 'Leave', attrs: {} }],
      );
      expect(
        parse(
          renderer.render({
            outcome: 'ok',
            steps: [{ type: 'bridge-to-queue', twilioQueue: `tp-${CALL}` }],
            turn: null,
          }),
        ),
      ).toEqual([
        {
          verb: 'Dial',
          attrs: { timeout: '5' },
          children: [{ verb: 'Queue', attrs: {}, text: `tp-${CALL}` }],
        },
      ]);
    });

    it('screens the agent: one key, the whisper nested, silence posted too', () => {
      const xml = renderer.render({
        outcome: 'ok',
        steps: [
          {
            type: 'screen',
            offerId: OFFER,
            text: 'A call from the Support queue. Press 1 to accept.',
            timeoutS: 8,
          },
        ],
        turn: null,
      });
      expect(parse(xml)).toEqual([
        {
          verb: 'Gather',
          attrs: {
            input: 'dtmf',
            action: `https://voice.example.com/dispatch/twilio/offer/answer?offer=${OFFER}`,
            method: 'POST',
            numDigits: '1',
            timeout: '8',
            actionOnEmptyResult: 'true',
          },
          children: [
            {
              verb: 'Say',
              attrs: { voice: DEFAULT_VOICE, language: DEFAULT_LANGUAGE },
              text: 'A call from the Support queue. Press 1 to accept.',
            },
          ],
        },
      ]);
    });

    it('refuses an enqueue that was not recorded as a waiting call', () => {
      expect(() =>
        renderer.render(
          answer([
            {
              type: 'enqueue',
              queueNodeId: 'queue',
              queueName: 'Support',
              requiredSkills: [],
              priority: 0,
              maxWaitS: 60,
              hold: [{ type: 'pause', seconds: 1 }],
            },
          ]),
        ),
      ).toThrow('waiting call');
    });
  });
});
