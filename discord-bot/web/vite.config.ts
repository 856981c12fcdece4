import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

// `vite build web` from the service folder builds into web/dist, which the
// service serves. `vite web` runs a dev server that forwards the API to a
// service started on its default port.
export default defineConfig({
  plugins: [solid()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:5100',
      '/auth': 'http://127.0.0.1:5100',
      '/readyz': 'http://127.0.0.1:5100',
    },
  },
});
