// Dead letters go to the consuming service's own DLQ stream, on
// `<service>.dlq.<stream>.<durable>`. The body is the original payload, byte
// for byte (so it can be inspected or replayed); headers say why and whence.
import { headers, type JetStreamClient, type JsMsg } from 'nats';
import type { ServiceName } from '../contracts/streams.ts';

export const DLQ_HEADERS = {
  reason: 'Homelab-Dlq-Reason',
  subject: 'Homelab-Dlq-Subject',
  stream: 'Homelab-Dlq-Stream',
  sequence: 'Homelab-Dlq-Sequence',
  deliveries: 'Homelab-Dlq-Deliveries',
  consumer: 'Homelab-Dlq-Consumer',
} as const;

export function deadLetterSubject(service: ServiceName, stream: string, durable: string): string {
  return `${service}.dlq.${stream}.${durable}`;
}

// Header values are one line; a long zod report is cut rather than rejected.
const headerValue = (s: string) => s.replace(/[\r\n]+/g, ' ').slice(0, 2000);

export async function deadLetter(
  js: JetStreamClient,
  target: { service: ServiceName; stream: string; durable: string },
  msg: JsMsg,
  reason: string,
): Promise<void> {
  const h = headers();
  h.set(DLQ_HEADERS.reason, headerValue(reason));
  h.set(DLQ_HEADERS.subject, msg.subject);
  h.set(DLQ_HEADERS.stream, target.stream);
  h.set(DLQ_HEADERS.sequence, String(msg.seq));
  h.set(DLQ_HEADERS.deliveries, String(msg.info.deliveryCount));
  h.set(DLQ_HEADERS.consumer, target.durable);
  await js.publish(deadLetterSubject(target.service, target.stream, target.durable), msg.data, {
    headers: h,
    // A retry after a crash between publish and ack must not file it twice.
    msgID: `dlq:${target.stream}:${target.durable}:${msg.seq}`,
  });
}
