// The UI's one router (@homelab/nats/ui's: the path is a signal, links push
// history entries, the back button restores the path).
import { createRouter } from '@homelab/nats/ui';

export const router = createRouter();
export const { path, go, navigate, searchParam } = router;
