// The servers the user may manage, loaded once while logged in and shared by
// the server list and the guild pages' header.
import { createResource, createRoot } from 'solid-js';
import { fetchGuilds } from './api.ts';
import { me } from './session.ts';

const loaded = createRoot(() => {
  const [list, { refetch }] = createResource(
    () => me()?.user?.id,
    () => fetchGuilds(),
  );
  return { list, refetch };
});

export const guilds = loaded.list;
export const refetchGuilds = loaded.refetch;
