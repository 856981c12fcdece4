// The members part of the API in one place, mounted after the session guard:
// GET /api/moderation, /api/guilds/:id/role-panels, POST /api/verify.
import { Hono } from 'hono';
import type { ModerationStore } from '../moderation/moderation.ts';
import type { RolePanelStore } from '../roles/role-panels.ts';
import type { VerificationStore, Verifier } from '../verification/verification.ts';
import type { GuildAccess } from './guild-access.ts';
import { moderationRoutes } from './moderation.routes.ts';
import { rolePanelRoutes, type PanelPublisher } from './role-panels.routes.ts';
import { verifyPanelRoutes, verifyRoutes, type VerifyPanelPoster } from './verify.routes.ts';

const OFFLINE =
  'the bot is not connected to Discord: set DISCORD_TOKEN and check GET /api/bot/status';

export interface MembersDeps {
  moderation: ModerationStore;
  rolePanels: RolePanelStore;
  verifier: Verifier;
  verification: VerificationStore;
  access: GuildAccess;
  /** Posts the verify panel while the bot is connected (absent: 503). */
  postVerifyPanel?: VerifyPanelPoster;
  /** Posts role panel messages once the bot is connected. */
  panelPublisher?: () => PanelPublisher | null;
}

export function membersRoutes(deps: MembersDeps | undefined) {
  const app = new Hono();
  if (!deps) return app;
  return app
    .route('/moderation', moderationRoutes(deps.moderation, deps.access))
    .route('/guilds', rolePanelRoutes(deps.rolePanels, deps.access, deps.panelPublisher))
    .route(
      '/guilds',
      verifyPanelRoutes(deps.access, deps.verification, deps.postVerifyPanel, OFFLINE),
    )
    .route('/verify', verifyRoutes(deps.verifier, deps.access));
}
