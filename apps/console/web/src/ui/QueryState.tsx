import { Alert, Button } from '@mantine/core';
import { IconPlugConnectedX } from '@tabler/icons-react';
import { messageOf } from '../api/errors';

/** A list that could not be loaded: why, and a way to try again. */
export function LoadError({ error, onRetry, what }: { error: unknown; onRetry: () => void; what: string }) {
  return (
    <Alert
      color="red"
      variant="light"
      role="alert"
      title={`The ${what} could not be loaded`}
      icon={<IconPlugConnectedX aria-hidden="true" />}
    >
      {messageOf(error)}
      <div>
        <Button mt="sm" size="xs" variant="white" color="red.9" onClick={onRetry}>
          Try again
        </Button>
      </div>
    </Alert>
  );
}
