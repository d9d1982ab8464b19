// Compares our generated SDL with Infrahub's real SDL (the subset in third_party/infrahub-reference/sdl):
// every type of the real SDL must exist in ours with the same kind, interfaces, fields, arguments,
// input fields and enum values, typed identically (nullability and defaults included), and ours must not
// add fields or arguments to those types. Root types are the exception for additions: the subset keeps
// only some root fields. Every difference must match an allow-list entry, which states why it is
// legitimate; an entry that matches nothing fails the check too, so the list cannot go stale.
//
// Order: the server lists attributes and relationships in its schema's order, and so do we - but the
// two schemas order them differently. So argument lists are compared by shape: the fixed arguments
// (offset, limit, order, ids, hfid, any__*, partial_match ...) at the same places, each attribute's or
// relationship's filters as one block with the same suffix order (value, values, isnull, source__id ...),
// attribute blocks before relationship blocks; input types list id, hfid, attributes, relationships.
//
//   node compare-sdl.mjs ours.graphql real.graphql [allowlist.json]
// Prints the differences; exit code 1 when any is not allowed (or an entry is unused).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
    buildSchema,
    isEnumType,
    isInputObjectType,
    isInterfaceType,
    isObjectType,
    isScalarType,
    isSpecifiedScalarType,
    isIntrospectionType,
    validateSchema,
} from 'graphql';

function kindOf(type) {
    if (isObjectType(type)) return 'type';
    if (isInterfaceType(type)) return 'interface';
    if (isInputObjectType(type)) return 'input';
    if (isEnumType(type)) return 'enum';
    if (isScalarType(type)) return 'scalar';
    return 'union';
}

const printDefault = (arg) => (arg.defaultValue === undefined ? '' : JSON.stringify(arg.defaultValue));

// Shape of an argument list, `site__name__value` split at "__": contiguous blocks by the segment at
// `depth`; a block of several arguments (an attribute's or relationship's filters) is a group, written
// "*" in the sequence (its name does not matter for the order) and compared by content; `any` keeps its
// name. Returns null when a block is not contiguous.
function argShape(names, depth = 0) {
    const blocks = [];
    for (const n of names) {
        const parts = n.split('__');
        const key = parts[depth] ?? '';
        const last = blocks[blocks.length - 1];
        if (last && last.key === key) last.names.push(n);
        else blocks.push({ key, names: [n] });
    }
    const seen = new Set();
    const sequence = [];
    const groups = {};
    for (const b of blocks) {
        if (seen.has(b.key)) return null;
        seen.add(b.key);
        const group = b.names.length > 1 || b.names[0].split('__').length > depth + 2;
        if (!group) {
            sequence.push(b.key);
            continue;
        }
        sequence.push(b.key === 'any' ? 'any' : '*');
        groups[b.key] = argShape(b.names, depth + 1);
    }
    return { sequence, groups };
}

function sameShape(a, b) {
    if (!a || !b) return false;
    if (a.sequence.join(' ') !== b.sequence.join(' ')) return false;
    const keys = Object.keys(a.groups);
    return keys.length === Object.keys(b.groups).length && keys.every((k) => sameShape(a.groups[k], b.groups[k]));
}

// Input fields as a sequence of id / hfid / A (attribute input) / R (relationship input) runs.
function inputShape(type) {
    const runs = [];
    for (const f of Object.values(type.getFields())) {
        const named = String(f.type).replace(/[[\]!]/g, '');
        const cls = f.name === 'id' || f.name === 'hfid' ? f.name : /^Related/.test(named) ? 'R' : /Attribute(Create|Update)$/.test(named) ? 'A' : f.name;
        if (runs[runs.length - 1] !== cls || cls === f.name) runs.push(cls);
    }
    return runs.join(' ');
}

// All differences as "<category> <path>: detail" strings; the allow-list matches "<category> <path>".
export function diffSchemas(ours, real) {
    const diffs = [];
    const add = (category, where, detail = '') => diffs.push({ key: `${category} ${where}`, detail });
    const roots = new Set(['Query', 'Mutation', 'Subscription']);

    for (const realType of Object.values(real.getTypeMap())) {
        if (isIntrospectionType(realType) || isSpecifiedScalarType(realType)) continue;
        const name = realType.name;
        const ourType = ours.getType(name);
        if (!ourType) {
            add('missing-type', name, kindOf(realType));
            continue;
        }
        if (kindOf(ourType) !== kindOf(realType)) {
            add('type-kind', name, `ours ${kindOf(ourType)}, real ${kindOf(realType)}`);
            continue;
        }
        if (isObjectType(realType) || isInterfaceType(realType)) {
            const ourInterfaces = new Set(ourType.getInterfaces().map((i) => i.name));
            const realInterfaces = new Set(realType.getInterfaces().map((i) => i.name));
            for (const i of realInterfaces) if (!ourInterfaces.has(i)) add('missing-interface', `${name} implements ${i}`);
            for (const i of ourInterfaces) if (!realInterfaces.has(i)) add('extra-interface', `${name} implements ${i}`);
            const ourFields = ourType.getFields();
            const realFields = realType.getFields();
            for (const [fieldName, realField] of Object.entries(realFields)) {
                const ourField = ourFields[fieldName];
                const where = `${name}.${fieldName}`;
                if (!ourField) {
                    add('missing-field', where, String(realField.type));
                    continue;
                }
                if (String(ourField.type) !== String(realField.type))
                    add('field-type', where, `ours ${ourField.type}, real ${realField.type}`);
                const ourArgs = new Map(ourField.args.map((a) => [a.name, a]));
                const realArgs = new Map(realField.args.map((a) => [a.name, a]));
                for (const [argName, realArg] of realArgs) {
                    const ourArg = ourArgs.get(argName);
                    if (!ourArg) add('missing-arg', `${where}(${argName})`, String(realArg.type));
                    else if (String(ourArg.type) !== String(realArg.type))
                        add('arg-type', `${where}(${argName})`, `ours ${ourArg.type}, real ${realArg.type}`);
                    else if (printDefault(ourArg) !== printDefault(realArg))
                        add('arg-default', `${where}(${argName})`, `ours ${printDefault(ourArg)}, real ${printDefault(realArg)}`);
                }
                for (const [argName, ourArg] of ourArgs)
                    if (!realArgs.has(argName)) add('extra-arg', `${where}(${argName})`, String(ourArg.type));
                const common = (args, other) => args.map((a) => a.name).filter((n) => other.has(n));
                if (!sameShape(argShape(common(ourField.args, realArgs)), argShape(common(realField.args, ourArgs))))
                    add('arg-order', where);
            }
            // The subset keeps only some root fields; every other type is complete upstream.
            if (!roots.has(name))
                for (const [fieldName, ourField] of Object.entries(ourFields))
                    if (!realFields[fieldName]) add('extra-field', `${name}.${fieldName}`, String(ourField.type));
        } else if (isInputObjectType(realType)) {
            const ourFields = ourType.getFields();
            const realFields = realType.getFields();
            for (const [fieldName, realField] of Object.entries(realFields)) {
                const ourField = ourFields[fieldName];
                const where = `${name}.${fieldName}`;
                if (!ourField) add('missing-input-field', where, String(realField.type));
                else if (String(ourField.type) !== String(realField.type))
                    add('input-field-type', where, `ours ${ourField.type}, real ${realField.type}`);
                else if (printDefault(ourField) !== printDefault(realField))
                    add('input-field-default', where, `ours ${printDefault(ourField)}, real ${printDefault(realField)}`);
            }
            for (const [fieldName, ourField] of Object.entries(ourFields))
                if (!realFields[fieldName]) add('extra-input-field', `${name}.${fieldName}`, String(ourField.type));
            if (inputShape(ourType) !== inputShape(realType))
                add('input-field-order', name, `ours ${inputShape(ourType)}, real ${inputShape(realType)}`);
        } else if (isEnumType(realType)) {
            const ourValues = new Set(ourType.getValues().map((v) => v.name));
            const realValues = new Set(realType.getValues().map((v) => v.name));
            for (const v of realValues) if (!ourValues.has(v)) add('missing-enum-value', `${name}.${v}`);
            for (const v of ourValues) if (!realValues.has(v)) add('extra-enum-value', `${name}.${v}`);
        }
    }
    return diffs;
}

// Applies the allow-list: [{"match": "<regex on the key>", "reason": "..."}].
export function compareSdl(oursText, realText, allowlist = []) {
    const ours = buildSchema(oursText);
    const real = buildSchema(realText);
    const problems = [];
    for (const e of validateSchema(ours)) problems.push(`invalid-schema ours: ${e.message}`);
    const entries = allowlist.map((e) => ({ ...e, regex: new RegExp(`^(?:${e.match})$`), used: 0 }));
    const allowed = [];
    for (const d of diffSchemas(ours, real)) {
        const entry = entries.find((e) => e.regex.test(d.key));
        if (entry) {
            entry.used += 1;
            allowed.push(d);
        } else {
            problems.push(`${d.key}${d.detail ? `: ${d.detail}` : ''}`);
        }
    }
    for (const e of entries) if (!e.used) problems.push(`unused allow-list entry: ${e.match} (${e.reason})`);
    return { problems, allowed, entries };
}

function main(argv) {
    if (argv.length < 2) {
        console.error('usage: node compare-sdl.mjs ours.graphql real.graphql [allowlist.json]');
        return 2;
    }
    const [oursPath, realPath, allowPath] = argv;
    const allowlist = allowPath ? JSON.parse(fs.readFileSync(allowPath, 'utf8')).allow : [];
    const { problems, allowed, entries } = compareSdl(
        fs.readFileSync(oursPath, 'utf8'),
        fs.readFileSync(realPath, 'utf8'),
        allowlist,
    );
    for (const e of entries) console.log(`allowed ${String(e.used).padStart(4)} x ${e.match}\n              ${e.reason}`);
    console.log(`${allowed.length} allowed differences, ${problems.length} problems`);
    for (const p of problems) console.log(`PROBLEM ${p}`);
    return problems.length ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url))
    process.exitCode = main(process.argv.slice(2));
