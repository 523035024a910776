import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState, type ReactNode } from 'react';
import { api, unwrap } from '../../api/clients';
import { messageOf } from '../../api/errors';

interface Target {
  readonly agentId: string;
  readonly name: string;
}

/**
 * "Force offline" for the Presence page and the board: `ask(agentId, name)` opens a confirmation,
 * `dialog` is the confirmation to render. A failure stays in the dialog; success closes it, says so
 * and refreshes the presence queries.
 */
export function useForceOffline(): { ask: (agentId: string, name: string) => void; dialog: ReactNode } {
  const client = useQueryClient();
  const [target, setTarget] = useState<Target | null>(null);
  const offline = useMutation({
    mutationFn: (agentId: string) =>
      unwrap(api.presence.POST('/v1/presence/agents/{agentId}/offline', { params: { path: { agentId } } })),
    onSuccess: () => {
      setTarget(null);
      void client.invalidateQueries({ queryKey: ['presence'] });
      notifications.show({ color: 'lagoon', message: 'The agent is offline.' });
    },
  });
  const { reset } = offline;
  const ask = useCallback(
    (agentId: string, name: string) => {
      reset();
      setTarget({ agentId, name });
    },
    [reset],
  );
  const dialog = (
    <Modal opened={target !== null} onClose={() => setTarget(null)} title="Set this agent offline?">
      <Stack gap="md">
        <Text size="sm">
          {target?.name} stops receiving calls now. They can go online again by calling in.
        </Text>
        {offline.isError && (
          <Text size="sm" c="red.9" role="alert">
            {messageOf(offline.error)}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setTarget(null)}>
            Cancel
          </Button>
          <Button
            color="red.9"
            loading={offline.isPending}
            onClick={() => target && offline.mutate(target.agentId)}
          >
            Force offline
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
  return { ask, dialog };
}
