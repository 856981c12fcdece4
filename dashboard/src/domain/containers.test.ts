import { describe, expect, it } from 'vitest';
import {
  checkContainerRef,
  isStackContainer,
  lineMatcher,
  parseAction,
  requireConfirmation,
} from './containers.ts';

const STACK = ['stream-bot', 'dashboard', 'postgres'];

describe('container rules', () => {
  it('counts a container as stack by its name or its compose service', () => {
    expect(isStackContainer({ name: 'stream-bot', labels: {} }, STACK)).toBe(true);
    const composed = {
      name: 'homelab-postgres-1',
      labels: { 'com.docker.compose.service': 'postgres' },
    };
    expect(isStackContainer(composed, STACK)).toBe(true);
    expect(isStackContainer({ name: 'plex', labels: {} }, STACK)).toBe(false);
    expect(isStackContainer({ name: 'stream-bot-old', labels: {} }, STACK)).toBe(false);
  });

  it('lets a stack container be acted on only when confirmed', () => {
    expect(() => requireConfirmation({ name: 'postgres' }, 'stop', true, false)).toThrow(
      expect.objectContaining({ code: 'confirmation_required' }),
    );
    expect(() => requireConfirmation({ name: 'postgres' }, 'stop', true, true)).not.toThrow();
    expect(() => requireConfirmation({ name: 'plex' }, 'stop', false, false)).not.toThrow();
  });

  it('accepts the five actions and names them when refusing another', () => {
    expect(parseAction('restart')).toBe('restart');
    expect(() => parseAction('kill')).toThrow(
      'unknown action "kill": expected one of start, stop, restart, pause, unpause',
    );
  });

  it('accepts hex ids and Docker names, nothing else', () => {
    for (const ok of ['3f9a1c2b7d4e', 'a'.repeat(64), 'plex', 'homelab_web.1-a']) {
      expect(checkContainerRef(ok)).toBe(ok);
    }
    for (const bad of ['', '-plex', '../etc', 'a b', 'x'.repeat(129)]) {
      expect(() => checkContainerRef(bad)).toThrow(
        expect.objectContaining({ code: 'invalid_input' }),
      );
    }
  });

  it('searches log lines case-insensitively, everything when the search is empty', () => {
    expect(lineMatcher('ERROR')('disk error on sda')).toBe(true);
    expect(lineMatcher('ERROR')('all good')).toBe(false);
    expect(lineMatcher('')('anything')).toBe(true);
  });
});
