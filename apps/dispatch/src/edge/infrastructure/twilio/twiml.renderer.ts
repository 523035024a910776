import { Injectable } from '@nestjs/common';
import type { SpeechStep } from '@tp/contracts';
import twilio from 'twilio';
import type { AnswerStep, CallAnswer } from '../../../common/call-answer';
import { PublicUrls } from '../../../common/public-urls';

type VoiceResponse = InstanceType<typeof twilio.twiml.VoiceResponse>;
type Gather = ReturnType<VoiceResponse['gather']>;
type SayAttributes = Parameters<VoiceResponse['say']>[0];

/** The voice of a `say` step that names none (and its language), as media's starter set speaks. */
export const DEFAULT_VOICE = 'Polly.Joanna';
export const DEFAULT_LANGUAGE = 'en-US';
/** How long an accepting agent's `<Dial><Queue>` waits for the caller to be there. */
export const BRIDGE_TIMEOUT_S = 5;

/**
 * Renders channel-neutral steps as TwiML with the twilio SDK's VoiceResponse: `say` as `<Say>`
 * (the step's voice and language, or the defaults), `play` as `<Play>`, `pause` as `<Pause>`,
 * `hangup` as `<Hangup/>`, and `collect` as a DTMF `<Gather>` that posts the keys back to
 * `<PUBLIC_BASE_URL>/twilio/gather?session=..&turn=..`, with its prompts nested (a key press
 * interrupts them) and `actionOnEmptyResult` so that silence comes back too (the flow counts it).
 */
@Injectable()
export class TwimlRenderer {
  constructor(private readonly urls: PublicUrls) {}

  render(answer: CallAnswer): string {
    const response = new twilio.twiml.VoiceResponse();
    for (const step of answer.steps) this.renderStep(response, step, answer);
    return response.toString();
  }

  /** What Twilio expects after a status callback: an empty document. */
  empty(): string {
    return new twilio.twiml.VoiceResponse().toString();
  }

  /** An SMS webhook's answer: `<Response><Message>text</Message></Response>`, or `<Response/>` for none. */
  message(text: string | null): string {
    const response = new twilio.twiml.MessagingResponse();
    if (text !== null) response.message(text);
    return response.toString();
  }

  /** The answer to a request that is refused (bad or missing signature). */
  reject(): string {
    const response = new twilio.twiml.VoiceResponse();
    response.reject();
    return response.toString();
  }

  private renderStep(response: VoiceResponse, step: AnswerStep, answer: CallAnswer): void {
    switch (step.type) {
      case 'say':
      case 'play':
      case 'pause':
        speak(response, step);
        return;
      case 'collect': {
        if (answer.turn === null) throw new Error('a collect step needs a session turn to post the keys to');
        const gather = response.gather({
          input: ['dtmf'],
          action: this.urls.gather(answer.turn.sessionId, answer.turn.turn),
          method: 'POST',
          numDigits: step.maxDigits,
          timeout: step.timeoutS,
          finishOnKey: step.finishOnKey,
          actionOnEmptyResult: true,
        });
        for (const prompt of step.prompts) speak(gather, prompt);
        return;
      }
      case 'hangup':
        response.hangup();
        return;
      case 'enqueue':
        throw new Error('an enqueue step is rendered once dispatch recorded the waiting call');
      case 'wait-in-queue':
        response.enqueue(
          {
            waitUrl: this.urls.queueWait(step.waitingCallId),
            waitUrlMethod: 'POST',
            action: this.urls.queueResult(step.waitingCallId),
            method: 'POST',
          },
          step.twilioQueue,
        );
        return;
      case 'leave-queue':
        response.leave();
        return;
      case 'bridge-to-queue':
        // The caller is in the queue (accepting checked it); should they leave at this very moment,
        // the agent is not kept waiting for Twilio's default 30 s.
        response.dial({ timeout: BRIDGE_TIMEOUT_S }).queue(step.twilioQueue);
        return;
      case 'screen': {
        const gather = response.gather({
          input: ['dtmf'],
          action: this.urls.offerAnswer(step.offerId),
          method: 'POST',
          numDigits: 1,
          timeout: step.timeoutS,
          actionOnEmptyResult: true,
        });
        gather.say({ voice: DEFAULT_VOICE, language: DEFAULT_LANGUAGE } as SayAttributes, step.text);
        return;
      }
    }
  }
}

function speak(target: VoiceResponse | Gather, step: SpeechStep): void {
  switch (step.type) {
    case 'say': {
      const attributes = {
        voice: step.voice ?? DEFAULT_VOICE,
        ...(step.language !== undefined
          ? { language: step.language }
          : step.voice === undefined
            ? { language: DEFAULT_LANGUAGE }
            : {}),
      } as SayAttributes;
      target.say(attributes, step.text);
      return;
    }
    case 'play':
      target.play(step.url);
      return;
    case 'pause':
      target.pause({ length: step.seconds });
      return;
  }
}
