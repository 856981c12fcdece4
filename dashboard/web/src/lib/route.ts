// The dashboard's one router (path signal, links, back button) and its pages.
import { createRouter } from '@homelab/nats/ui';

export const router = createRouter();
export const { path, go, navigate, searchParam } = router;

export const PAGES = [
  { href: '/', label: 'Overview' },
  { href: '/facts', label: 'Facts' },
  { href: '/feed', label: 'Live feed' },
  { href: '/containers', label: 'Containers' },
  { href: '/health', label: 'Health' },
  { href: '/deployments', label: 'Deployments' },
  { href: '/jarvis', label: 'Jarvis' },
  { href: '/artifacts', label: 'Artifacts' },
  { href: '/nas', label: 'NAS' },
  { href: '/plex', label: 'Plex' },
  { href: '/jobs', label: 'Jobs' },
] as const;
