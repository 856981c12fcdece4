import { createMemo, createSignal, For, Show } from 'solid-js';
import { ApiError } from '@homelab/nats/ui';
import type { Container, DockerHost } from '../lib/api.ts';
import { requestDeploy, type Deployment } from '../lib/deploy-api.ts';
import { errorText } from '../lib/format.ts';

const ASIDE = /-previous-[0-9a-f]{12}$/;

/**
 * Picks a host and one of its containers, the image (its current one unless
 * another is given) and whether to pull it, and asks for the deployment. A
 * container of the homelab stack needs the confirmation box ticked.
 */
export function DeployForm(props: {
  hosts: DockerHost[];
  containers: Container[];
  onStarted: (d: Deployment) => void;
}) {
  const [host, setHost] = createSignal(props.hosts.find((h) => h.reachable)?.name ?? '');
  const [target, setTarget] = createSignal('');
  const [image, setImage] = createSignal('');
  const [pull, setPull] = createSignal(false);
  const [confirm, setConfirm] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();

  const choices = createMemo(() =>
    props.containers.filter((c) => c.host === host() && !ASIDE.test(c.name)),
  );
  const selected = () => choices().find((c) => c.name === target());

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      const { deployment } = await requestDeploy({
        host: host(),
        target: target(),
        ...(image().trim() ? { image: image().trim() } : {}),
        pull: pull(),
        ...(confirm() ? { confirm: true } : {}),
      });
      setConfirm(false);
      props.onStarted(deployment);
    } catch (err) {
      setError(
        err instanceof ApiError && err.code === 'confirmation_required'
          ? `${err.message} — tick the confirmation box.`
          : errorText(err),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="form" onSubmit={(e) => void submit(e)} aria-label="Deploy">
      <div class="grid-2">
        <label>
          Docker host
          <select value={host()} onChange={(e) => setHost(e.currentTarget.value)}>
            <For each={props.hosts}>
              {(h) => (
                <option value={h.name} disabled={!h.reachable}>
                  {h.name}
                  {h.reachable ? '' : ' (unreachable)'}
                </option>
              )}
            </For>
          </select>
        </label>
        <label>
          Container
          <select
            value={target()}
            required
            onChange={(e) => {
              setTarget(e.currentTarget.value);
              setConfirm(false);
            }}
          >
            <option value="">Choose a container…</option>
            <For each={choices()}>
              {(c) => (
                <option value={c.name} selected={c.name === target()}>
                  {c.name} ({c.image}, {c.state}){c.stack ? ' — stack' : ''}
                </option>
              )}
            </For>
          </select>
        </label>
      </div>
      <div style={{ display: 'grid', gap: '0.25rem' }}>
        <label for="deploy-image">Image</label>
        <input
          id="deploy-image"
          value={image()}
          placeholder={selected()?.image ?? 'the image it runs now'}
          onInput={(e) => setImage(e.currentTarget.value)}
          aria-describedby="deploy-image-hint"
          spellcheck={false}
          autocomplete="off"
        />
        <span id="deploy-image-hint" class="muted small">
          Empty: its current image. Its configuration (environment, command, labels, volumes, ports,
          networks, restart policy, healthcheck) is kept.
        </span>
      </div>
      <label style={{ display: 'flex', gap: '0.5rem', 'align-items': 'center' }}>
        <input
          type="checkbox"
          checked={pull()}
          onChange={(e) => setPull(e.currentTarget.checked)}
        />
        Pull the image from its registry first (off: use the image already on the host)
      </label>
      <Show when={selected()?.stack}>
        <label
          class="notice"
          style={{ display: 'flex', gap: '0.5rem', 'align-items': 'center', 'font-weight': 400 }}
        >
          <input
            type="checkbox"
            checked={confirm()}
            onChange={(e) => setConfirm(e.currentTarget.checked)}
          />
          {target()} is part of the homelab stack: I want to redeploy it.
        </label>
      </Show>
      <Show when={error()}>
        <p class="notice bad" role="alert">
          {error()}
        </p>
      </Show>
      <div class="actions">
        <button
          type="submit"
          class="primary"
          disabled={busy() || !target() || (selected()?.stack === true && !confirm())}
        >
          {busy() ? 'Asking…' : 'Deploy'}
        </button>
      </div>
    </form>
  );
}
