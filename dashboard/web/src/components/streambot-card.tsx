import { Show } from 'solid-js';
import type { ChatActivity, ReadModelView, StreambotStatus } from '../lib/api.ts';
import type { Polled } from '../lib/poll.ts';
import { FreshnessBadge } from './freshness-badge.tsx';
import { LoadError } from './load-error.tsx';
import { StreambotStatusView } from './streambot-status.tsx';

const hoursSince = (iso: string) =>
  Math.max(1, Math.round((Date.now() - Date.parse(iso)) / 3_600_000));

/** stream-bot at a glance: whether its chat bot is connected, and the chat's recent numbers. */
export function StreambotCard(props: {
  status: Polled<ReadModelView<StreambotStatus>>;
  activity: Polled<ReadModelView<ChatActivity>>;
}) {
  return (
    <section class="card" data-testid="streambot">
      <div class="card-head">
        <h2>stream-bot</h2>
        <Show when={props.status.value()}>{(view) => <FreshnessBadge view={view()} />}</Show>
      </div>
      <Show when={props.status.value()}>
        {(view) => <StreambotStatusView data={view().data} />}
      </Show>
      <LoadError error={props.status.error()} />
      <Show when={props.activity.value()}>
        {(view) => (
          <>
            <h3>
              Chat in the last {hoursSince(view().data.since)} h{' '}
              <Show when={view().stale}>
                <FreshnessBadge view={view()} />
              </Show>
            </h3>
            <dl class="figures">
              <div>
                <dt>Messages</dt>
                <dd>{view().data.messages}</dd>
              </div>
              <div>
                <dt>Chatters</dt>
                <dd>{view().data.uniqueChatters}</dd>
              </div>
              <div>
                <dt>Facts</dt>
                <dd>{view().data.factsPosted}</dd>
              </div>
            </dl>
            <Show when={view().data.topChatters[0]}>
              {(top) => (
                <p class="muted small">
                  Most active: {top().username} ({top().messages})
                </p>
              )}
            </Show>
          </>
        )}
      </Show>
      <Show when={!props.status.error()}>
        <LoadError error={props.activity.error()} />
      </Show>
    </section>
  );
}
