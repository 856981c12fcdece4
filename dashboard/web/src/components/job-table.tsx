import { For, Show } from 'solid-js';
import { formatAgo } from '../lib/format.ts';
import { FINISHED, KIND_TEXT, statusBadge, type Job } from '../lib/jobs-api.ts';

/** The jobs: what, how far, which attempt, who asked, how it ended, and a cancel while it may. */
export function JobTable(props: {
  jobs: Job[];
  cancelling: ReadonlySet<string>;
  onCancel: (job: Job) => void;
}) {
  return (
    <div class="table-wrap">
      <table class="table jobs" aria-label="Background jobs">
        <thead>
          <tr>
            <th scope="col">Job</th>
            <th scope="col">Status</th>
            <th scope="col">Progress</th>
            <th scope="col">Attempts</th>
            <th scope="col">Requested</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.jobs}>
            {(job) => (
              <tr data-testid={`job-${job.id}`}>
                <td data-label="Job">
                  {KIND_TEXT[job.kind] ?? job.kind}
                  <div class="muted small" title={job.id}>
                    {job.id.slice(0, 8)}
                  </div>
                </td>
                <td data-label="Status">
                  <span class={statusBadge(job.status)}>{job.status}</span>
                  <Show when={job.cancelRequested && !FINISHED.has(job.status)}>
                    <div class="muted small">cancelling…</div>
                  </Show>
                </td>
                <td data-label="Progress">
                  <Show when={job.progressPercent !== null}>
                    <progress
                      max={100}
                      value={job.progressPercent ?? 0}
                      aria-label={`${KIND_TEXT[job.kind]} progress`}
                    />{' '}
                    <span class="small">{job.progressPercent} %</span>
                  </Show>
                  <Show when={job.progressMessage}>
                    <div class="small">{job.progressMessage}</div>
                  </Show>
                  <Show when={job.error}>
                    <div class="small error" role={job.status === 'failed' ? 'alert' : undefined}>
                      {job.status === 'failed' ? 'Failed: ' : 'Last error: '}
                      {job.error}
                    </div>
                  </Show>
                </td>
                <td data-label="Attempts">
                  {job.attempts} / {job.maxAttempts}
                </td>
                <td data-label="Requested">
                  {job.requestedBy}
                  <div class="muted small">{formatAgo(job.createdAt)}</div>
                </td>
                <td data-label="Actions">
                  <Show when={!FINISHED.has(job.status) && !job.cancelRequested}>
                    <button
                      type="button"
                      disabled={props.cancelling.has(job.id)}
                      onClick={() => props.onCancel(job)}
                    >
                      Cancel
                    </button>
                  </Show>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
