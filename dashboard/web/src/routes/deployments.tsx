import { createSignal, Show } from 'solid-js';
import { DeployForm } from '../components/deploy-form.tsx';
import { DeployHistory } from '../components/deploy-history.tsx';
import { DeployProgress } from '../components/deploy-progress.tsx';
import { LoadError } from '../components/load-error.tsx';
import { fetchContainers } from '../lib/api.ts';
import { fetchDeployments, FINISHED, type Deployment } from '../lib/deploy-api.ts';
import { createPolled } from '../lib/poll.ts';

/**
 * /deployments: redeploy a container (same configuration, new or current
 * image, rolled back when it does not become healthy), follow it live, and
 * the history with each outcome.
 */
export function DeploymentsPage() {
  const containers = createPolled(() => fetchContainers(true), 30_000);
  const history = createPolled(() => fetchDeployments(), 10_000);
  const [current, setCurrent] = createSignal<Deployment>();

  // The newest running deployment is shown live when the page opens.
  const shown = () =>
    current() ?? history.value()?.deployments.find((d) => !FINISHED.has(d.status));

  const finished = () => {
    void history.refetch();
    void containers.refetch();
  };

  return (
    <>
      <div class="page-head">
        <h1>Deployments</h1>
      </div>
      <section class="card">
        <h2>Deploy</h2>
        <LoadError error={containers.error()} retry={() => void containers.refetch()} />
        <Show when={containers.value()}>
          {(c) => (
            <DeployForm
              hosts={c().hosts}
              containers={c().containers}
              onStarted={(d) => {
                setCurrent(d);
                void history.refetch();
              }}
            />
          )}
        </Show>
      </section>
      <Show when={shown()}>
        {(d) => (
          <section class="card">
            <h2>Deployment</h2>
            <DeployProgress deployment={d()} onFinished={finished} />
          </section>
        )}
      </Show>
      <section class="card">
        <h2>History</h2>
        <LoadError error={history.error()} retry={() => void history.refetch()} />
        <Show when={history.value()}>
          {(h) => (
            <DeployHistory
              deployments={h().deployments}
              selected={shown()?.id}
              onSelect={setCurrent}
            />
          )}
        </Show>
      </section>
    </>
  );
}
