// /api/guilds/:id/role-panels: list, create, replace and delete a guild's role
// panels. Bodies are checked whole before anything is written.
import { Hono } from 'hono';
import { DomainError } from '../domain/errors.ts';
import { panelInputSchema, type RolePanel, type RolePanelStore } from '../roles/role-panels.ts';
import { requireGuild, type GuildAccess } from './guild-access.ts';
import { readJsonBody } from './json-body.ts';

/** What the Discord side does when a panel changes (posts or edits its message); optional. */
export interface PanelPublisher {
  /** Posts the panel message, or edits the posted one; resolves to the panel as stored. */
  publish(panel: RolePanel): Promise<RolePanel>;
  /** Deletes the posted message, if any. */
  unpublish(panel: RolePanel): Promise<void>;
}

export function rolePanelJson(panel: RolePanel) {
  return {
    ...panel,
    createdAt: panel.createdAt.toISOString(),
    updatedAt: panel.updatedAt.toISOString(),
  };
}

function guildIdOf(value: string): string {
  if (!/^\d{17,20}$/.test(value)) {
    throw new DomainError(
      'invalid_input',
      `guild id "${value}" is not a Discord id (17-20 digits)`,
    );
  }
  return value;
}

export function rolePanelRoutes(
  panels: RolePanelStore,
  access: GuildAccess,
  publisher: () => PanelPublisher | null = () => null,
) {
  const guild = async (c: Parameters<typeof requireGuild>[1]) => {
    const id = guildIdOf(c.req.param('id') ?? '');
    await requireGuild(access, c, id);
    return id;
  };
  const publish = async (panel: RolePanel) => (await publisher()?.publish(panel)) ?? panel;

  return new Hono()
    .get('/:id/role-panels', async (c) => {
      const list = await panels.list(await guild(c));
      return c.json({ panels: list.map(rolePanelJson) });
    })
    .get('/:id/role-panels/:panelId', async (c) => {
      const panel = await panels.get(await guild(c), c.req.param('panelId'));
      return c.json({ panel: rolePanelJson(panel) });
    })
    .post('/:id/role-panels', async (c) => {
      const guildId = await guild(c);
      const input = await readJsonBody(c, panelInputSchema);
      const created = await panels.create(guildId, input);
      let panel: RolePanel;
      try {
        panel = await publish(created);
      } catch (err) {
        // A panel whose message cannot be posted (unknown channel …) is not kept.
        await panels.remove(guildId, created.id);
        throw err;
      }
      return c.json({ panel: rolePanelJson(panel) }, 201);
    })
    .put('/:id/role-panels/:panelId', async (c) => {
      const guildId = await guild(c);
      const input = await readJsonBody(c, panelInputSchema);
      const before = await panels.get(guildId, c.req.param('panelId'));
      const panel = await panels.update(guildId, before.id, input);
      if (before.messageId && before.channelId !== panel.channelId) {
        await publisher()?.unpublish(before);
      }
      return c.json({ panel: rolePanelJson(await publish(panel)) });
    })
    .delete('/:id/role-panels/:panelId', async (c) => {
      const panel = await panels.remove(await guild(c), c.req.param('panelId'));
      await publisher()?.unpublish(panel);
      return c.json({ deleted: panel.id });
    });
}
