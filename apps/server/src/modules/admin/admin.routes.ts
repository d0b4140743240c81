import { accessRoutes } from './access.routes.ts';
import { configurationRoutes } from './configuration.routes.ts';
import { memberRoutes } from './members.routes.ts';

/** Workspace administration: settings, members, invitations, teams, tags, fields, tokens, audit. */
export const adminRoutes = [...memberRoutes, ...configurationRoutes, ...accessRoutes];
