import type { Resource } from 'solid-js';

/** A resource's value, or undefined while it failed (reading a failed resource throws). */
export function loaded<T>(r: Resource<T>): T | undefined {
  return r.error ? undefined : r.latest;
}
