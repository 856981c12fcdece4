import { createMemo, createResource, createSignal, For, Show } from 'solid-js';
import { BarChart } from '../components/bar-chart.tsx';
import { ChatLog } from '../components/chat-log.tsx';
import { RankList } from '../components/rank-list.tsx';
import { SessionDetail } from '../components/session-detail.tsx';
import {
  commandUsage,
  dayRange,
  perDay,
  rankUsage,
  shortDay,
  topChatters,
} from '../lib/analytics.ts';
import {
  fetchAnalyticsSummary,
  fetchBotConfig,
  fetchDaily,
  fetchSessions,
  type StreamSession,
} from '../lib/api.ts';
import { errorText, formatDuration } from '../lib/format.ts';
import { navigate } from '../lib/route.ts';

function sessionLabel(s: StreamSession): string {
  const start = new Date(s.startedAt);
  const end = new Date(s.endedAt ?? s.lastMessageAt);
  const length = formatDuration((end.getTime() - start.getTime()) / 1000);
  const when = start.toLocaleString(undefined, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  const msgs = s.messages === undefined ? '' : ` · ${s.messages} messages`;
  return `#${s.channel} · ${when} · ${length}${s.endedAt ? '' : ' (live)'}${msgs}`;
}

/** /analytics: chat activity per day and per stream session, and the chat log. */
export function AnalyticsPage() {
  const [config] = createResource(fetchBotConfig);
  const [channel, setChannel] = createSignal('');
  const [platform, setPlatform] = createSignal('');
  const [days, setDays] = createSignal(14);
  const range = createMemo(() => dayRange(days()));
  const [daily] = createResource(
    () => ({
      channel: channel(),
      platform: platform(),
      from: range()[0],
      to: range()[range().length - 1],
    }),
    fetchDaily,
  );
  const [summary] = createResource(
    () => ({ channel: channel(), platform: platform(), days: days() }),
    fetchAnalyticsSummary,
  );
  const sum = () => (summary.error ? undefined : summary.latest);
  const [sessions] = createResource(
    () => ({ channel: channel(), platform: platform(), limit: 20 }),
    fetchSessions,
  );
  const [picked, setPicked] = createSignal<string>();
  const sessionId = () => picked() ?? (sessions.error ? undefined : sessions.latest?.[0]?.id);
  const rows = () => (daily.error ? [] : (daily.latest ?? []));
  const channels = () => (config.error ? [] : (config.latest?.channels ?? []));

  return (
    <>
      <section class="card toolbar" aria-label="Filters and totals">
        <label>
          Channel
          <select value={channel()} onChange={(e) => setChannel(e.currentTarget.value)}>
            <option value="">all channels</option>
            <For each={channels()}>{(c) => <option value={c}>#{c}</option>}</For>
          </select>
        </label>
        <label>
          Platform
          <select
            value={platform()}
            onChange={(e) => setPlatform(e.currentTarget.value)}
            data-testid="platform-filter"
          >
            <option value="">all platforms</option>
            <option value="twitch">Twitch</option>
            <option value="youtube">YouTube</option>
          </select>
        </label>
        <label>
          Period
          <select value={String(days())} onChange={(e) => setDays(Number(e.currentTarget.value))}>
            <option value="7">7 days</option>
            <option value="14">14 days</option>
            <option value="30">30 days</option>
            <option value="90">90 days</option>
          </select>
        </label>
        <Show when={sum()}>
          {(t) => (
            <dl class="figures totals" aria-label="Totals for the period">
              <div>
                <dt>Messages</dt>
                <dd>{t().messages.toLocaleString()}</dd>
              </div>
              <div>
                <dt>Chatters</dt>
                <dd>{t().uniqueChatters.toLocaleString()}</dd>
              </div>
              <div>
                <dt>New chatters</dt>
                <dd>{t().newChatters.toLocaleString()}</dd>
              </div>
              <div>
                <dt>Commands</dt>
                <dd>{t().commandsRun.toLocaleString()}</dd>
              </div>
              <div>
                <dt>Peak / min</dt>
                <dd>{t().peakPerMinute.toLocaleString()}</dd>
              </div>
            </dl>
          )}
        </Show>
      </section>
      <Show when={config.latest && !config.error && channels().length === 0}>
        <section class="card">
          <p class="notice">
            Your bot has no channels yet, so there is nothing to count. Add one under{' '}
            <a href="/settings" onClick={(e) => navigate(e, '/settings')}>
              Settings
            </a>
            .
          </p>
        </section>
      </Show>
      <Show when={daily.error}>
        <p class="error card">Daily figures unavailable: {errorText(daily.error)}</p>
      </Show>
      <div class="grid-2">
        <section class="card" aria-labelledby="per-day-title">
          <h2 id="per-day-title">Messages per day</h2>
          <BarChart
            label={`Messages per day, last ${days()} days`}
            bars={perDay(rows(), range(), (r) => r.messages).map((d) => ({
              label: shortDay(d.day),
              value: d.value,
            }))}
          />
        </section>
        <section class="card" aria-labelledby="new-title">
          <h2 id="new-title">New chatters per day</h2>
          <BarChart
            label={`New chatters per day, last ${days()} days`}
            bars={perDay(rows(), range(), (r) => r.newChatters).map((d) => ({
              label: shortDay(d.day),
              value: d.value,
            }))}
          />
        </section>
        <section class="card" aria-labelledby="top-title">
          <h2 id="top-title">Top chatters</h2>
          <RankList
            label="Top chatters"
            empty="No chat yet."
            items={
              sum()?.topChatters.map((c) => ({ label: c.login, value: c.messages })) ??
              topChatters(rows())
            }
          />
        </section>
        <section class="card" aria-labelledby="cmd-title">
          <h2 id="cmd-title">Command usage</h2>
          <RankList
            label="Command usage"
            empty="No commands ran."
            items={(sum() ? rankUsage(sum()?.commandUsage ?? {}) : commandUsage(rows())).map(
              (c) => ({ ...c, label: `!${c.label}` }),
            )}
          />
        </section>
      </div>
      <section class="card" aria-labelledby="sessions-title">
        <h2 id="sessions-title">Stream sessions</h2>
        <Show when={sessions.error}>
          <p class="error">Sessions unavailable: {errorText(sessions.error)}</p>
        </Show>
        <Show when={!sessions.error && sessions.latest}>
          {(list) => (
            <Show when={list().length > 0} fallback={<p class="muted">No sessions yet.</p>}>
              <label class="stack">
                Session
                <select
                  value={sessionId() ?? ''}
                  onChange={(e) => setPicked(e.currentTarget.value)}
                >
                  <For each={list()}>{(s) => <option value={s.id}>{sessionLabel(s)}</option>}</For>
                </select>
              </label>
            </Show>
          )}
        </Show>
        <Show when={sessionId()}>{(id) => <SessionDetail id={id()} />}</Show>
      </section>
      <ChatLog channel={channel()} platform={platform()} />
    </>
  );
}
