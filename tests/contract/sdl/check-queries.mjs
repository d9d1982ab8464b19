// Validates every operation of a document (the reference client operations in
// third_party/infrahub-reference/sdl/example-queries.graphql) against a schema with graphql-js.
//   node check-queries.mjs schema.graphql queries.graphql
// Prints each operation's errors; exit code 1 when any operation is invalid.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, parse, validate } from 'graphql';

export function checkQueries(schemaText, queriesText) {
    const schema = buildSchema(schemaText);
    const document = parse(queriesText);
    const operations = document.definitions.filter((d) => d.kind === 'OperationDefinition');
    const results = [];
    for (const op of operations) {
        // Each operation on its own (with the fragments), as a client sends it.
        const single = { ...document, definitions: document.definitions.filter((d) => d === op || d.kind !== 'OperationDefinition') };
        results.push({ name: op.name ? op.name.value : '<anonymous>', errors: validate(schema, single).map((e) => e.message) });
    }
    return results;
}

function main(argv) {
    if (argv.length !== 2) {
        console.error('usage: node check-queries.mjs schema.graphql queries.graphql');
        return 2;
    }
    const results = checkQueries(fs.readFileSync(argv[0], 'utf8'), fs.readFileSync(argv[1], 'utf8'));
    let failed = 0;
    for (const r of results) {
        console.log(`${r.errors.length ? 'INVALID' : 'valid  '} ${r.name}`);
        for (const e of r.errors) console.log(`        ${e}`);
        if (r.errors.length) failed += 1;
    }
    console.log(`${results.length} operations, ${failed} invalid`);
    return results.length && !failed ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url))
    process.exitCode = main(process.argv.slice(2));
