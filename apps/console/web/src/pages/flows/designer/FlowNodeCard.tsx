import { Badge, Group, Stack, Text } from '@mantine/core';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { createContext, useContext } from 'react';
import classes from './designer.module.css';
import {
  DEFAULT_HANDLE,
  isKnownKind,
  kindLabel,
  NODE_KINDS,
  type CanvasNode,
  type CanvasProblem,
} from './flow-canvas';

/** flow-runtime's problems by node id, for the cards (kept out of the nodes, so a check does not rewrite them). */
export const ProblemsContext = createContext<ReadonlyMap<string, CanvasProblem[]>>(new Map());

function summary(kind: string, params: Record<string, unknown> | undefined): string | null {
  if (kind === 'timed-presence' && Array.isArray(params?.presetHours))
    return `Presets ${(params.presetHours as unknown[]).join(', ')} h`;
  if (kind === 'queue') {
    const skills = Array.isArray(params?.requiredSkills) ? (params.requiredSkills as string[]) : [];
    return skills.length > 0 ? `Skills: ${skills.join(', ')}` : 'Any agent';
  }
  return null;
}

/** A node on the canvas: its kind, a line about its settings, its handles, and what stops it from publishing. */
export function FlowNodeCard({ id, data, selected }: NodeProps<CanvasNode>) {
  const problems = useContext(ProblemsContext).get(id) ?? [];
  const kind = isKnownKind(data.kind) ? NODE_KINDS[data.kind] : null;
  const branches = kind?.branches ?? [''];
  const line = summary(data.kind, data.params);
  const invalid = problems.length > 0;
  return (
    <div
      className={classes.node}
      data-kind={data.kind}
      data-invalid={invalid || undefined}
      data-selected={selected || undefined}
      aria-label={`${data.label ?? kindLabel(data.kind)} node${invalid ? ', has problems' : ''}`}
      role="group"
    >
      {(kind?.target ?? true) && <Handle type="target" position={Position.Left} className={classes.handle} />}
      <Stack gap={2}>
        <Group gap={6} justify="space-between" wrap="nowrap">
          <Text fw={700} size="sm">
            {data.label ?? kindLabel(data.kind)}
          </Text>
          <Badge size="xs" variant="light" color={invalid ? 'red' : 'gray'}>
            {id}
          </Badge>
        </Group>
        {line && (
          <Text size="xs" c="gray.7">
            {line}
          </Text>
        )}
        {problems.length > 0 && (
          <ul className={classes.problems} data-testid={`problems-${id}`}>
            {problems.slice(0, 3).map((p) => (
              <li key={`${p.code}-${p.param}`}>{p.param ? `${p.param}: ${p.message}` : p.message}</li>
            ))}
            {problems.length > 3 && <li>and {problems.length - 3} more (see the panel)</li>}
          </ul>
        )}
      </Stack>
      {branches.map((branch, i) => (
        <Handle
          key={branch || DEFAULT_HANDLE}
          id={branch || DEFAULT_HANDLE}
          type="source"
          position={Position.Right}
          className={classes.handle}
          style={branches.length > 1 ? { top: `${((i + 1) * 100) / (branches.length + 1)}%` } : undefined}
          title={branch || undefined}
        />
      ))}
      {branches.length > 1 && (
        <div className={classes.branchLabels} aria-hidden="true">
          {branches.map((b) => (
            <span key={b}>{b}</span>
          ))}
        </div>
      )}
    </div>
  );
}
