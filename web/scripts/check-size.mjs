// Sums the sizes of the gzipped files in the output directory and fails above web/budget.json.
// Usage: node scripts/check-size.mjs [--outDir DIR]   (default: web/dist)
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const at = args.findIndex((a) => a === '--outDir' || a.startsWith('--outDir='));
const outDir = at < 0 ? join(webDir, 'dist') : resolve(args[at].includes('=') ? args[at].split('=')[1] : args[at + 1]);
const budget = JSON.parse(readFileSync(join(webDir, 'budget.json'), 'utf8')).gzip_total_bytes;
const required = ['index.html.gz', 'theme-boot.js.gz', 'assets/app.js.gz', 'assets/app.css.gz'];

function filesUnder(dir) {
    return readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? filesUnder(path) : [path];
    });
}

if (!existsSync(outDir)) {
    console.error(`check-size: output directory ${outDir} does not exist`);
    process.exit(1);
}
const files = filesUnder(outDir);
const plain = files.filter((f) => !f.endsWith('.gz'));
const missing = required.filter((f) => !existsSync(join(outDir, f)));
let total = 0;
for (const file of files.filter((f) => f.endsWith('.gz'))) {
    const size = statSync(file).size;
    total += size;
    console.log(`  ${relative(outDir, file).padEnd(28)} ${String(size).padStart(8)} bytes`);
}
console.log(
    `check-size: gzipped total ${total} bytes, budget ${budget} bytes (${((100 * total) / budget).toFixed(1)} %)`,
);
if (missing.length > 0) {
    console.error(`check-size: FAILED: missing ${missing.join(', ')}`);
    process.exit(1);
}
if (plain.length > 0) {
    console.error(`check-size: FAILED: uncompressed files left: ${plain.map((f) => relative(outDir, f)).join(', ')}`);
    process.exit(1);
}
if (total > budget) {
    console.error(`check-size: FAILED: ${total} bytes is ${total - budget} bytes above the budget of ${budget} bytes`);
    process.exit(1);
}
