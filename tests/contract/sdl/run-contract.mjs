// Entry point of the SDL contract tests registered with CTest (see CMakeLists.txt here):
//   node run-contract.mjs <check> --gqlcheck <path> --reference <third_party/infrahub-reference> --work <dir>
// <check> is one of
//   schema_valid        our SDL (core kinds; the demo schema too when the compiler is built) is a valid schema
//   real_parity         compare-sdl.mjs: demo SDL vs sdl/infrahub-subset.graphql with sdl-allowlist.json
//   example_queries     check-queries.mjs: sdl/example-queries.graphql against the demo SDL
//   validation_parity   check-validation.mjs: validation-corpus.graphql, sandbox vs graphql-js
// Exit codes: 0 pass, 1 fail, 77 skipped - only when graphql-js is not installed (run `npm ci` here).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SKIP = 77;
const here = path.dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
    const options = { check: argv[0] };
    for (let i = 1; i < argv.length; i += 2) options[argv[i].replace(/^--/, '')] = argv[i + 1];
    return options;
}

// Runs gqlcheck; returns its stdout.
function gqlcheck(binary, args) {
    const r = spawnSync(binary, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.error) throw new Error(`cannot run ${binary}: ${r.error.message}`);
    if (r.status !== 0) throw new Error(`gqlcheck ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
    return r.stdout;
}

function dumpSdl(options, schemaArgs, name) {
    const out = path.join(options.work, `${name}.graphql`);
    process.stdout.write(gqlcheck(options.gqlcheck, ['sdl', '--out', out, ...schemaArgs]));
    return fs.readFileSync(out, 'utf8');
}

async function run(options) {
    const coreKinds = ['--kinds-dir', path.join(options.reference, 'schema-api-core')];
    // The real subset plus the repo's extension with Infrahub's diff types (infrahub-diff.graphql here).
    const realSdl = () => fs.readFileSync(path.join(options.reference, 'sdl', 'infrahub-subset.graphql'), 'utf8') +
        '\n' + fs.readFileSync(path.join(here, 'infrahub-diff.graphql'), 'utf8');
    switch (options.check) {
    case 'schema_valid': {
        const { buildSchema, validateSchema } = await import('graphql');
        const schemas = [
            ['core', dumpSdl(options, coreKinds, 'core')],
            ['demo', dumpSdl(options, ['--demo'], 'demo')],
        ];
        let failed = false;
        for (const [name, sdl] of schemas) {
            const errors = validateSchema(buildSchema(sdl));
            console.log(`${name}: graphql-js validateSchema reports ${errors.length} errors`);
            for (const e of errors) console.log(`  ${e.message}`);
            failed ||= errors.length > 0;
        }
        return failed ? 1 : 0;
    }
    case 'real_parity': {
        const { compareSdl } = await import('./compare-sdl.mjs');
        const allowlist = JSON.parse(fs.readFileSync(path.join(here, 'sdl-allowlist.json'), 'utf8')).allow;
        const { problems, allowed, entries } = compareSdl(dumpSdl(options, ['--demo'], 'demo'), realSdl(), allowlist);
        for (const e of entries) console.log(`allowed ${String(e.used).padStart(4)} x ${e.match}\n              ${e.reason}`);
        console.log(`${allowed.length} allowed differences, ${problems.length} problems`);
        for (const p of problems) console.log(`PROBLEM ${p}`);
        return problems.length ? 1 : 0;
    }
    case 'example_queries': {
        const { checkQueries } = await import('./check-queries.mjs');
        const queries = fs.readFileSync(path.join(options.reference, 'sdl', 'example-queries.graphql'), 'utf8');
        const results = checkQueries(dumpSdl(options, ['--demo'], 'demo'), queries);
        let failed = results.length === 0;
        for (const r of results) {
            console.log(`${r.errors.length ? 'INVALID' : 'valid  '} ${r.name}`);
            for (const e of r.errors) console.log(`        ${e}`);
            failed ||= r.errors.length > 0;
        }
        return failed ? 1 : 0;
    }
    case 'validation_parity': {
        const { checkValidation } = await import('./check-validation.mjs');
        const corpusPath = path.join(here, 'validation-corpus.graphql');
        const sdl = dumpSdl(options, coreKinds, 'core');
        const lines = gqlcheck(options.gqlcheck, ['validate', '--corpus', corpusPath, ...coreKinds])
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l));
        const { documents, problems } = checkValidation(sdl, fs.readFileSync(corpusPath, 'utf8'), lines);
        for (const p of problems) console.log(`DIFFERENCE ${p}`);
        console.log(`${documents} documents, ${problems.length} differences`);
        return problems.length ? 1 : 0;
    }
    default:
        console.error(`unknown check ${options.check}`);
        return 2;
    }
}

const options = parseArgs(process.argv.slice(2));
if (!fs.existsSync(path.join(here, 'node_modules', 'graphql', 'package.json'))) {
    console.log(`SKIP: graphql-js is not installed; run: (cd ${here} && npm ci)`);
    process.exit(SKIP);
}
fs.mkdirSync(options.work, { recursive: true });
try {
    process.exitCode = await run(options);
} catch (e) {
    console.error(e.stack ?? String(e));
    process.exitCode = 1;
}
