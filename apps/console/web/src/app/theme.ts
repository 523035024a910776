import { createTheme, type MantineColorsTuple } from '@mantine/core';

// A deep teal: calm on a long admin session, and dark enough at shade 7 for white text (WCAG AA).
const lagoon: MantineColorsTuple = [
  '#e5fbf8',
  '#d5f2ee',
  '#aee3db',
  '#83d3c7',
  '#60c6b6',
  '#48beab',
  '#38b9a6',
  '#27a391',
  '#159180',
  '#007e6e',
];

export const theme = createTheme({
  primaryColor: 'lagoon',
  primaryShade: 9,
  colors: { lagoon },
  defaultRadius: 'md',
  fontFamily: 'Inter, "Segoe UI", system-ui, -apple-system, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: { fontWeight: '650' },
  components: {
    Button: { defaultProps: { fw: 600 } },
    Drawer: { defaultProps: { position: 'right', size: 'lg' } },
  },
});
