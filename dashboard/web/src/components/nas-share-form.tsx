import { createSignal, For, Show, type JSX } from 'solid-js';
import { ApiError } from '@homelab/nats/ui';
import { errorText } from '../lib/format.ts';
import {
  createNasShare,
  updateNasShare,
  type NasProtocol,
  type NasShare,
  type NasShareInput,
} from '../lib/nas-api.ts';

/** A labelled input with a hint the input is described by (not part of its name). */
function Hinted(props: { id: string; label: string; hint: JSX.Element; children: JSX.Element }) {
  return (
    <div style={{ display: 'grid', gap: '0.25rem' }}>
      <label for={props.id}>{props.label}</label>
      {props.children}
      <span id={`${props.id}-hint`} class="muted small">
        {props.hint}
      </span>
    </div>
  );
}

/**
 * Adds a share, or changes one (`share` given). The service checks every
 * field; its answer lists each problem, shown here one per line.
 */
export function NasShareForm(props: {
  share?: NasShare;
  mountRoot: string;
  onSaved: (share: NasShare) => void;
  onCancel: () => void;
}) {
  const initial = props.share;
  const [protocol, setProtocol] = createSignal<NasProtocol>(initial?.protocol ?? 'smb');
  const [busy, setBusy] = createSignal(false);
  const [problems, setProblems] = createSignal<string[]>([]);
  let form: HTMLFormElement | undefined;

  const value = (name: string) =>
    (form?.elements.namedItem(name) as HTMLInputElement | null)?.value ?? '';

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const input: NasShareInput = {
      name: value('name'),
      protocol: protocol(),
      server: value('server'),
      share: value('share'),
      mountPoint: value('mountPoint'),
      options: value('options'),
      credentialsFile:
        protocol() === 'smb' && value('credentialsFile').trim() ? value('credentialsFile') : null,
    };
    setBusy(true);
    setProblems([]);
    try {
      const { share } = initial
        ? await updateNasShare(initial.id, input)
        : await createNasShare(input);
      props.onSaved(share);
    } catch (err) {
      const text = errorText(err);
      setProblems(
        err instanceof ApiError && err.code === 'invalid_input' ? text.split('; ') : [text],
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      ref={form}
      class="form"
      onSubmit={(e) => void submit(e)}
      aria-label={initial ? 'Edit share' : 'Add share'}
    >
      <div class="grid-2">
        <label>
          Name
          <input
            name="name"
            required
            maxLength={64}
            value={initial?.name ?? ''}
            placeholder="Media"
          />
        </label>
        <label>
          Protocol
          <select
            name="protocol"
            value={protocol()}
            onChange={(e) => setProtocol(e.currentTarget.value as NasProtocol)}
          >
            <option value="smb">SMB (Windows / Samba)</option>
            <option value="nfs">NFS</option>
          </select>
        </label>
        <label>
          Server
          <input
            name="server"
            required
            value={initial?.server ?? ''}
            placeholder="nas.lan or 192.168.1.10"
          />
        </label>
        <label>
          {protocol() === 'smb' ? 'Share name' : 'Export path'}
          <input
            name="share"
            required
            value={initial?.share ?? ''}
            placeholder={protocol() === 'smb' ? 'media' : '/export/media'}
          />
        </label>
        <Hinted
          id="nas-mount-point"
          label="Mount point"
          hint={`A folder under ${props.mountRoot}; made when missing.`}
        >
          <input
            id="nas-mount-point"
            aria-describedby="nas-mount-point-hint"
            name="mountPoint"
            required
            value={initial?.mountPoint ?? ''}
            placeholder={`${props.mountRoot}/media`}
          />
        </Hinted>
        <Hinted
          id="nas-options"
          label="Options"
          hint="Comma-separated, from an allow-list; always mounted nosuid,nodev,noexec."
        >
          <input
            id="nas-options"
            aria-describedby="nas-options-hint"
            name="options"
            value={initial?.options ?? ''}
            placeholder={protocol() === 'smb' ? 'ro,vers=3.0' : 'ro,vers=4.2,hard'}
          />
        </Hinted>
        <Show when={protocol() === 'smb'}>
          <Hinted
            id="nas-credentials"
            label="Credentials file"
            hint='A mount.cifs file with username= and password= lines (mode 600); or use the option "guest". Passwords are never stored here.'
          >
            <input
              id="nas-credentials"
              aria-describedby="nas-credentials-hint"
              name="credentialsFile"
              value={initial?.credentialsFile ?? ''}
              placeholder="/etc/homelab/nas.cred"
            />
          </Hinted>
        </Show>
      </div>
      <Show when={problems().length > 0}>
        <div class="notice bad" role="alert">
          <strong>Not saved:</strong>
          <ul>
            <For each={problems()}>{(p) => <li>{p}</li>}</For>
          </ul>
        </div>
      </Show>
      <div class="actions">
        <button type="submit" class="primary" disabled={busy()}>
          {busy() ? 'Saving…' : initial ? 'Save changes' : 'Add share'}
        </button>
        <button type="button" onClick={() => props.onCancel()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
