import { createSignal, Show } from 'solid-js';
import { ApiError } from '@homelab/nats/ui';
import { errorText, formatBytes } from '../lib/format.ts';
import {
  deleteNasShare,
  mountNasShare,
  unmountNasShare,
  type NasShareWithStatus,
} from '../lib/nas-api.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { Meter } from './meter.tsx';

/** What a failed mount or unmount means, above the service's own explanation. */
function heading(err: unknown): string {
  const code = err instanceof ApiError ? err.code : undefined;
  const headings: Record<string, string> = {
    not_permitted: 'Not permitted',
    not_configured: 'Not set up on this machine',
    unavailable: 'Server unavailable',
    conflict: 'Not possible now',
  };
  return (code && headings[code]) ?? 'Failed';
}

/** One share: where it comes from and goes, whether its server answers, its mount and space. */
export function NasShareCard(props: {
  share: NasShareWithStatus;
  onEdit: () => void;
  onChanged: (note: string) => void;
}) {
  const [busy, setBusy] = createSignal<'mount' | 'unmount' | 'delete'>();
  const [failure, setFailure] = createSignal<unknown>();
  const [confirmDelete, setConfirmDelete] = createSignal(false);
  const s = () => props.share.status;
  const used = () => {
    const space = s().space;
    return space && space.totalBytes > 0 ? (1 - space.availableBytes / space.totalBytes) * 100 : 0;
  };

  async function run(action: 'mount' | 'unmount' | 'delete') {
    setBusy(action);
    setFailure(undefined);
    try {
      if (action === 'mount') await mountNasShare(props.share.id);
      else if (action === 'unmount') await unmountNasShare(props.share.id);
      else await deleteNasShare(props.share.id);
      props.onChanged(`${props.share.name}: ${action === 'delete' ? 'deleted' : `${action}ed`}`);
    } catch (err) {
      setFailure(() => err);
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <section class="card" data-testid={`nas-share-${props.share.name}`}>
      <div class="card-head">
        <h2>
          {props.share.name}{' '}
          <span class="muted small">
            {props.share.protocol.toUpperCase()} {props.share.source} → {props.share.mountPoint}
          </span>
        </h2>
        <span>
          <span class={s().reachability.reachable ? 'badge badge-ok' : 'badge badge-bad'}>
            {s().reachability.reachable
              ? `server answers (port ${s().reachability.port}, ${s().reachability.latencyMs ?? '?'} ms)`
              : 'server unreachable'}
          </span>{' '}
          <span class={s().mounted ? 'badge badge-ok' : 'badge'}>
            {s().mounted ? 'mounted' : 'not mounted'}
          </span>
        </span>
      </div>
      <Show when={s().reachability.error}>
        <p class="error small">{s().reachability.error}</p>
      </Show>
      <Show when={s().mountedOther}>
        {(other) => (
          <p class="notice">
            Something else is mounted at {props.share.mountPoint}: {other().source} (
            {other().fsType}).
          </p>
        )}
      </Show>
      <Show when={s().space}>
        {(space) => (
          <Meter
            label={
              s().mounted ? 'Space used' : `Space used (${s().mountedOther?.fsType ?? 'other'})`
            }
            percent={used()}
            detail={`${formatBytes(space().availableBytes)} free of ${formatBytes(space().totalBytes)}`}
          />
        )}
      </Show>
      <Show when={s().spaceError}>
        <p class="error small">{s().spaceError}</p>
      </Show>
      <Show when={props.share.options}>
        <p class="muted small">Options: {props.share.options}</p>
      </Show>
      <div class="row-actions">
        <Show
          when={s().mounted}
          fallback={
            <button
              type="button"
              class="primary"
              disabled={busy() !== undefined}
              onClick={() => void run('mount')}
            >
              {busy() === 'mount' ? 'Mounting…' : 'Mount'}
            </button>
          }
        >
          <button type="button" disabled={busy() !== undefined} onClick={() => void run('unmount')}>
            {busy() === 'unmount' ? 'Unmounting…' : 'Unmount'}
          </button>
        </Show>
        <button type="button" disabled={busy() !== undefined} onClick={() => props.onEdit()}>
          Edit
        </button>
        <button
          type="button"
          class="danger"
          disabled={busy() !== undefined}
          onClick={() => setConfirmDelete(true)}
        >
          Delete
        </button>
      </div>
      <Show when={failure()}>
        <div class="notice bad" role="alert">
          <strong>{heading(failure())}:</strong> {errorText(failure())}
        </div>
      </Show>
      <ConfirmDialog
        open={confirmDelete()}
        title={`Delete ${props.share.name}?`}
        confirmLabel="Yes, delete"
        onCancel={() => setConfirmDelete(false)}
        onConfirm={() => {
          setConfirmDelete(false);
          void run('delete');
        }}
      >
        <p>
          The definition goes; nothing on the server or in {props.share.mountPoint} is touched. A
          mounted share must be unmounted first.
        </p>
      </ConfirmDialog>
    </section>
  );
}
