// Differential check of the sandbox's validator: graphql-js validates every document of a corpus against
// our SDL, and must report the same errors (messages and locations, in order) as the sandbox's
// validator did (gqlcheck validate, one JSON line per document).
//   node check-validation.mjs schema.graphql corpus.graphql ours.jsonl
// Exit code 1 on any difference.
//
// The sandbox imitates graphql-core 3.2 (Python), a port of graphql-js 16, so the messages agree once
// these known, legitimate differences are normalized:
// - quoting: graphql-core puts names in single quotes, graphql-js in double quotes (string literals in
//   messages use double quotes in both); all double quotes are compared as single quotes;
// - directive locations: graphql-core names them by the DirectiveLocation enum's *value* ("may not be
//   used on query.", "fragment definition"), graphql-js by its key ("QUERY", "FRAGMENT_DEFINITION");
// - custom scalars: buildSchema() gives BigInt/DateTime/GenericScalar no literal parsing, so the real
//   server's scalars (graphene's) are installed below from their documented behaviour: BigInt takes
//   integer literals only, DateTime ISO-8601 strings, GenericScalar anything.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GraphQLError, Kind, buildSchema, parse, print, validate } from 'graphql';

function installServerScalars(schema) {
    const bigInt = schema.getType('BigInt');
    if (bigInt) bigInt.parseLiteral = (node) => (node.kind === Kind.INT ? Number(node.value) : undefined);
    const dateTime = schema.getType('DateTime');
    if (dateTime)
        dateTime.parseLiteral = (node) => {
            if (node.kind !== Kind.STRING) throw new GraphQLError(`DateTime cannot represent non-string value: ${print(node)}`);
            if (Number.isNaN(Date.parse(node.value))) throw new GraphQLError(`DateTime cannot represent value: '${node.value}'`);
            return node.value;
        };
    const generic = schema.getType('GenericScalar');
    if (generic) generic.parseLiteral = () => null;
}

const normalize = (message) =>
    message
        .replace(/"/g, "'")
        .replace(/may not be used on ([A-Z_]+)\./, (_, location) => `may not be used on ${location.toLowerCase().replace(/_/g, ' ')}.`);

export function checkValidation(schemaText, corpusText, oursLines) {
    const schema = buildSchema(schemaText);
    installServerScalars(schema);
    const documents = corpusText.split('\n#---\n');
    const problems = [];
    if (documents.length !== oursLines.length)
        problems.push(`the corpus has ${documents.length} documents, the sandbox answered ${oursLines.length}`);
    documents.forEach((text, i) => {
        const ours = oursLines[i];
        if (!ours) return;
        let expected;
        try {
            const doc = parse(text);
            expected = validate(schema, doc).map((e) => ({
                message: normalize(e.message),
                locations: (e.locations ?? []).map((l) => [l.line, l.column]),
            }));
        } catch (e) {
            if (!ours.parse) problems.push(`#${i}: graphql-js cannot parse it (${e.message}), the sandbox could`);
            return;
        }
        if (ours.parse) {
            problems.push(`#${i}: the sandbox could not parse it: ${ours.parse}`);
            return;
        }
        const actual = ours.errors.map((e) => ({ message: normalize(e.message), locations: e.locations }));
        if (JSON.stringify(actual) !== JSON.stringify(expected)) {
            const first = text.replace(/^#.*\n/gm, '').trim().split('\n')[0].slice(0, 100);
            problems.push(`#${i} ${first}\n    graphql-js: ${JSON.stringify(expected)}\n    sandbox:    ${JSON.stringify(actual)}`);
        }
    });
    return { documents: documents.length, problems };
}

function main(argv) {
    if (argv.length !== 3) {
        console.error('usage: node check-validation.mjs schema.graphql corpus.graphql ours.jsonl');
        return 2;
    }
    const oursLines = fs.readFileSync(argv[2], 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const { documents, problems } = checkValidation(fs.readFileSync(argv[0], 'utf8'), fs.readFileSync(argv[1], 'utf8'), oursLines);
    for (const p of problems) console.log(`DIFFERENCE ${p}`);
    console.log(`${documents} documents, ${problems.length} differences`);
    return problems.length ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url))
    process.exitCode = main(process.argv.slice(2));
