// Entry point: read the configuration, start dashboard, stop it cleanly on
// SIGTERM/SIGINT (the exit codes and signal handling live in the runtime).
import { runMain } from '@homelab/nats/runtime';
import { loadConfig } from './config.ts';
import { startService } from './service.ts';

await runMain({ name: 'dashboard', loadConfig, start: startService });
