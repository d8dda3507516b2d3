// Vite configuration. Not part of `tsc --noEmit` (it would need @types/node); Vite transpiles it itself.
import { defineConfig } from 'vite';
import { gzipOutput } from './scripts/gzip-plugin.mjs';

const gateway = process.env.TBG_GATEWAY || 'http://127.0.0.1:8080';

export default defineConfig({
    base: '/',
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
    server: {
        proxy: {
            // The gateway refuses changes and WebSockets whose Origin is not its own (CSRF guard, docs/security.md):
            // the dev server presents its requests as the gateway's own.
            '/api/ws': { target: gateway, ws: true, changeOrigin: true, headers: { origin: gateway } },
            '/api': { target: gateway, changeOrigin: true, headers: { origin: gateway } },
            '/metrics': { target: gateway, changeOrigin: true },
        },
    },
    build: {
        outDir: 'dist',
        emptyOutDir: true,
        sourcemap: false,
        cssCodeSplit: false,
        modulePreload: false,
        assetsInlineLimit: 0,
        reportCompressedSize: false,
        target: 'es2020',
        rollupOptions: {
            output: {
                // One bundle with fixed names: the C++ build embeds index.html.gz, assets/app.js.gz, assets/app.css.gz.
                entryFileNames: 'assets/app.js',
                chunkFileNames: 'assets/app-[name].js',
                assetFileNames: (info) =>
                    info.name && info.name.endsWith('.css') ? 'assets/app.css' : 'assets/[name][extname]',
                inlineDynamicImports: true,
            },
        },
    },
    plugins: [gzipOutput()],
});
