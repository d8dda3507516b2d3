// Runs every *.test.mjs file of this folder with `node --test`, one file after the other (each starts its own
// gateway and browser; in parallel they would compete for the two cores they are timed on). Exit status 1 when any
// file fails. Works on every Node 18 (node --test-concurrency needs 18.19).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const files = readdirSync(here).filter((name) => name.endsWith('.test.mjs')).sort();
const failed = [];
for (const file of files) {
    const started = Date.now();
    const result = spawnSync(process.execPath, ['--test', join(here, file)], { stdio: 'inherit' });
    console.log(`# ${file}: ${result.status === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (result.status !== 0) {
        failed.push(file);
    }
}
console.log(failed.length === 0 ? `# all ${files.length} files passed` : `# failed: ${failed.join(', ')}`);
process.exit(failed.length === 0 ? 0 : 1);
