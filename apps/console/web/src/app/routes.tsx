import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { OidcCallback, OidcPopupCallback } from '../auth/OidcCallback';
import { SignInPage } from '../auth/SignInPage';
import { PageLoader } from '../ui/PageLoader';
import { RouteError } from '../ui/RouteError';
import { ConsoleLayout } from './ConsoleLayout';

/** The pages in the vendor page's order; each one is its own chunk, loaded when first opened. */
export const PAGES = [
  { path: 'users', label: 'Users', group: 'User Management' },
  { path: 'media', label: 'Media', group: 'Flows' },
  { path: 'flows', label: 'Flows', group: 'Flows' },
  { path: 'dispatch-mappings', label: 'Dispatch Mappings', group: 'Flows' },
  { path: 'presence', label: 'Presence', group: 'Agents' },
  { path: 'board', label: 'Presence board', group: 'Agents' },
  { path: 'queues', label: 'Queues', group: 'Agents' },
  { path: 'activity', label: 'Activity', group: 'Agents' },
  { path: 'sessions', label: 'Sessions', group: 'Agents' },
  { path: 'settings', label: 'Settings', group: 'Tenant' },
] as const;

// A page that fails shows its error inside the frame (navbar and header stay usable).
const page = (
  load: () => Promise<{ default: React.ComponentType }>,
): Pick<RouteObject, 'lazy' | 'errorElement'> => ({
  lazy: async () => ({ Component: (await load()).default }),
  errorElement: <RouteError inFrame />,
});

export const router = createBrowserRouter([
  { path: '/signin', element: <SignInPage /> },
  { path: '/auth/callback', element: <OidcCallback /> },
  { path: '/auth/popup-callback', element: <OidcPopupCallback /> },
  {
    path: '/',
    element: <ConsoleLayout />,
    errorElement: <RouteError />,
    hydrateFallbackElement: <PageLoader />,
    children: [
      { index: true, element: <Navigate to="/users" replace /> },
      { path: 'users', ...page(() => import('../pages/users/UsersPage')) },
      { path: 'media', ...page(() => import('../pages/media/MediaPage')) },
      { path: 'flows', ...page(() => import('../pages/flows/FlowsPage')) },
      { path: 'flows/:flowId', ...page(() => import('../pages/flows/FlowPage')) },
      { path: 'flows/:flowId/designer', ...page(() => import('../pages/flows/designer/DesignerPage')) },
      { path: 'dispatch-mappings', ...page(() => import('../pages/mappings/MappingsPage')) },
      { path: 'presence', ...page(() => import('../pages/presence/PresencePage')) },
      { path: 'board', ...page(() => import('../pages/board/BoardPage')) },
      { path: 'queues', ...page(() => import('../pages/queues/QueuesPage')) },
      { path: 'activity', ...page(() => import('../pages/activity/ActivityPage')) },
      { path: 'sessions', ...page(() => import('../pages/sessions/SessionsPage')) },
      { path: 'settings', ...page(() => import('../pages/settings/SettingsPage')) },
      { path: '*', element: <RouteError notFound inFrame /> },
    ],
  },
]);
