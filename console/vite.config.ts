// The console's build. Routes are split per area (React.lazy in src/routes.tsx); the vendor chunks
// below keep React and Ant Design out of every area's chunk so the login and inbox load only what
// they use (README, Console: bench:console measures the bytes).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// In development the API runs on its own port; everything but the console's own files goes there.
const API = process.env.DUBAN_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1500 },
  server: {
    proxy: {
      '^/(?!app|assets|src|@|node_modules).*': { target: API, changeOrigin: false },
    },
  },
});
