import { createEffect, createSignal, For, Show } from 'solid-js';
import { createStore, produce, reconcile } from 'solid-js/store';
import { JobTable } from '../components/job-table.tsx';
import { LoadError } from '../components/load-error.tsx';
import { errorText } from '../lib/format.ts';
import {
  cancelJob,
  fetchJobs,
  JOB_KINDS,
  JOB_STATUSES,
  JOBS_EVENTS_URL,
  KIND_TEXT,
  type Job,
  type JobKind,
  type JobStatus,
  type JobUpdate,
} from '../lib/jobs-api.ts';
import { createPolled } from '../lib/poll.ts';
import { createEventStream } from '../lib/sse.ts';

const LIMIT = 100;

/**
 * /jobs: the dashboard's background jobs (deployments, Plex imports, AI
 * analyses), kept live over server-sent events from whichever dashboard
 * instance runs them, with a cancel for those not finished.
 */
export function JobsPage() {
  const [kind, setKind] = createSignal<JobKind | ''>('');
  const [status, setStatus] = createSignal<JobStatus | ''>('');
  const list = createPolled(
    () => fetchJobs({ kind: kind() || undefined, status: status() || undefined, limit: LIMIT }),
    30_000,
  );
  const [jobs, setJobs] = createStore<Job[]>([]);
  const [cancelling, setCancelling] = createSignal<ReadonlySet<string>>(new Set());
  const [problem, setProblem] = createSignal<string>();

  createEffect(() => {
    const answer = list.value();
    if (answer) setJobs(reconcile(answer.jobs, { key: 'id' }));
  });

  const fits = (u: JobUpdate) =>
    (!kind() || u.kind === kind()) && (!status() || u.status === status());
  // An update of a job on screen changes its row; a job not on screen yet (just queued,
  // or now matching the filter) comes with the next list call.
  const stream = createEventStream<JobUpdate>(
    () => JOBS_EVENTS_URL,
    (update) => {
      const at = jobs.findIndex((j) => j.id === update.id);
      if (at === -1) {
        if (fits(update)) list.refetchSoon();
        return;
      }
      setJobs(
        at,
        produce((job) => {
          Object.assign(job, update);
        }),
      );
    },
    { onOpen: () => void list.refetch() },
  );

  async function cancel(job: Job) {
    setProblem(undefined);
    setCancelling((s) => new Set([...s, job.id]));
    try {
      const now = await cancelJob(job.id);
      const at = jobs.findIndex((j) => j.id === job.id);
      if (at !== -1) setJobs(at, reconcile(now));
    } catch (err) {
      setProblem(`Could not cancel: ${errorText(err)}`);
      void list.refetch();
    } finally {
      setCancelling((s) => new Set([...s].filter((id) => id !== job.id)));
    }
  }

  return (
    <>
      <div class="page-head">
        <h1>Jobs</h1>
        <span class="muted small" role="status">
          {stream.state() === 'live'
            ? 'live'
            : stream.state() === 'connecting'
              ? 'connecting…'
              : 'not live'}
        </span>
      </div>
      <div class="toolbar">
        <label>
          Kind{' '}
          <select
            value={kind()}
            onChange={(e) => {
              setKind(e.currentTarget.value as JobKind | '');
              void list.refetch();
            }}
          >
            <option value="">all</option>
            <For each={JOB_KINDS}>{(k) => <option value={k}>{KIND_TEXT[k]}</option>}</For>
          </select>
        </label>
        <label>
          Status{' '}
          <select
            value={status()}
            onChange={(e) => {
              setStatus(e.currentTarget.value as JobStatus | '');
              void list.refetch();
            }}
          >
            <option value="">all</option>
            <For each={JOB_STATUSES}>{(s) => <option value={s}>{s}</option>}</For>
          </select>
        </label>
      </div>
      <LoadError error={list.error()} retry={() => void list.refetch()} />
      <Show when={problem()}>
        <p class="notice bad" role="alert">
          {problem()}
        </p>
      </Show>
      <section class="card">
        <Show
          when={jobs.length > 0}
          fallback={
            <p class="muted">
              {list.loading()
                ? 'Loading…'
                : 'No jobs yet. Deployments, Plex imports and AI analyses show up here while they run and after.'}
            </p>
          }
        >
          <JobTable jobs={jobs} cancelling={cancelling()} onCancel={(job) => void cancel(job)} />
        </Show>
      </section>
    </>
  );
}
