// How errors, durations and ages read: all @homelab/nats/ui's.
export { errorText, formatAgo, formatDuration } from '@homelab/nats/ui';
