import { createResource, onCleanup, Show } from 'solid-js';
import { fetchSessionDetail } from '../lib/api.ts';
import { errorText } from '../lib/format.ts';
import { LineChart } from './line-chart.tsx';
import { RankList } from './rank-list.tsx';

const LIVE_REFRESH_MS = 30_000;

/** One stream session: messages per minute, top chatters, commands, new chatters. */
export function SessionDetail(props: { id: string }) {
  const [detail, { refetch }] = createResource(() => props.id, fetchSessionDetail);
  // A session still going on grows while the page is open.
  const timer = setInterval(() => {
    if (detail.latest && detail.latest.endedAt === null && !detail.loading) void refetch();
  }, LIVE_REFRESH_MS);
  onCleanup(() => clearInterval(timer));
  return (
    <>
      <Show when={detail.error}>
        <p class="error">Session unavailable: {errorText(detail.error)}</p>
      </Show>
      <Show when={!detail.error && detail.latest}>
        {(d) => (
          <div class="session" data-testid="session-detail">
            <dl class="figures">
              <div>
                <dt>Messages</dt>
                <dd>{d().messages.toLocaleString()}</dd>
              </div>
              <div>
                <dt>Chatters</dt>
                <dd>{d().uniqueChatters.toLocaleString()}</dd>
              </div>
              <div>
                <dt>Commands</dt>
                <dd>{d().commandsRun.toLocaleString()}</dd>
              </div>
              <div>
                <dt>Peak / min</dt>
                <dd>{d().peakPerMinute.toLocaleString()}</dd>
              </div>
            </dl>
            <Show when={d().pruned}>
              <p class="muted small">
                Part of this session is older than the chat log keeps; its figures are incomplete.
              </p>
            </Show>
            <LineChart
              label="Messages per minute"
              points={d().perMinute.map((p) => ({
                t: new Date(p.minute).getTime(),
                value: p.messages,
              }))}
            />
            <div class="grid-3">
              <div>
                <h3>Top chatters</h3>
                <RankList
                  label="Top chatters"
                  empty="Nobody chatted."
                  items={d().topChatters.map((c) => ({ label: c.login, value: c.messages }))}
                />
              </div>
              <div>
                <h3>Commands</h3>
                <RankList
                  label="Command usage"
                  empty="No commands ran."
                  items={Object.entries(d().commandUsage)
                    .sort((a, b) => b[1] - a[1])
                    .map(([name, runs]) => ({ label: `!${name}`, value: runs }))}
                />
              </div>
              <div>
                <h3>New chatters ({d().newChatters.count})</h3>
                <Show
                  when={d().newChatters.logins.length > 0}
                  fallback={<p class="muted">No first-time chatters.</p>}
                >
                  <p class="chips">
                    {d().newChatters.logins.map((login) => (
                      <span class="chip">{login}</span>
                    ))}
                  </p>
                </Show>
              </div>
            </div>
          </div>
        )}
      </Show>
    </>
  );
}
