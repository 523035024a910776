import { DomainError } from '@tp/ddd';

// ---- What a prompt may hold ------------------------------------------------------------------

/** A prompt name that is blank, too long or holds control characters. */
export class PromptNameInvalid extends DomainError {
  readonly code = 'MEDIA.NAME_INVALID';
  readonly kind = 'invalid' as const;

  constructor(reason: string) {
    super(`the prompt name ${reason}`, { field: 'name', reason });
  }
}

/** Text-to-speech text that is blank or longer than the limit. */
export class TtsTextInvalid extends DomainError {
  readonly code = 'MEDIA.TTS_TEXT_INVALID';
  readonly kind = 'invalid' as const;

  constructor(reason: string) {
    super(`the text to speak ${reason}`, { field: 'content.text', reason });
  }
}

/** A voice name that is not a plain voice (`alice`) or a provider voice (`Polly.Joanna`). */
export class VoiceInvalid extends DomainError {
  readonly code = 'MEDIA.VOICE_INVALID';
  readonly kind = 'invalid' as const;

  constructor(voice: string, reason: string) {
    super(`the voice "${voice}" ${reason}`, { field: 'content.voice', voice, reason });
  }
}

/** A language that is not a BCP-47 language tag. */
export class LanguageInvalid extends DomainError {
  readonly code = 'MEDIA.LANGUAGE_INVALID';
  readonly kind = 'invalid' as const;

  constructor(language: string, reason: string) {
    super(`the language "${language}" ${reason}`, { field: 'content.language', language, reason });
  }
}

/** An audio location that is not an https URL Twilio can fetch. */
export class AudioUrlInvalid extends DomainError {
  readonly code = 'MEDIA.AUDIO_URL_INVALID';
  readonly kind = 'invalid' as const;

  constructor(reason: string) {
    // The URL itself is not echoed: it may carry a signed query string.
    super(`the audio URL ${reason}`, { field: 'content.url', reason });
  }
}

/** A role tag that the IVR does not know. */
export class PromptRoleUnknown extends DomainError {
  readonly code = 'MEDIA.ROLE_UNKNOWN';
  readonly kind = 'invalid' as const;

  constructor(role: string, known: readonly string[]) {
    super(`"${role}" is not a prompt role (one of ${known.join(', ')})`, { field: 'role', role });
  }
}

/** A stored prompt that breaks an invariant (a bad row, never a user's input). */
export class PromptStateInvalid extends DomainError {
  readonly code = 'MEDIA.PROMPT_STATE_INVALID';
  readonly kind = 'invalid' as const;

  constructor(problem: string, details: Record<string, unknown>) {
    super(`stored prompt is invalid: ${problem}`, details);
  }
}

// ---- Prompts in a tenant ---------------------------------------------------------------------

/** No prompt with this id in the tenant (another tenant's prompt is not found either). */
export class PromptNotFound extends DomainError {
  readonly code = 'MEDIA.PROMPT_NOT_FOUND';
  readonly kind = 'not-found' as const;

  constructor(promptId: string) {
    super(`no prompt ${promptId}`, { promptId });
  }
}

/** Names are unique per tenant, ignoring case, so an admin can tell prompts apart. */
export class PromptNameTaken extends DomainError {
  readonly code = 'MEDIA.PROMPT_NAME_TAKEN';
  readonly kind = 'conflict' as const;

  constructor(name: string, existingPromptId?: string) {
    super(
      `a prompt named "${name}" already exists`,
      existingPromptId === undefined ? { field: 'name', name } : { field: 'name', name, existingPromptId },
    );
  }
}

/** The admin edited a version of the prompt that is no longer the current one. */
export class PromptVersionMismatch extends DomainError {
  readonly code = 'MEDIA.PROMPT_VERSION_MISMATCH';
  readonly kind = 'conflict' as const;

  constructor(promptId: string, expected: number, actual: number) {
    super(`prompt ${promptId} is at version ${actual}, not ${expected}: reload it and try again`, {
      promptId,
      expectedVersion: expected,
      version: actual,
    });
  }
}

/** Someone else saved the prompt between our read and our write. */
export class PromptChangedConcurrently extends DomainError {
  readonly code = 'MEDIA.PROMPT_CHANGED_CONCURRENTLY';
  readonly kind = 'conflict' as const;

  constructor(promptId: string, expectedVersion: number) {
    super(`prompt ${promptId} changed since version ${expectedVersion} was read: try again`, {
      promptId,
      expectedVersion,
    });
  }
}

/** A flow that uses a prompt, as flow-runtime reports it. */
export interface FlowRef {
  readonly flowId: string;
  readonly name: string;
  readonly version: number;
}

/** A prompt that a published flow plays cannot be deleted. */
export class PromptInUse extends DomainError {
  readonly code = 'MEDIA.PROMPT_IN_USE';
  readonly kind = 'conflict' as const;

  constructor(promptId: string, flows: readonly FlowRef[]) {
    super(
      `prompt ${promptId} is used by published flows: ${flows.map((f) => `"${f.name}" (v${f.version})`).join(', ')}`,
      { promptId, flows: flows.map((f) => ({ ...f })) },
    );
  }
}

/** Whether flows use a prompt could not be checked, so it is not deleted. */
export class PromptUsageUnknown extends DomainError {
  readonly code = 'MEDIA.USAGE_UNKNOWN';
  readonly kind = 'unavailable' as const;

  constructor(promptIds: readonly string[], cause: string) {
    super(
      `could not check whether published flows use prompt ${promptIds.join(', ')} (${cause}); nothing was deleted, try again shortly`,
      { promptIds: [...promptIds] },
    );
  }
}
