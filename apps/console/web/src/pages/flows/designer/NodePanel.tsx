import {
  Alert,
  Button,
  List,
  NumberInput,
  Paper,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import type { Prompt } from '../../../api/types';
import { kindLabel, type CanvasNode, type CanvasProblem } from './flow-canvas';
import { PromptPicker } from './PromptPicker';
import { TimedPresencePanel } from './TimedPresencePanel';

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const numberOrEmpty = (value: unknown) => (typeof value === 'number' ? value : '');
const whole = (value: number | string) => (value === '' ? undefined : Number(value));

/** The selected node's settings, with flow-runtime's problems on the fields they name. */
export function NodePanel({
  node,
  problems,
  prompts,
  readOnly,
  onChange,
  onDelete,
}: {
  node: CanvasNode;
  problems: CanvasProblem[];
  prompts: Prompt[];
  readOnly: boolean;
  onChange: (data: CanvasNode['data'], field: string) => void;
  onDelete: () => void;
}) {
  const params = node.data.params ?? {};
  const errorOf = (param: string) => problems.find((p) => p.param === param)?.message ?? null;
  const setParams = (next: Record<string, unknown>, field: string) =>
    onChange({ ...node.data, params: next }, field);
  const set = (key: string, value: unknown) => {
    const next: Record<string, unknown> = { ...params, [key]: value };
    if (value === undefined || value === null) delete next[key];
    setParams(next, key);
  };
  const general = problems.filter((p) => p.param === '');
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={`Settings of ${node.id}`}>
      <Stack gap="sm">
        <Title order={2} size="h5">
          {kindLabel(node.data.kind)}{' '}
          <Text span c="gray.7" size="sm">
            ({node.id})
          </Text>
        </Title>
        {general.length > 0 && (
          <Alert color="red" variant="light" title="Before it can be published" role="alert">
            <List size="sm">
              {general.map((p) => (
                <List.Item key={`${p.code}-${p.param}`}>{p.message}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        {node.data.kind !== 'entry' && node.data.kind !== 'exit' && (
          <TextInput
            label="Label"
            description="What the canvas shows; calls do not hear it"
            value={node.data.label ?? ''}
            readOnly={readOnly}
            onChange={(e) => {
              const label = e.currentTarget.value;
              const { label: _old, ...rest } = node.data;
              onChange(label ? { ...rest, label } : rest, 'label');
            }}
          />
        )}
        {node.data.kind === 'timed-presence' && (
          <TimedPresencePanel
            params={params}
            prompts={prompts}
            readOnly={readOnly}
            errorOf={errorOf}
            onChange={setParams}
          />
        )}
        {node.data.kind === 'play-prompt' && (
          <PromptPicker
            label="Prompt"
            required
            value={text(params.promptId) || null}
            prompts={prompts}
            readOnly={readOnly}
            error={errorOf('promptId')}
            onChange={(id) => set('promptId', id ?? undefined)}
          />
        )}
        {node.data.kind === 'queue' && (
          <>
            <TextInput
              label="Queue name"
              required
              description="Agents hear it: “A call from the Support queue”"
              value={text(params.name)}
              readOnly={readOnly}
              error={errorOf('name')}
              onChange={(e) => set('name', e.currentTarget.value)}
            />
            <TagsInput
              label="Required skills"
              description="An agent needs all of them; press Enter after each"
              value={Array.isArray(params.requiredSkills) ? (params.requiredSkills as string[]) : []}
              readOnly={readOnly}
              error={errorOf('requiredSkills')}
              onChange={(skills) => set('requiredSkills', skills)}
            />
            <NumberInput
              label="Priority"
              description="0 to 10; higher is offered first"
              min={0}
              max={10}
              allowDecimal={false}
              value={numberOrEmpty(params.priority)}
              readOnly={readOnly}
              error={errorOf('priority')}
              onChange={(v) => set('priority', whole(v))}
            />
            <NumberInput
              label="Maximum wait (seconds)"
              description="5 to 3600; then the no-agent prompt and the timeout branch"
              min={5}
              max={3600}
              allowDecimal={false}
              value={numberOrEmpty(params.maxWaitSeconds)}
              readOnly={readOnly}
              error={errorOf('maxWaitSeconds')}
              onChange={(v) => set('maxWaitSeconds', whole(v))}
            />
            <PromptPicker
              label="Hold prompt"
              value={text(params.holdPromptId) || null}
              prompts={prompts}
              readOnly={readOnly}
              error={errorOf('holdPromptId')}
              onChange={(id) => set('holdPromptId', id ?? undefined)}
            />
            <PromptPicker
              label="No-agent prompt"
              value={text(params.noAgentPromptId) || null}
              prompts={prompts}
              readOnly={readOnly}
              error={errorOf('noAgentPromptId')}
              onChange={(id) => set('noAgentPromptId', id ?? undefined)}
            />
          </>
        )}
        {(node.data.kind === 'entry' || node.data.kind === 'exit') && (
          <Text size="sm" c="gray.7">
            {node.data.kind === 'entry'
              ? 'Where a call comes in: connect it to the first activity.'
              : 'The call ends here. Several paths may lead to one Exit.'}
          </Text>
        )}
        {!readOnly && (
          <Button
            variant="light"
            color="red"
            leftSection={<IconTrash size={16} aria-hidden="true" />}
            onClick={onDelete}
          >
            Delete {node.id}
          </Button>
        )}
      </Stack>
    </Paper>
  );
}
