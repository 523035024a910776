import {
  Anchor,
  AppShell,
  Avatar,
  Burger,
  Group,
  Menu,
  NavLink,
  ScrollArea,
  Stack,
  Text,
  Title,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconAdjustments,
  IconChartArea,
  IconHistory,
  IconChevronDown,
  IconClockHour4,
  IconHierarchy2,
  IconLayoutList,
  IconLogout,
  IconMicrophone,
  IconPhoneCall,
  IconPhoneIncoming,
  IconUsers,
} from '@tabler/icons-react';
import { Suspense } from 'react';
import { Navigate, NavLink as RouterLink, Outlet, useLocation, useNavigation } from 'react-router';
import { signOut, useSession } from '../auth/session';
import { SignInAgainDialog } from '../auth/SignInAgainDialog';
import { PageLoader } from '../ui/PageLoader';
import classes from './ConsoleLayout.module.css';
import { PAGES } from './routes';
import { useTenantName } from './tenant';

const ICONS = {
  users: IconUsers,
  media: IconMicrophone,
  flows: IconHierarchy2,
  'dispatch-mappings': IconPhoneCall,
  presence: IconClockHour4,
  board: IconLayoutList,
  queues: IconPhoneIncoming,
  activity: IconChartArea,
  sessions: IconHistory,
  settings: IconAdjustments,
} as const;

/** The frame of every page: the tenant and the admin in the header, the pages in the navbar. */
export function ConsoleLayout() {
  const current = useSession();
  const location = useLocation();
  const navigation = useNavigation();
  const [opened, { toggle, close }] = useDisclosure();
  const tenantName = useTenantName();
  if (current.status === 'signed-out') {
    const returnTo = `${location.pathname}${location.search}`;
    return <Navigate to={`/signin?returnTo=${encodeURIComponent(returnTo)}`} replace />;
  }
  let lastGroup = '';
  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 248, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <Anchor href="#main" className={classes.skip}>
        Skip to content
      </Anchor>
      <AppShell.Header className={classes.header}>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? 'Close navigation' : 'Open navigation'}
              color="white"
            />
            <div className={classes.logo} aria-hidden="true">
              TP
            </div>
            <div>
              <Text fw={700} c="white" lh={1.1} size="md">
                Timed Presence
              </Text>
              <Text size="xs" c="lagoon.0" lh={1.2} data-testid="tenant-name">
                <VisuallyHidden>Tenant: </VisuallyHidden>
                {tenantName}
              </Text>
            </div>
          </Group>
          <Menu position="bottom-end" width={240} withinPortal>
            <Menu.Target>
              <UnstyledButton className={classes.user}>
                <Group gap="xs" wrap="nowrap">
                  <VisuallyHidden>Account menu, signed in as</VisuallyHidden>
                  <Avatar
                    size={32}
                    radius="xl"
                    color="lagoon"
                    variant="white"
                    name={current.who}
                    aria-hidden="true"
                  />
                  <Text size="sm" c="white" fw={500} truncate maw={180} data-testid="signed-in-as">
                    {current.who}
                  </Text>
                  <IconChevronDown size={14} color="white" aria-hidden="true" />
                </Group>
              </UnstyledButton>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>Signed in to {tenantName}</Menu.Label>
              <Menu.Item disabled>{current.who}</Menu.Item>
              <Menu.Divider />
              <Menu.Item
                leftSection={<IconLogout size={16} aria-hidden="true" />}
                onClick={() => void signOut()}
              >
                Sign out
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label="Console pages">
        <ScrollArea>
          <Stack gap={2}>
            {PAGES.map((page) => {
              const Icon = ICONS[page.path];
              const heading = page.group !== lastGroup ? page.group : null;
              lastGroup = page.group;
              return (
                <div key={page.path}>
                  {heading && (
                    <Title order={2} className={classes.group}>
                      {heading}
                    </Title>
                  )}
                  <NavLink
                    component={RouterLink}
                    to={`/${page.path}`}
                    label={page.label}
                    leftSection={<Icon size={18} stroke={1.6} aria-hidden="true" />}
                    active={
                      location.pathname === `/${page.path}` || location.pathname.startsWith(`/${page.path}/`)
                    }
                    onClick={close}
                    className={classes.link}
                  />
                </div>
              );
            })}
          </Stack>
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main
        id="main"
        tabIndex={-1}
        className={classes.main}
        aria-busy={navigation.state === 'loading'}
      >
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
      <SignInAgainDialog />
    </AppShell>
  );
}
