export {
  AudioUrlInvalid,
  LanguageInvalid,
  PromptChangedConcurrently,
  PromptInUse,
  PromptNameInvalid,
  PromptNameTaken,
  PromptNotFound,
  PromptRoleUnknown,
  PromptStateInvalid,
  PromptUsageUnknown,
  PromptVersionMismatch,
  TtsTextInvalid,
  VoiceInvalid,
  type FlowRef,
} from './media.errors';
export {
  PromptChanged,
  PromptCreated,
  PromptDeleted,
  type PromptData,
  type PromptEvent,
  type PromptField,
} from './media.events';
export { Prompt, type NewPrompt, type PromptChanges, type PromptProps } from './prompt';
export {
  AUDIO_URL_MAX_LENGTH,
  LANGUAGE_MAX_LENGTH,
  PROMPT_NAME_MAX_LENGTH,
  TTS_TEXT_MAX_LENGTH,
  parseAudioUrl,
  parseLanguage,
  parsePromptContent,
  parsePromptName,
  parseTtsText,
  parseVoice,
  promptNameKey,
  sameContent,
  type AudioContent,
  type PromptContent,
  type TtsContent,
} from './prompt-content';
export {
  PROMPT_ROLES,
  STARTER_PROMPT_ROLES,
  UNTIL_TIME_PROMPT_ROLES,
  VENDOR_PROMPT_ROLES,
  isPromptRole,
  parsePromptRole,
  type PromptRole,
  type StarterPromptRole,
  type VendorPromptRole,
} from './prompt-role';
export {
  STARTER_LANGUAGE,
  STARTER_PRESETS,
  STARTER_VOICE,
  starterPromptSet,
  type StarterPrompt,
  type StarterSetOptions,
} from './starter-set';
export { PromptRepository, type PromptListQuery, type PromptPage } from './ports/prompt-repository.port';
export { PromptUsage } from './ports/prompt-usage.port';
