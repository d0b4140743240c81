import { Preferences, UpdatePreferencesBody } from '@kefu/contracts';
import { defineRoute } from '../../http/route.ts';

/** The signed-in user's own settings (language and time zone); `GET /auth/session` has them too. */
export const preferenceRoutes = [
  defineRoute({
    method: 'GET',
    path: '/api/v1/me/preferences',
    summary: 'Your language and time zone',
    tag: 'auth',
    access: 'session',
    response: Preferences,
    handler: ({ services, actor }) => services.preferences.get(actor),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/v1/me/preferences',
    summary: 'Change your language or time zone (null time zone: use the workspace’s)',
    tag: 'auth',
    access: 'session',
    body: UpdatePreferencesBody,
    response: Preferences,
    handler: ({ services, actor, body }) => services.preferences.update(actor, body),
  }),
];
