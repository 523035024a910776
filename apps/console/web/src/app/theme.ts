import { createTheme, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

// A deep teal: calm on a long admin session; shades 7 to 9 carry white text and read as text on
// white (WCAG AA, 4.5:1 and more), so the primary shade is 8.
const lagoon: MantineColorsTuple = [
  '#e6f7f4',
  '#ccede7',
  '#9cdacf',
  '#68c6b5',
  '#3eb5a0',
  '#22a991',
  '#0f9a83',
  '#0b806d',
  '#066b5b',
  '#005548',
];

export const theme = createTheme({
  primaryColor: 'lagoon',
  primaryShade: 8,
  colors: { lagoon },
  defaultRadius: 'md',
  fontFamily: 'Inter, "Segoe UI", system-ui, -apple-system, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: { fontWeight: '650' },
  components: {
    Button: { defaultProps: { fw: 600 } },
    Drawer: { defaultProps: { position: 'right', size: 'lg', closeButtonProps: { 'aria-label': 'Close' } } },
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } },
  },
});

/** Secondary text (descriptions, hints) at gray 7: Mantine's default gray 6 is under 4.5:1 on white. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    // Field errors at red 9: the default red 6 is 3.3:1 on white.
    '--mantine-color-error': 'var(--mantine-color-red-9)',
  },
  dark: {},
});
