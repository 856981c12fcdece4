// Public surface of the bus package. Services import from '@homelab/nats' only.
export {
  STREAMS,
  SERVICE_NAMES,
  isServiceName,
  type ServiceName,
  type ServiceStreams,
} from './contracts/streams.ts';
export {
  defineEvent,
  defineQuery,
  type EventContract,
  type QueryContract,
  type EventData,
  type QueryRequest,
  type QueryResponse,
} from './contracts/define.ts';
export {
  events,
  queries,
  eventContracts,
  queryContracts,
  eventBySubject,
  queryBySubject,
} from './contracts/registry.ts';
export {
  envelopeSchema,
  makeEnvelope,
  parseEnvelope,
  isEvent,
  type Envelope,
  type EnvelopeOf,
  type EnvelopeOptions,
  type BusEvent,
  type ParseResult,
} from './envelope.ts';
export * from './errors.ts';
export { silentLogger, type BusLogger } from './logger.ts';
export { connectBus, closeBus, type ConnectBusOptions } from './connection.ts';
export {
  ensureStreams,
  streamConfigs,
  STREAM_LIMITS,
  type EnsureStreamsOptions,
  type StreamAction,
} from './streams.ts';
export { enqueueEvent, type EnqueueOptions } from './outbox/enqueue.ts';
export {
  startOutboxRelay,
  type OutboxRelay,
  type OutboxRelayOptions,
  type RelayStats,
} from './outbox/relay.ts';
export {
  startDurableConsumer,
  type DurableConsumer,
  type DurableConsumerOptions,
  type ConsumerStats,
  type ReceivedEvent,
} from './consumers/durable-consumer.ts';
export { deadLetterSubject, DLQ_HEADERS } from './consumers/dead-letter.ts';
export {
  startEventSubscription,
  type EventSubscription,
  type EventSubscriptionOptions,
  type SubscribedEvent,
  type InvalidEvent,
  type SubscriptionStats,
} from './consumers/event-subscription.ts';
export {
  startQueryService,
  type QueryService,
  type QueryServiceOptions,
  type QueryHandler,
  type QueryHandlers,
  type QueryContext,
  type EndpointCounters,
} from './queries/query-service.ts';
export { request, type RequestOptions } from './queries/request.ts';
export {
  discoverServices,
  type DiscoveredService,
  type DiscoveredEndpoint,
  type DiscoverOptions,
} from './queries/discovery.ts';
export type { SqlClient, SqlDatabase } from './db/sql.ts';
