// SPDX-License-Identifier: GPL-3.0-or-later
// Parses each SQL file with dt-sql-parser's Trino grammar (installed by tools/setup test) and
// exits non-zero, naming the file, line and column, at every syntax error.
//
//   node trino_syntax.mjs MODULES_DIR FILE...
//
// dt-sql-parser ships ES modules written for bundlers (directory and extensionless imports), so
// a resolve hook completes those specifiers the way a bundler would.
import fs from 'node:fs';
import path from 'node:path';
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

const hook = `
export async function resolve(specifier, context, next) {
    try { return await next(specifier, context); } catch (e) {
        if (e.code === 'ERR_UNSUPPORTED_DIR_IMPORT') return next(specifier + '/index.js', context);
        if (e.code === 'ERR_MODULE_NOT_FOUND' && specifier.startsWith('.')) return next(specifier + '.js', context);
        throw e;
    }
}
export async function load(url, context, next) {
    if (url.includes('/dt-sql-parser/')) return next(url, { ...context, format: 'module' });
    return next(url, context);
}`;
register('data:text/javascript,' + encodeURIComponent(hook));

const modules = path.resolve(process.argv[2]);
const { TrinoSQL } = await import(pathToFileURL(path.join(modules, 'node_modules/dt-sql-parser/dist/index.js')).href);
const parser = new TrinoSQL();
let failed = 0;
for (const file of process.argv.slice(3)) {
    const errors = parser.validate(fs.readFileSync(file, 'utf8'));
    for (const e of errors) {
        ++failed;
        process.stdout.write(`${file}:${e.startLine}:${e.startColumn}: ${e.message}\n`);
    }
}
process.exit(failed ? 1 : 0);
