import { Paper, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import classes from './designer.module.css';
import { NODE_KINDS, PALETTE, type NodeKind } from './flow-canvas';

/** The MIME type of a palette item being dragged onto the canvas. */
export const DRAG_TYPE = 'application/x-flow-node-kind';

/** The kinds of node flow-runtime runs: drag one onto the canvas, or click it to add it in the middle. */
export function Palette({ readOnly, onAdd }: { readOnly: boolean; onAdd: (kind: NodeKind) => void }) {
  return (
    <Paper withBorder radius="md" p="xs" component="nav" aria-label="Palette">
      <Title order={2} size="h6" mb="xs">
        Palette
      </Title>
      <Stack gap={6}>
        {PALETTE.map((kind) => (
          <UnstyledButton
            key={kind}
            className={classes.paletteItem}
            draggable={!readOnly}
            disabled={readOnly}
            data-kind={kind}
            aria-label={`Add ${NODE_KINDS[kind].label}`}
            onDragStart={(e) => {
              e.dataTransfer.setData(DRAG_TYPE, kind);
              e.dataTransfer.effectAllowed = 'move';
            }}
            onClick={() => onAdd(kind)}
          >
            <Paper withBorder p={8} radius="sm">
              <Text size="sm" fw={600}>
                {NODE_KINDS[kind].label}
              </Text>
              <Text size="xs" c="gray.7">
                {NODE_KINDS[kind].description}
              </Text>
            </Paper>
          </UnstyledButton>
        ))}
      </Stack>
    </Paper>
  );
}
