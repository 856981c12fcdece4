// Every contract in one place: typed maps for code, arrays for tools (the
// event catalog, the tests) and a subject lookup for consumers.
import type { EventContract, QueryContract } from './define.ts';
import * as dashboard from './dashboard.ts';
import * as discord from './discord.ts';
import * as streambot from './streambot.ts';

export const events = {
  factCreated: streambot.factCreated,
  botStatusChanged: streambot.botStatusChanged,
  commandRun: streambot.commandRun,
  songNowPlaying: streambot.songNowPlaying,
  streambotServiceStarted: streambot.streambotServiceStarted,
  ticketOpened: discord.ticketOpened,
  ticketClaimed: discord.ticketClaimed,
  ticketClosed: discord.ticketClosed,
  ticketReopened: discord.ticketReopened,
  guildJoined: discord.guildJoined,
  guildLeft: discord.guildLeft,
  memberVerified: discord.memberVerified,
  roleAssigned: discord.roleAssigned,
  moderationActionTaken: discord.moderationActionTaken,
  discordServiceStarted: discord.discordServiceStarted,
  containerStateChanged: dashboard.containerStateChanged,
  containerActionTaken: dashboard.containerActionTaken,
  deploymentStarted: dashboard.deploymentStarted,
  deploymentFinished: dashboard.deploymentFinished,
  deploymentFailed: dashboard.deploymentFailed,
  healthChanged: dashboard.healthChanged,
  dashboardServiceStarted: dashboard.dashboardServiceStarted,
} as const;

export const queries = {
  factsLatest: streambot.factsLatest,
  factsRandom: streambot.factsRandom,
  factsPage: streambot.factsPage,
  botStatus: streambot.botStatus,
  analyticsSummary: streambot.analyticsSummary,
  ticketsOpenSummary: discord.ticketsOpenSummary,
  ticketsList: discord.ticketsList,
  guildsList: discord.guildsList,
  moderationRecent: discord.moderationRecent,
  healthSummary: dashboard.healthSummary,
} as const;

export const eventContracts: readonly EventContract[] = Object.values(events);
export const queryContracts: readonly QueryContract[] = Object.values(queries);

const eventsBySubject = new Map<string, EventContract>(eventContracts.map((c) => [c.subject, c]));
const queriesBySubject = new Map<string, QueryContract>(queryContracts.map((c) => [c.subject, c]));

export function eventBySubject(subject: string): EventContract | undefined {
  return eventsBySubject.get(subject);
}

export function queryBySubject(subject: string): QueryContract | undefined {
  return queriesBySubject.get(subject);
}
