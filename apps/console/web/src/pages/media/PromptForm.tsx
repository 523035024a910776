import { Button, Group, SegmentedControl, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { formErrors } from '../../api/form-errors';
import type { NewPrompt, Prompt } from '../../api/types';
import { FormAlert } from '../../ui/FormAlert';
import { ROLE_OPTIONS } from './roles';

interface Values {
  name: string;
  role: string | null;
  kind: 'tts' | 'audio';
  text: string;
  voice: string;
  language: string;
  url: string;
}

const FIELDS = ['name', 'role', 'text', 'voice', 'language', 'url'];
const RENAME = {
  'content.text': 'text',
  'content.voice': 'voice',
  'content.language': 'language',
  'content.url': 'url',
};

const initialOf = (prompt?: Prompt): Values => ({
  name: prompt?.name ?? '',
  role: prompt?.role ?? null,
  kind: prompt?.content.kind ?? 'tts',
  text: prompt?.content.kind === 'tts' ? prompt.content.text : '',
  voice: prompt?.content.kind === 'tts' ? prompt.content.voice : 'Polly.Joanna',
  language: prompt?.content.kind === 'tts' ? prompt.content.language : 'en-US',
  url: prompt?.content.kind === 'audio' ? prompt.content.url : '',
});

/** A prompt: text to speech (text, voice, language) or an https audio URL. */
export function PromptForm({
  prompt,
  onSave,
}: {
  prompt?: Prompt;
  onSave: (body: NewPrompt) => Promise<unknown>;
}) {
  const [summary, setSummary] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: initialOf(prompt),
    validate: {
      name: (v) => (v.trim() ? null : 'Name the prompt'),
      text: (v, values) => (values.kind === 'tts' && !v.trim() ? 'Enter the words to say' : null),
      url: (v, values) =>
        values.kind === 'audio' && !/^https:\/\/\S+$/.test(v.trim())
          ? 'Enter an https:// address of the audio file'
          : null,
    },
  });
  const submit = form.onSubmit((values) => {
    setSummary(null);
    setSaving(true);
    const content: NewPrompt['content'] =
      values.kind === 'tts'
        ? {
            kind: 'tts',
            text: values.text.trim(),
            voice: values.voice.trim(),
            language: values.language.trim(),
          }
        : { kind: 'audio', url: values.url.trim() };
    onSave({ name: values.name.trim(), role: (values.role as NewPrompt['role']) ?? null, content })
      .catch((error: unknown) => {
        const problems = formErrors(error, FIELDS, RENAME);
        form.setErrors(problems.fields);
        setSummary(problems.summary);
      })
      .finally(() => setSaving(false));
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput
          label="Name"
          required
          placeholder="Welcome Media"
          data-autofocus
          {...form.getInputProps('name')}
        />
        <Select
          label="Role"
          description="What the prompt is for in a Timed Presence flow (optional)"
          placeholder="None"
          data={ROLE_OPTIONS}
          clearable
          {...form.getInputProps('role')}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="prompt-kind-label">
            Content
          </Text>
          <SegmentedControl
            aria-labelledby="prompt-kind-label"
            data={[
              { value: 'tts', label: 'Text to speech' },
              { value: 'audio', label: 'Audio file URL' },
            ]}
            {...form.getInputProps('kind')}
          />
        </Stack>
        {form.values.kind === 'tts' ? (
          <>
            <Textarea
              label="Text"
              required
              autosize
              minRows={3}
              maxRows={8}
              {...form.getInputProps('text')}
            />
            <Group grow align="flex-start">
              <TextInput
                label="Voice"
                description="alice, Polly.Joanna, Google.en-US-Standard-C, ..."
                {...form.getInputProps('voice')}
              />
              <TextInput
                label="Language"
                description="en-US, en-GB, fr-FR, ..."
                {...form.getInputProps('language')}
              />
            </Group>
          </>
        ) : (
          <TextInput
            label="Audio URL"
            required
            placeholder="https://example.com/welcome.mp3"
            type="url"
            {...form.getInputProps('url')}
          />
        )}
        <FormAlert message={summary} />
        <Group justify="flex-end">
          <Button type="submit" loading={saving}>
            {prompt ? 'Save' : 'Create prompt'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
