// Validates every GraphQL document the client's renderers emit (see CMakeLists.txt here) with graphql-js:
//   node check-client-documents.mjs --emitter <emit-client-documents> --reference <third_party/infrahub-reference>
//                                   --work <dir>
// For the real demo schema ("demo-base") each document is validated against the sandbox's SDL of that
// schema and, when the real SDL subset has all its root fields and fragment types, against the subset; for
// the sandbox's demo schema ("demo") against its SDL. Validation = parse + validate() + coercion of the
// request's variables against the operation's variable definitions + the operation name matching.
// Exit codes: 0 pass, 1 fail, 77 skipped - only when graphql-js is not installed (run `npm ci` here).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SKIP = 77;
const here = path.dirname(fileURLToPath(import.meta.url));

// Kinds of the real subset the corpus must reach (sdl/README.md "What was kept").
const SUBSET_QUERY_KINDS = ['BuiltinTag', 'InfraDevice', 'InfraInterfaceL3', 'InfraPlatform', 'InfraVLAN', 'IpamIPAddress',
    'IpamIPPrefix', 'LocationSite', 'InfraInterface', 'LocationGeneric'];
const SUBSET_MUTATION_KINDS = ['InfraDevice', 'InfraVLAN', 'IpamIPAddress', 'LocationSite'];

function parseArgs(argv) {
    const options = {};
    for (let i = 0; i < argv.length; i += 2) options[argv[i].replace(/^--/, '')] = argv[i + 1];
    return options;
}

function emit(options, schema) {
    const out = path.join(options.work, `${schema}.jsonl`);
    const sdlOut = path.join(options.work, `${schema}.graphql`);
    const r = spawnSync(options.emitter, ['--schema', schema, '--out', out, '--sdl-out', sdlOut],
        { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.error) throw new Error(`cannot run ${options.emitter}: ${r.error.message}`);
    process.stdout.write(r.stdout);
    if (r.status !== 0) throw new Error(`emit-client-documents --schema ${schema} failed (${r.status}):\n${r.stderr}`);
    const documents = fs.readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    return { documents, sdl: fs.readFileSync(sdlOut, 'utf8') };
}

async function run(options) {
    const gql = await import('graphql');
    const { buildSchema, validateSchema, parse, validate, getVariableValues, typeFromAST, isInputType, Kind, visit } = gql;

    const build = (name, sdl) => {
        const schema = buildSchema(sdl);
        const errors = validateSchema(schema);
        if (errors.length) throw new Error(`${name}: invalid schema: ${errors.map((e) => e.message).join('; ')}`);
        return schema;
    };
    // The real subset plus the repo's extension with Infrahub's diff types (../sdl/infrahub-diff.graphql),
    // so the branch-diff documents are checked against the real names too.
    const subset = build('subset', fs.readFileSync(path.join(options.reference, 'sdl', 'infrahub-subset.graphql'), 'utf8') +
        '\n' + fs.readFileSync(path.join(here, '..', 'sdl', 'infrahub-diff.graphql'), 'utf8'));

    // Problems of one document against one schema; [] when it is valid.
    const check = (schema, doc) => {
        let ast;
        try {
            ast = parse(doc.query);
        } catch (e) {
            return [`syntax: ${e.message}`];
        }
        const problems = validate(schema, ast).map((e) => e.message);
        if (problems.length) return problems;
        const operations = ast.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
        if (operations.length !== 1) return [`expected one operation, found ${operations.length}`];
        const operation = operations[0];
        if ((operation.name?.value ?? '') !== doc.operationName)
            problems.push(`operationName '${doc.operationName}' but the operation is '${operation.name?.value}'`);
        const declared = operation.variableDefinitions.map((v) => v.variable.name.value).sort();
        const provided = Object.keys(doc.variables ?? {}).sort();
        if (JSON.stringify(declared) !== JSON.stringify(provided))
            problems.push(`variables declared ${declared} but provided ${provided}`);
        for (const v of operation.variableDefinitions) {
            const type = typeFromAST(schema, v.type);
            if (!type || !isInputType(type)) problems.push(`variable $${v.variable.name.value} has no input type`);
        }
        const coerced = getVariableValues(schema, operation.variableDefinitions, doc.variables ?? {});
        for (const e of coerced.errors ?? []) problems.push(`variables: ${e.message}`);
        return problems;
    };

    // True when the subset has every root field and every fragment type condition the document uses.
    const inSubset = (doc) => {
        const ast = parse(doc.query);
        const operation = ast.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
        const root = operation.operation === 'mutation' ? subset.getMutationType() : subset.getQueryType();
        const fields = root.getFields();
        if (!operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && fields[s.name.value])) return false;
        let ok = true;
        visit(ast, { InlineFragment(node) { if (node.typeCondition && !subset.getType(node.typeCondition.name.value)) ok = false; } });
        return ok;
    };

    let failed = false;
    const report = (label, total, results) => {
        const bad = results.filter((r) => r.problems.length);
        console.log(`${label}: ${results.length} of ${total} documents validated, ${bad.length} with errors`);
        for (const r of bad.slice(0, 50)) {
            console.log(`  INVALID ${r.doc.name} (${r.doc.operationName})`);
            for (const p of r.problems.slice(0, 5)) console.log(`          ${p}`);
        }
        failed ||= bad.length > 0;
    };

    // Negative control: the subset must reject what it does not have (InfraDevice.serial_number is the
    // console's extension) and a value that does not fit.
    const control = [
        { name: 'control-unknown-field', operationName: 'X', variables: {},
          query: 'query X { InfraDevice { edges { node { serial_number { value } } } } }' },
        { name: 'control-bad-variable', operationName: 'X', variables: { v: 'abc' },
          query: 'query X($v: Int!) { InfraDevice(limit: $v) { count } }' },
    ];
    for (const c of control) {
        if (check(subset, c).length === 0) {
            console.log(`negative control ${c.name} was accepted: the check is not working`);
            failed = true;
        }
    }

    for (const schemaName of ['demo-base', 'demo']) {
        const { documents, sdl } = emit(options, schemaName);
        const own = build(`${schemaName} SDL`, sdl);
        report(`${schemaName}: sandbox SDL`, documents.length, documents.map((doc) => ({ doc, problems: check(own, doc) })));
        if (schemaName !== 'demo-base') continue;

        const applicable = documents.filter(inSubset);
        report(`${schemaName}: real SDL subset`, documents.length, applicable.map((doc) => ({ doc, problems: check(subset, doc) })));
        const kinds = [...new Set(applicable.map((d) => d.kind).filter(Boolean))].sort();
        console.log(`  checked against the real subset for ${kinds.length} kinds: ${kinds.join(', ')}`);
        const covered = (kind, test) => applicable.some((d) => d.kind === kind && test(d));
        for (const kind of SUBSET_QUERY_KINDS) {
            for (const what of ['list-default', 'list-metadata', 'list-filters', 'count', 'get-id']) {
                if (!covered(kind, (d) => d.name === `${kind}/${what}`)) {
                    console.log(`MISSING: no ${kind}/${what} document was checked against the real subset`);
                    failed = true;
                }
            }
        }
        for (const kind of SUBSET_MUTATION_KINDS) {
            for (const what of ['create', 'update', 'upsert', 'delete-id']) {
                if (!covered(kind, (d) => d.name === `${kind}/${what}`)) {
                    console.log(`MISSING: no ${kind}/${what} document was checked against the real subset`);
                    failed = true;
                }
            }
        }
        for (const what of ['branch-list', 'branch-create', 'branch-delete', 'branch-merge', 'branch-rebase', 'server-info',
        'diff-update', 'diff-tree'])
            if (!applicable.some((d) => d.name === what)) {
                console.log(`MISSING: ${what} was not checked against the real subset`);
                failed = true;
            }
        if (!applicable.some((d) => d.name.includes('/relationship-add-'))) {
            console.log('MISSING: no RelationshipAdd document was checked against the real subset');
            failed = true;
        }
    }
    return failed ? 1 : 0;
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
