import { Center, Loader } from '@mantine/core';

export function PageLoader({ label = 'Loading the page' }: { label?: string }) {
  return (
    <Center py={80}>
      <Loader aria-label={label} />
    </Center>
  );
}
