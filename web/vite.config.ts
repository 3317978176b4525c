// Builds the app into dist/, which the Switchboard server serves (src/api/routes_web.cpp).
// `npm run dev` and `vite preview` proxy the API to a server on 127.0.0.1:8080 (or SB_API).
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

const api = process.env.SB_API ?? 'http://127.0.0.1:8080';

const proxy = { '/api': { target: api, ws: true, changeOrigin: true } };

export default defineConfig({
  plugins: [preact()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2021' },
  server: { proxy },
  preview: { proxy },
});
