// The three services and the JetStream streams each one owns. Only the owner
// publishes to its streams; nats-server.conf enforces that per user.
export type ServiceName = 'streambot' | 'discord' | 'dashboard';

export const SERVICE_NAMES = [
  'streambot',
  'discord',
  'dashboard',
] as const satisfies readonly ServiceName[];

export interface ServiceStreams {
  /** Stream holding the service's events. */
  events: string;
  /** Stream holding the messages the service's consumers could not handle. */
  dlq: string;
  /** Subjects captured by the events stream. */
  eventSubjects: string;
  /** Subjects captured by the dead-letter stream. */
  dlqSubjects: string;
}

export const STREAMS: Record<ServiceName, ServiceStreams> = {
  streambot: {
    events: 'STREAMBOT_EVENTS',
    dlq: 'STREAMBOT_DLQ',
    eventSubjects: 'streambot.evt.>',
    dlqSubjects: 'streambot.dlq.>',
  },
  discord: {
    events: 'DISCORD_EVENTS',
    dlq: 'DISCORD_DLQ',
    eventSubjects: 'discord.evt.>',
    dlqSubjects: 'discord.dlq.>',
  },
  dashboard: {
    events: 'DASHBOARD_EVENTS',
    dlq: 'DASHBOARD_DLQ',
    eventSubjects: 'dashboard.evt.>',
    dlqSubjects: 'dashboard.dlq.>',
  },
};

export function isServiceName(value: string): value is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(value);
}
