import '@mantine/charts/styles.css';
import { AreaChart } from '@mantine/charts';
import { Group, MultiSelect, Paper, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { IconChartArea } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/clients';
import type { paths } from '../../api/presence';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { PageLoader } from '../../ui/PageLoader';
import { LoadError } from '../../ui/QueryState';
import classes from '../pages.module.css';

type History = paths['/v1/presence/online-history']['get']['responses'][200]['content']['application/json'];

/** The windows offered, each with the step that keeps the chart readable (about 72 to 96 points). */
const RANGES = [
  { value: '6', label: '6 hours', step: '5m' },
  { value: '24', label: '24 hours', step: '15m' },
  { value: '72', label: '3 days', step: '1h' },
] as const;
type Range = (typeof RANGES)[number]['value'];

const COLORS = ['lagoon.7', 'orange.7', 'violet.6', 'blue.7', 'pink.7', 'teal.6', 'indigo.6', 'lime.8'];

const timeOf = (iso: string, withDay: boolean) =>
  new Intl.DateTimeFormat(undefined, {
    ...(withDay ? { weekday: 'short' } : {}),
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));

export default function ActivityPage() {
  const [range, setRange] = useState<Range>('24');
  const [chosen, setChosen] = useState<string[]>([]);
  const { step } = RANGES.find((r) => r.value === range)!;
  const history = useQuery({
    queryKey: ['presence', 'online-history', range, step],
    queryFn: () =>
      unwrap(
        api.presence.GET('/v1/presence/online-history', {
          params: { query: { hours: Number(range), step } },
        }),
      ),
    refetchInterval: 60_000,
  });
  const skills = history.data?.skills ?? [];
  const shown = chosen.length > 0 ? chosen.filter((s) => skills.includes(s)) : skills;
  return (
    <>
      <PageHeader
        title="Activity"
        description="Agents online per skill: an agent counts in every step they were online for some time, under each of their skills (their skills now), so an agent with two skills is in both lines."
        actions={
          <SegmentedControl
            aria-label="Time range"
            value={range}
            onChange={(value) => setRange(value)}
            data={RANGES.map(({ value, label }) => ({ value, label }))}
          />
        }
      />
      {history.isPending ? (
        <PageLoader label="Loading activity" />
      ) : history.isError ? (
        <LoadError what="activity" error={history.error} onRetry={() => void history.refetch()} />
      ) : (
        <ActivityChart
          history={history.data}
          skills={skills}
          shown={shown}
          onChoose={setChosen}
          chosen={chosen}
        />
      )}
    </>
  );
}

function ActivityChart({
  history,
  skills,
  shown,
  chosen,
  onChoose,
}: {
  history: History;
  skills: string[];
  shown: string[];
  chosen: string[];
  onChoose: (skills: string[]) => void;
}) {
  const withDay = history.points.length * history.stepSeconds > 86_400;
  const data = history.points.map((p) => ({ time: timeOf(p.at, withDay), ...p.skills }));
  const colorOf = (skill: string) => COLORS[skills.indexOf(skill) % COLORS.length];
  const online = history.points.some((p) => p.online > 0);
  if (!online)
    return (
      <EmptyState icon={<IconChartArea size={28} />} title="Nobody was online in this time">
        Agents appear here once they have gone online by calling in, or were set online by an admin.
      </EmptyState>
    );
  return (
    <Stack gap="lg">
      <Paper withBorder radius="lg" p="md" bg="white">
        <Stack gap="md">
          <Group justify="space-between" align="flex-end">
            <MultiSelect
              label="Skills"
              description="All skills unless you choose some"
              placeholder={chosen.length === 0 ? 'All skills' : undefined}
              data={skills}
              value={chosen}
              onChange={onChoose}
              clearable
              searchable
              w={360}
            />
            <Text size="sm" c="gray.7">
              {timeOf(history.from, true)} to {timeOf(history.to, true)}, every {history.step}
            </Text>
          </Group>
          <div
            data-testid="activity-chart"
            role="img"
            aria-label={`Agents online per skill: ${shown.join(', ')}`}
          >
            <AreaChart
              h={340}
              data={data}
              dataKey="time"
              series={shown.map((skill) => ({ name: skill, color: colorOf(skill) }))}
              curveType="stepAfter"
              withDots={false}
              fillOpacity={0.15}
              withLegend
              yAxisLabel="Agents online"
              yAxisProps={{ allowDecimals: false }}
              xAxisProps={{ minTickGap: 24 }}
            />
          </div>
        </Stack>
      </Paper>
      <Paper withBorder radius="lg" className={classes.tableCard}>
        <Table
          verticalSpacing="sm"
          horizontalSpacing="md"
          aria-label="Agents online per skill"
          data-testid="activity-table"
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Skill</Table.Th>
              <Table.Th>Now</Table.Th>
              <Table.Th>Most at once</Table.Th>
              <Table.Th>First at</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((skill) => {
              const peak = history.points.reduce(
                (best, p) => ((p.skills[skill] ?? 0) > (best.skills[skill] ?? 0) ? p : best),
                history.points[0],
              );
              const now = history.points[history.points.length - 1]?.skills[skill] ?? 0;
              return (
                <Table.Tr key={skill} data-testid="activity-row" data-skill={skill}>
                  <Table.Td fw={600}>{skill}</Table.Td>
                  <Table.Td data-testid="now">{now}</Table.Td>
                  <Table.Td data-testid="peak">{peak.skills[skill] ?? 0}</Table.Td>
                  <Table.Td>{(peak.skills[skill] ?? 0) > 0 ? timeOf(peak.at, withDay) : '—'}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Paper>
    </Stack>
  );
}
