// A container's configuration as the engine's create body, from what `inspect`
// says of it and of its image. The engine merges the image's defaults (env,
// cmd, entrypoint, labels, healthcheck …) into every container; carrying those
// over to a new image would pin the old image's defaults, so what equals the
// image's default is left out and the new image brings its own. Host settings
// (binds, mounts, ports, restart policy …) and networks are kept as they are;
// anonymous volumes are kept too (bound by name), so their data survives.
import { isDeepStrictEqual } from 'node:util';

/** The parts of a container's inspect answer read here (the engine's field names). */
export interface InspectedContainer {
  Id: string;
  Config: Record<string, unknown> & {
    Hostname?: string;
    Env?: string[] | null;
    Labels?: Record<string, string> | null;
    ExposedPorts?: Record<string, unknown> | null;
    Volumes?: Record<string, unknown> | null;
  };
  HostConfig: Record<string, unknown> & {
    Binds?: string[] | null;
    Mounts?: { Target?: string }[] | null;
    NetworkMode?: string;
  };
  Mounts?: { Type: string; Name?: string; Destination: string }[] | null;
  NetworkSettings?: { Networks?: Record<string, Record<string, unknown>> | null } | null;
}

/** The image's defaults (its inspect answer's Config). */
export type ImageDefaults = Record<string, unknown> & {
  Env?: string[] | null;
  Labels?: Record<string, string> | null;
  ExposedPorts?: Record<string, unknown> | null;
  Volumes?: Record<string, unknown> | null;
};

/** Config fields that are the image's when equal to it. */
const DEFAULTED = [
  'Cmd',
  'Entrypoint',
  'User',
  'WorkingDir',
  'Healthcheck',
  'StopSignal',
  'Shell',
  'OnBuild',
] as const;

/** Config fields with no meaning for a new container (the engine sets them again). */
const DROPPED = new Set(['Image', 'Hostname', 'MacAddress', 'ArgsEscaped']);

/** Endpoint fields worth keeping; the rest (addresses, ids) belong to the old endpoint. */
const ENDPOINT_FIELDS = ['IPAMConfig', 'Links', 'Aliases', 'DriverOpts'] as const;

const ANONYMOUS_VOLUME = /^[0-9a-f]{64}$/;

const isEmpty = (v: unknown) =>
  v === null ||
  v === undefined ||
  v === '' ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' && Object.keys(v as object).length === 0);

function withoutKeys<T>(
  own: Record<string, T> | null | undefined,
  image: Record<string, T> | null | undefined,
) {
  const result: Record<string, T> = {};
  for (const [k, v] of Object.entries(own ?? {})) {
    if (!image || !(k in image) || !isDeepStrictEqual(image[k], v)) result[k] = v;
  }
  return result;
}

/** The engine's create body for a container like `container`, image left to the caller. */
export function specOf(
  container: InspectedContainer,
  image: ImageDefaults | null,
): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(container.Config)) {
    if (DROPPED.has(key) || isEmpty(value)) continue;
    config[key] = value;
  }
  // The engine names a container's host after its short id unless one was given.
  const hostname = container.Config.Hostname;
  if (hostname && !container.Id.startsWith(hostname)) config.Hostname = hostname;
  if (image) {
    for (const key of DEFAULTED) {
      if (key in config && isDeepStrictEqual(config[key], image[key])) delete config[key];
    }
    // With an entrypoint of its own the engine does not take the image's cmd: keep the cmd.
    if ('Entrypoint' in config && !isEmpty(container.Config.Cmd)) config.Cmd = container.Config.Cmd;
    const imageEnv = new Set(image.Env ?? []);
    const env = (container.Config.Env ?? []).filter((e) => !imageEnv.has(e));
    if (env.length > 0) config.Env = env;
    else delete config.Env;
    for (const key of ['Labels', 'ExposedPorts', 'Volumes'] as const) {
      const own = withoutKeys(
        container.Config[key] as Record<string, unknown> | null,
        image[key] as Record<string, unknown> | null,
      );
      if (Object.keys(own).length > 0) config[key] = own;
      else delete config[key];
    }
  }

  const hostConfig: Record<string, unknown> = { ...container.HostConfig };
  const taken = new Set<string>([
    ...(container.HostConfig.Binds ?? []).map((b) => b.split(':')[1] ?? ''),
    ...(container.HostConfig.Mounts ?? []).map((m) => m.Target ?? ''),
  ]);
  const anonymous = (container.Mounts ?? [])
    .filter((m) => m.Type === 'volume' && m.Name && ANONYMOUS_VOLUME.test(m.Name))
    .filter((m) => !taken.has(m.Destination))
    .map((m) => `${m.Name}:${m.Destination}`);
  if (anonymous.length > 0) {
    hostConfig.Binds = [...(container.HostConfig.Binds ?? []), ...anonymous];
  }

  const spec: Record<string, unknown> = { ...config, HostConfig: hostConfig };
  const mode = container.HostConfig.NetworkMode ?? '';
  const ownNetworks = !['host', 'none'].includes(mode) && !mode.startsWith('container:');
  const networks = container.NetworkSettings?.Networks ?? {};
  if (ownNetworks && Object.keys(networks).length > 0) {
    const short = container.Id.slice(0, 12);
    const endpoints: Record<string, Record<string, unknown>> = {};
    for (const [name, endpoint] of Object.entries(networks)) {
      const kept: Record<string, unknown> = {};
      for (const field of ENDPOINT_FIELDS) {
        let value = endpoint[field];
        // The engine adds the short id as an alias of its own.
        if (field === 'Aliases' && Array.isArray(value)) {
          value = value.filter((a) => a !== short && !container.Id.startsWith(String(a)));
        }
        if (!isEmpty(value)) kept[field] = value;
      }
      endpoints[name] = kept;
    }
    spec.NetworkingConfig = { EndpointsConfig: endpoints };
  }
  return spec;
}

/**
 * Engines before API 1.44 take one network at create: the container's own mode's
 * network goes into the create body, the others are connected afterwards.
 */
export function splitNetworks(spec: Record<string, unknown>): {
  body: Record<string, unknown>;
  later: [string, Record<string, unknown>][];
} {
  const networking = spec.NetworkingConfig as
    { EndpointsConfig?: Record<string, Record<string, unknown>> } | undefined;
  const endpoints = Object.entries(networking?.EndpointsConfig ?? {});
  if (endpoints.length <= 1) return { body: spec, later: [] };
  const mode = (spec.HostConfig as { NetworkMode?: string } | undefined)?.NetworkMode;
  const firstIndex = Math.max(
    0,
    endpoints.findIndex(([name]) => name === mode),
  );
  const [first] = endpoints.splice(firstIndex, 1);
  return {
    body: { ...spec, NetworkingConfig: { EndpointsConfig: Object.fromEntries([first!]) } },
    later: endpoints,
  };
}
