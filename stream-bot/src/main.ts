// Entry point: read the configuration, start stream-bot, stop it cleanly on
// SIGTERM/SIGINT (the exit codes and signal handling live in the runtime).
import { runMain } from '@homelab/nats/runtime';
import { loadConfig } from './config.ts';
import { startService } from './service.ts';

await runMain({ name: 'stream-bot', loadConfig, start: startService });
