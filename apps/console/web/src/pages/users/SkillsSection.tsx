import { ActionIcon, Button, Group, NumberInput, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { api, unwrap } from '../../api/clients';
import { formErrors } from '../../api/form-errors';
import type { User } from '../../api/types';
import { FormAlert } from '../../ui/FormAlert';
import { useUserChange } from './user-queries';

interface SkillRow {
  name: string;
  proficiency: number | string;
}

/** The skills customer calls are routed by (name, and a proficiency from 1 to 10), saved together. */
export function SkillsSection({ user }: { user: User }) {
  const [summary, setSummary] = useState<string | null>(null);
  const form = useForm<{ skills: SkillRow[] }>({
    mode: 'controlled',
    initialValues: { skills: user.skills.map((s) => ({ name: s.name, proficiency: s.proficiency ?? '' })) },
    validate: {
      skills: {
        name: (value) => (value.trim() ? null : 'Name the skill, or remove the row'),
        proficiency: (value) =>
          value === '' || (Number.isInteger(Number(value)) && Number(value) >= 1 && Number(value) <= 10)
            ? null
            : 'From 1 to 10, or empty',
      },
    },
  });
  const save = useUserChange(user.id, (rows: SkillRow[]) =>
    unwrap(
      api.identity.PUT('/v1/users/{userId}/skills', {
        params: { path: { userId: user.id } },
        body: {
          skills: rows.map((r) => ({
            name: r.name.trim(),
            proficiency: r.proficiency === '' ? null : Number(r.proficiency),
          })),
        },
      }),
    ),
  );
  const fields = form.values.skills.flatMap((_, i) => [`skills.${i}.name`, `skills.${i}.proficiency`]);
  const submit = form.onSubmit((values) => {
    setSummary(null);
    save.mutate(values.skills, {
      onSuccess: () => form.resetDirty(),
      onError: (error) => {
        const problems = formErrors(error, fields);
        form.setErrors(problems.fields);
        setSummary(problems.summary);
      },
    });
  });
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="skills-heading">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <div>
            <Title order={3} size="h5" id="skills-heading">
              Skills
            </Title>
            <Text size="sm" c="gray.7">
              Customer calls go to agents who have every skill the queue asks for.
            </Text>
          </div>
          {form.values.skills.length === 0 && (
            <Text size="sm" c="gray.7" fs="italic">
              No skills: this user only gets calls from queues that ask for none.
            </Text>
          )}
          {form.values.skills.map((_, index) => (
            <Group key={index} gap="xs" align="flex-start" wrap="nowrap">
              <TextInput
                label={`Skill ${index + 1}`}
                placeholder="support"
                style={{ flex: 1 }}
                {...form.getInputProps(`skills.${index}.name`)}
              />
              <NumberInput
                label="Proficiency"
                placeholder="1 to 10"
                min={1}
                max={10}
                w={120}
                allowDecimal={false}
                {...form.getInputProps(`skills.${index}.proficiency`)}
              />
              <ActionIcon
                mt={25}
                size={36}
                variant="subtle"
                color="gray.8"
                aria-label={`Remove skill ${index + 1}`}
                onClick={() => form.removeListItem('skills', index)}
              >
                <IconX size={18} aria-hidden="true" />
              </ActionIcon>
            </Group>
          ))}
          <FormAlert message={summary} />
          <Group justify="space-between">
            <Button
              variant="light"
              leftSection={<IconPlus size={16} aria-hidden="true" />}
              onClick={() => form.insertListItem('skills', { name: '', proficiency: '' })}
            >
              Add a skill
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
              Save skills
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
