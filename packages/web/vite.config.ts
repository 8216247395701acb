import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In development Vite serves the app and forwards /api to the Qunce server (npm run dev starts both);
// in production the server serves the built `dist/` itself (packages/server/src/http/web-static.ts).
export default defineConfig({
  plugins: [react()],
  server: {
    port: Number(process.env.VITE_PORT ?? 5173),
    proxy: {
      '/api': { target: process.env.QUNCE_API_URL ?? 'http://localhost:3000', changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    // dist/.vite/manifest.json: which chunks each route loads (scripts/bundle-budget.mjs reads it).
    manifest: true,
    // Everything is bundled: no CDN, no web fonts. Route chunks are split with React.lazy.
    assetsInlineLimit: 4096,
    chunkSizeWarningLimit: 1500,
    sourcemap: false,
  },
});
