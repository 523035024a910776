import { Accordion, NumberInput, Radio, Select, SimpleGrid, Stack, Switch, Text, Title } from '@mantine/core';
import type { Prompt } from '../../../api/types';
import { ROLE_LABELS } from '../../media/roles';
import {
  BREAK_KEYS,
  DEFAULT_VALUES,
  OPTIONAL_ROLES,
  POLICIES,
  REQUIRED_ROLES,
  UNTIL_TIME_KEYS,
  timedPresenceParamsOf,
  valuesOf,
  type Role,
  type TimedPresenceValues,
} from '../timed-presence-graph';
import { PromptPicker } from './PromptPicker';

const KEYS = ['1', '2', '3', '4'] as const;

/**
 * The Timed Presence activity's settings in the designer's panel: the same values, defaults and
 * parameters as the Flows page's form (timed-presence-graph), written back to the node as they change.
 */
export function TimedPresencePanel({
  params,
  prompts,
  readOnly,
  errorOf,
  onChange,
}: {
  params: Record<string, unknown>;
  prompts: Prompt[];
  readOnly: boolean;
  errorOf: (param: string) => string | null;
  onChange: (params: Record<string, unknown>, field: string) => void;
}) {
  const values = valuesOf(params, { ...DEFAULT_VALUES({}), prompts: DEFAULT_VALUES({}).prompts });
  const set = (field: string, next: Partial<TimedPresenceValues>) =>
    onChange(timedPresenceParamsOf({ ...values, ...next }), field);
  const number = (
    label: string,
    field: 'maxHours' | 'attempts' | 'collectTimeoutS',
    max: number,
    description: string,
  ) => (
    <NumberInput
      label={label}
      description={description}
      min={1}
      max={max}
      allowDecimal={false}
      value={values[field]}
      readOnly={readOnly}
      error={errorOf(field)}
      onChange={(v) => set(field, { [field]: v })}
    />
  );
  const picker = (role: Role, required: boolean) => (
    <PromptPicker
      key={role}
      label={ROLE_LABELS[role]}
      required={required}
      value={values.prompts[role]}
      prompts={prompts}
      readOnly={readOnly}
      error={errorOf(`prompts.${role}`)}
      onChange={(id) => set(`prompts.${role}`, { prompts: { ...values.prompts, [role]: id } })}
    />
  );
  return (
    <Stack gap="sm">
      <Title order={3} size="h6">
        Hours
      </Title>
      <SimpleGrid cols={2} spacing="xs">
        {KEYS.map((key, index) => (
          <NumberInput
            key={key}
            label={`Key ${key}: hours`}
            min={1}
            max={99}
            allowDecimal={false}
            value={values.presetHours[index]}
            readOnly={readOnly}
            error={errorOf(`presetHours.${index}`)}
            onChange={(v) => {
              const presetHours = [...values.presetHours] as TimedPresenceValues['presetHours'];
              presetHours[index] = v;
              set(`presetHours.${index}`, { presetHours });
            }}
          />
        ))}
      </SimpleGrid>
      {number('Maximum hours', 'maxHours', 99, 'For custom hours (key 9), 1 to 99')}
      {number('Attempts', 'attempts', 10, 'Invalid answers before the call ends')}
      {number('Collect timeout (seconds)', 'collectTimeoutS', 60, 'Silence that ends a menu')}
      <Title order={3} size="h6" mt="xs">
        Prompts
      </Title>
      <Text size="xs" c="gray.7">
        Chosen from this tenant’s Media; the play button previews the one chosen.
      </Text>
      {REQUIRED_ROLES.map((role) => picker(role, true))}
      <Accordion variant="contained">
        <Accordion.Item value="optional">
          <Accordion.Control>PIN, giving-up, until-a-time and break prompts (optional)</Accordion.Control>
          <Accordion.Panel>
            <Stack gap="xs">{OPTIONAL_ROLES.map((role) => picker(role, false))}</Stack>
          </Accordion.Panel>
        </Accordion.Item>
      </Accordion>
      <Radio.Group
        label="Caller verification"
        description="Caller ID can be spoofed: ask for a PIN where that matters."
        value={values.callerVerification}
        error={errorOf('callerVerification')}
        onChange={(v) => !readOnly && set('callerVerification', { callerVerification: v })}
      >
        <Stack gap={6} mt="xs">
          {POLICIES.map((policy) => (
            <Radio key={policy.value} value={policy.value} label={policy.label} disabled={readOnly} />
          ))}
        </Stack>
      </Radio.Group>
      <Switch
        label="Call the agent with the Offline Media when their hours run out"
        checked={values.notifyOnExpiry}
        disabled={readOnly}
        onChange={(e) => set('notifyOnExpiry', { notifyOnExpiry: e.currentTarget.checked })}
      />
      <Switch
        label="A timed break by phone, while online"
        checked={values.breakEnabled}
        disabled={readOnly}
        error={errorOf('breakEnabled')}
        onChange={(e) => set('breakEnabled', { breakEnabled: e.currentTarget.checked })}
      />
      {values.breakEnabled && (
        <SimpleGrid cols={2} spacing="xs">
          <Select
            label="Break key"
            data={[...BREAK_KEYS]}
            allowDeselect={false}
            value={values.breakKey}
            readOnly={readOnly}
            error={errorOf('breakKey')}
            onChange={(v) => v && set('breakKey', { breakKey: v })}
          />
          <NumberInput
            label="Break minutes"
            min={1}
            max={120}
            allowDecimal={false}
            value={values.breakMinutes}
            readOnly={readOnly}
            error={errorOf('breakMinutes')}
            onChange={(v) => set('breakMinutes', { breakMinutes: v })}
          />
        </SimpleGrid>
      )}
      <Switch
        label="Offer going online until a time of day (HHMM)"
        checked={values.untilTime}
        disabled={readOnly}
        onChange={(e) => set('untilTime', { untilTime: e.currentTarget.checked })}
      />
      <Select
        label="Until a time of day: key"
        data={[...UNTIL_TIME_KEYS]}
        allowDeselect={false}
        value={values.untilTimeKey}
        disabled={readOnly || !values.untilTime}
        error={errorOf('untilTimeKey')}
        onChange={(v) => v !== null && set('untilTimeKey', { untilTimeKey: v })}
      />
    </Stack>
  );
}
