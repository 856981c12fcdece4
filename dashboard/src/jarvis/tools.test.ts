import { describe, expect, it } from 'vitest';
import type { JarvisToolDeps } from './tools.ts';
import { createJarvisTools, toolDefinitions } from './tools.ts';

// Only the tools' shapes are looked at here: nothing is run.
const deps = { readModels: {}, health: {}, containers: {} } as unknown as JarvisToolDeps;

describe("Jarvis's tools", () => {
  it('offers the changing tools of the modules that are wired, and only those', () => {
    const names = (d: JarvisToolDeps) => createJarvisTools(d).map((t) => `${t.kind}:${t.name}`);
    expect(names(deps)).toEqual([
      'read:get_latest_fact',
      'read:get_bot_status',
      'read:get_open_tickets',
      'read:get_moderation_summary',
      'read:list_containers',
      'read:get_container_logs',
      'read:get_health_summary',
      'action:restart_container',
    ]);
    const all = names({
      ...deps,
      listDeployments: async () => [],
      listJobs: async () => [],
      requestDeployment: async () => ({ deploymentId: 'd', jobId: 'j' }),
      requestImport: async () => ({ jobId: 'j' }),
    });
    expect(all).toEqual(
      expect.arrayContaining([
        'read:list_deployments',
        'read:list_jobs',
        'action:deploy_service',
        'action:import_media',
      ]),
    );
  });

  it('describes each parameter to the model as JSON schema, defaults included', () => {
    const defs = toolDefinitions(createJarvisTools(deps));
    const restart = defs.find((d) => d.function.name === 'restart_container')!;
    expect(restart.type).toBe('function');
    expect(restart.function.parameters).toMatchObject({
      type: 'object',
      properties: {
        host: { type: 'string', default: 'local' },
        container: { type: 'string', description: 'The container name or id' },
      },
      required: ['container'],
    });
    expect(restart.function.parameters).not.toHaveProperty('$schema');
    const fact = defs.find((d) => d.function.name === 'get_latest_fact')!;
    expect(fact.function.parameters).toMatchObject({ type: 'object', properties: {} });
  });

  it('refuses arguments that are not a host or container reference', () => {
    const restart = createJarvisTools(deps).find((t) => t.name === 'restart_container')!;
    expect(restart.args.safeParse({ container: 'plex' }).data).toEqual({
      host: 'local',
      container: 'plex',
    });
    expect(restart.args.safeParse({ container: '../etc' }).success).toBe(false);
    expect(restart.args.safeParse({ host: 'a b', container: 'plex' }).success).toBe(false);
    expect(restart.args.safeParse({}).success).toBe(false);
  });
});
