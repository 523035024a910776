import type { PromptV1 } from '@tp/contracts';
import type { Prompt } from '@tp/media-domain';

/** A prompt as the admin API and `media.cmd.get-prompts` show it. */
export type PromptView = PromptV1;

export function toPromptView(prompt: Prompt): PromptView {
  return prompt.toData();
}
