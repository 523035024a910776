import { Group, Select } from '@mantine/core';
import type { Prompt } from '../../../api/types';
import { PromptPreview } from '../../media/PromptPreview';

/** One of the tenant's prompts (media's list), with a preview of the chosen one. */
export function PromptPicker({
  label,
  value,
  prompts,
  required = false,
  placeholder,
  error,
  readOnly,
  onChange,
}: {
  label: string;
  value: string | null;
  prompts: Prompt[];
  required?: boolean;
  placeholder?: string;
  error?: string | null;
  readOnly: boolean;
  onChange: (id: string | null) => void;
}) {
  const chosen = prompts.find((p) => p.id === value);
  return (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      <Select
        style={{ flex: 1 }}
        label={label}
        required={required}
        placeholder={placeholder ?? (required ? 'Choose a prompt' : 'Built-in wording')}
        data={prompts.map((p) => ({ value: p.id, label: p.name }))}
        value={value}
        searchable
        clearable={!required}
        allowDeselect={false}
        nothingFoundMessage="No prompt by that name"
        error={error ?? undefined}
        readOnly={readOnly}
        onChange={onChange}
      />
      {chosen && <PromptPreview prompt={chosen} />}
    </Group>
  );
}
