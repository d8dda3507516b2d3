// Vite plugin: after the bundle is written, replaces every output file NAME by NAME.gz (gzip level 9).
// The gateway serves the .gz files as they are, with `Content-Encoding: gzip`.
import { readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, constants } from 'node:zlib';

function filesUnder(dir) {
    const out = [];
    for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) out.push(...filesUnder(path));
        else out.push(path);
    }
    return out;
}

/** @returns {import('vite').Plugin} */
export function gzipOutput() {
    let outDir = '';
    return {
        name: 'tbg-gzip-output',
        apply: 'build',
        enforce: 'post',
        configResolved(config) {
            outDir = config.build.outDir;
        },
        closeBundle() {
            for (const file of filesUnder(outDir)) {
                if (file.endsWith('.gz')) continue;
                const data = readFileSync(file);
                writeFileSync(`${file}.gz`, gzipSync(data, { level: constants.Z_BEST_COMPRESSION }));
                unlinkSync(file);
            }
        },
    };
}
