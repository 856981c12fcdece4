// The rules for managing containers: which ones belong to the homelab stack
// (acting on those needs a confirmation), what input is acceptable, and what
// one recorded action looks like. No I/O here.
import { DomainError } from './errors.ts';

export const CONTAINER_ACTIONS = ['start', 'stop', 'restart', 'pause', 'unpause'] as const;
export type ContainerAction = (typeof CONTAINER_ACTIONS)[number];

/** The compose label that names a container's service. */
export const COMPOSE_SERVICE_LABEL = 'com.docker.compose.service';

/** Bounds of the logs endpoint. */
export const LOG_TAIL = { min: 1, max: 5_000, default: 200 } as const;
export const LOG_SEARCH_MAX = 200;
export const ACTIONS_LIMIT = { min: 1, max: 500, default: 50 } as const;

// A full or short hex id, or a container name as Docker allows them.
const CONTAINER_REF = /^(?:[0-9a-f]{12,64}|[A-Za-z0-9][A-Za-z0-9_.-]{0,127})$/;

export interface ContainerActionRecord {
  id: string;
  host: string;
  containerId: string;
  name: string;
  image: string;
  action: ContainerAction;
  outcome: 'succeeded' | 'failed';
  error: string | null;
  requestedBy: string;
  confirmed: boolean;
  durationMs: number;
  createdAt: string;
}

export type NewContainerAction = Omit<ContainerActionRecord, 'id' | 'createdAt'>;

/** Where actions are kept: the row and its event commit together. */
export interface ContainerActionStore {
  record(action: NewContainerAction, at: Date): Promise<ContainerActionRecord>;
  recent(limit: number): Promise<ContainerActionRecord[]>;
}

export function parseAction(raw: string): ContainerAction {
  const action = CONTAINER_ACTIONS.find((a) => a === raw);
  if (!action) {
    throw new DomainError(
      'invalid_input',
      `unknown action "${raw.slice(0, 40)}": expected one of ${CONTAINER_ACTIONS.join(', ')}`,
    );
  }
  return action;
}

export function checkContainerRef(raw: string): string {
  if (!CONTAINER_REF.test(raw)) {
    throw new DomainError(
      'invalid_input',
      `"${raw.slice(0, 40)}" is not a container id (12-64 hex digits) or name ` +
        '(letters, digits, _ . -, starting with a letter or digit)',
    );
  }
  return raw;
}

/** A container of the homelab itself: by name, or by the compose service it runs. */
export function isStackContainer(
  container: { name: string; labels: Record<string, string> },
  stack: readonly string[],
): boolean {
  const service = container.labels[COMPOSE_SERVICE_LABEL];
  return stack.includes(container.name) || (service !== undefined && stack.includes(service));
}

/**
 * Stopping the platform from its own dashboard is easy to do by accident: a stack
 * container needs `confirm: true`, and the answer says so.
 */
export function requireConfirmation(
  container: { name: string },
  action: ContainerAction,
  stack: boolean,
  confirm: boolean,
): void {
  if (stack && !confirm) {
    throw new DomainError(
      'confirmation_required',
      `${container.name} is part of the homelab stack: ${action} it only with {"confirm": true}`,
    );
  }
}

/** Case-insensitive substring match of the logs search. */
export function lineMatcher(search: string | undefined): (text: string) => boolean {
  if (!search) return () => true;
  const needle = search.toLowerCase();
  return (text) => text.toLowerCase().includes(needle);
}
