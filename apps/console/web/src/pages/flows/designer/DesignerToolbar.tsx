import { Button, Group, Text, Tooltip } from '@mantine/core';
import {
  IconArrowBackUp,
  IconArrowForwardUp,
  IconDeviceFloppy,
  IconLayoutDistributeVertical,
  IconRocket,
  IconTrash,
} from '@tabler/icons-react';

/** The designer's actions: undo, redo, auto-layout, delete; flow-runtime's verdict; save and publish. */
export function DesignerToolbar({
  readOnly,
  canUndo,
  canRedo,
  onUndo,
  onRedo,
  onLayout,
  canDelete,
  onDelete,
  problems,
  changed,
  busy,
  onSave,
  onPublish,
}: {
  readOnly: boolean;
  canUndo: boolean;
  canRedo: boolean;
  onUndo: () => void;
  onRedo: () => void;
  onLayout: () => void;
  canDelete: boolean;
  onDelete: () => void;
  /** How many problems flow-runtime found; null while it has not answered yet. */
  problems: number | null;
  changed: boolean;
  busy: boolean;
  onSave: () => void;
  onPublish: () => void;
}) {
  return (
    <Group justify="space-between" wrap="wrap">
      <Group gap="xs">
        <Tooltip label="Undo (Ctrl+Z)">
          <Button
            variant="default"
            leftSection={<IconArrowBackUp size={16} aria-hidden="true" />}
            disabled={readOnly || !canUndo}
            onClick={onUndo}
          >
            Undo
          </Button>
        </Tooltip>
        <Tooltip label="Redo (Ctrl+Shift+Z)">
          <Button
            variant="default"
            leftSection={<IconArrowForwardUp size={16} aria-hidden="true" />}
            disabled={readOnly || !canRedo}
            onClick={onRedo}
          >
            Redo
          </Button>
        </Tooltip>
        <Button
          variant="default"
          leftSection={<IconLayoutDistributeVertical size={16} aria-hidden="true" />}
          disabled={readOnly}
          onClick={onLayout}
        >
          Auto-layout
        </Button>
        <Button
          variant="default"
          color="red"
          leftSection={<IconTrash size={16} aria-hidden="true" />}
          disabled={readOnly || !canDelete}
          onClick={onDelete}
        >
          Delete selected
        </Button>
      </Group>
      {!readOnly && (
        <Group gap="xs">
          <Text size="sm" c={problems ? 'red.8' : 'gray.7'} aria-live="polite" data-testid="check-summary">
            {problems === null
              ? 'Checking…'
              : problems > 0
                ? `${problems} problem${problems > 1 ? 's' : ''} to fix before publishing`
                : 'Ready to publish'}
          </Text>
          <Button
            variant="default"
            leftSection={<IconDeviceFloppy size={16} aria-hidden="true" />}
            disabled={!changed}
            loading={busy}
            onClick={onSave}
          >
            Save draft
          </Button>
          <Button
            leftSection={<IconRocket size={16} aria-hidden="true" />}
            loading={busy}
            onClick={onPublish}
          >
            Publish
          </Button>
        </Group>
      )}
    </Group>
  );
}
