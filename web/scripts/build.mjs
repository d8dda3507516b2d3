// npm run build [-- --outDir DIR]: type check, Vite build (gzipped output, see gzip-plugin.mjs), size check.
// DIR may be absolute or relative to the directory npm was called from (INIT_CWD); it is emptied first.
// Default: web/dist.
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (...parts) => join(webDir, 'node_modules', ...parts);
const args = process.argv.slice(2);
const callerDir = process.env.INIT_CWD || process.cwd();
let outDir = join(webDir, 'dist');
for (let i = 0; i < args.length; i++) {
    if (args[i] === '--outDir' && args[i + 1]) outDir = resolve(callerDir, args[++i]);
    else if (args[i].startsWith('--outDir=')) outDir = resolve(callerDir, args[i].slice('--outDir='.length));
    else {
        console.error(`build: unknown argument ${args[i]} (only --outDir DIR)`);
        process.exit(2);
    }
}

function run(label, script, scriptArgs) {
    const result = spawnSync(process.execPath, [script, ...scriptArgs], { cwd: webDir, stdio: 'inherit' });
    if (result.status !== 0) {
        console.error(`build: ${label} failed`);
        process.exit(result.status ?? 1);
    }
}

run('type check', bin('typescript', 'bin', 'tsc'), ['--noEmit', '-p', join(webDir, 'tsconfig.json')]);
run('vite build', bin('vite', 'bin', 'vite.js'), ['build', '--outDir', outDir, '--emptyOutDir']);
run('size check', join(webDir, 'scripts', 'check-size.mjs'), ['--outDir', outDir]);
