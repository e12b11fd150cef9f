// SPDX-License-Identifier: GPL-3.0-or-later
// Stands in for Amazon Athena in the tests: loads CloudTrail logs into a DuckDB table with Athena's
// exact CloudTrail columns and types, the way Athena's JSON SerDe reads them, runs TrailWarden's
// generated queries on it and writes each answer as Athena writes a result CSV.
//
//   node athena_duckdb.cjs --duckdb DIR --input PATH... (--query FILE --out FILE)...
//
// DIR holds node_modules/@duckdb/node-api (installed by tools/setup test). The SerDe's ways that
// matter (docs/detection.md is the reference, README "Logs too big for one machine" the summary):
//   * STRING columns get JSON text: a number or boolean becomes its JSON spelling, an object its
//     JSON text (requestparameters, responseelements).
//   * keys match case-insensitively; two keys that fold to the same name are an error in the Hive
//     SerDe, so such a record is counted and left out (Athena would fail the whole query).
//   * only S3 delivery exists in Athena: the other shapes TrailWarden reads are normalised to it.
//   * "$path" is the file; "timestamp" the yyyy/MM/dd of the S3 key (else of the event's day).
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { createRequire } = require('module');

function parseArgs(argv) {
    const a = { inputs: [], jobs: [], duckdb: null };
    for (let i = 0; i < argv.length; ++i) {
        const k = argv[i];
        if (k === '--duckdb') a.duckdb = argv[++i];
        else if (k === '--input') { while (i + 1 < argv.length && !argv[i + 1].startsWith('--')) a.inputs.push(argv[++i]); }
        else if (k === '--query') a.jobs.push({ query: argv[++i] });
        else if (k === '--out') a.jobs[a.jobs.length - 1].out = argv[++i];
        else throw new Error('unknown argument ' + k);
    }
    return a;
}

// Athena's table, in order (Athena User Guide, CloudTrail table with partition projection).
const S = 'STRING';
const SCHEMA = [
    ['eventversion', S],
    ['useridentity', { struct: [['type', S], ['principalid', S], ['arn', S], ['accountid', S], ['invokedby', S],
        ['accesskeyid', S], ['username', S], ['onbehalfof', { struct: [['userid', S], ['identitystorearn', S]] }],
        ['sessioncontext', { struct: [
            ['attributes', { struct: [['mfaauthenticated', S], ['creationdate', S]] }],
            ['sessionissuer', { struct: [['type', S], ['principalid', S], ['arn', S], ['accountid', S], ['username', S]] }],
            ['ec2roledelivery', S],
            ['webidfederationdata', { struct: [['federatedprovider', S], ['attributes', { map: S }]] }]] }]] }],
    ['eventtime', S], ['eventsource', S], ['eventname', S], ['awsregion', S], ['sourceipaddress', S],
    ['useragent', S], ['errorcode', S], ['errormessage', S], ['requestparameters', S], ['responseelements', S],
    ['additionaleventdata', S], ['requestid', S], ['eventid', S], ['readonly', S],
    ['resources', { array: { struct: [['arn', S], ['accountid', S], ['type', S]] } }],
    ['eventtype', S], ['apiversion', S], ['recipientaccountid', S], ['serviceeventdetails', S], ['sharedeventid', S],
    ['vpcendpointid', S], ['vpcendpointaccountid', S], ['eventcategory', S],
    ['addendum', { struct: [['reason', S], ['updatedfields', S], ['originalrequestid', S], ['originaleventid', S]] }],
    ['sessioncredentialfromconsole', S], ['edgedevicedetails', S],
    ['tlsdetails', { struct: [['tlsversion', S], ['ciphersuite', S], ['clientprovidedhostheader', S]] }],
];

function duckType(t) {
    if (t === S) return 'VARCHAR';
    if (t.struct) return 'STRUCT(' + t.struct.map(([n, c]) => '"' + n + '" ' + duckType(c)).join(', ') + ')';
    if (t.map) return 'MAP(VARCHAR, VARCHAR)';
    if (t.array) return duckType(t.array) + '[]';
    throw new Error('type');
}

class DuplicateKey extends Error {}

// Case-insensitive field lookup, as the SerDe does it.
function folded(obj) {
    const out = new Map();
    for (const k of Object.keys(obj)) {
        const f = k.toLowerCase();
        if (out.has(f)) throw new DuplicateKey(k);
        out.set(f, obj[k]);
    }
    return out;
}

function asString(v) {
    if (v === undefined || v === null) return null;
    if (typeof v === 'string') return v;
    return JSON.stringify(v);
}

function convert(v, t) {
    if (v === undefined || v === null) return null;
    if (t === S) return asString(v);
    if (t.struct) {
        if (typeof v !== 'object' || Array.isArray(v)) return null;
        const f = folded(v);
        const o = {};
        for (const [n, c] of t.struct) o[n] = convert(f.get(n), c);
        return o;
    }
    if (t.map) {
        if (typeof v !== 'object' || Array.isArray(v)) return null;
        const o = {};
        for (const k of Object.keys(v)) o[k] = asString(v[k]);
        return o;
    }
    if (t.array) return Array.isArray(v) ? v.map((x) => convert(x, t.array)) : null;
    return null;
}

// Every JSON value in a text: one document, JSON lines, or values concatenated with no separator.
function jsonValues(text) {
    try { return [JSON.parse(text)]; } catch (e) { /* fall through */ }
    const out = [];
    let depth = 0, inStr = false, esc = false, start = -1;
    for (let i = 0; i < text.length; ++i) {
        const c = text[i];
        if (inStr) {
            if (esc) esc = false;
            else if (c === '\\') esc = true;
            else if (c === '"') inStr = false;
            continue;
        }
        if (c === '"') { inStr = true; continue; }
        if (c === '{' || c === '[') { if (depth++ === 0) start = i; }
        else if (c === '}' || c === ']') {
            if (--depth === 0) out.push(JSON.parse(text.slice(start, i + 1)));
            if (depth < 0) throw new Error('unbalanced');
        }
    }
    if (depth !== 0) throw new Error('truncated');
    return out;
}

// The records of one value, in any shape TrailWarden reads.
function records(v, out) {
    if (Array.isArray(v)) { for (const x of v) records(x, out); return; }
    if (v === null || typeof v !== 'object') return;
    if (Array.isArray(v.Records)) { for (const r of v.Records) if (r && typeof r === 'object') out.push(r); return; }
    if (Array.isArray(v.Events)) {
        for (const e of v.Events) {
            if (e && typeof e.CloudTrailEvent === 'string') { try { out.push(JSON.parse(e.CloudTrailEvent)); } catch (x) { } }
            else if (e && typeof e === 'object') out.push(e);
        }
        return;
    }
    if (v['detail-type'] !== undefined && v.detail && typeof v.detail === 'object') { out.push(v.detail); return; }
    out.push(v);
}

function walk(p, files) {
    const st = fs.statSync(p);
    if (st.isDirectory()) { for (const n of fs.readdirSync(p).sort()) walk(path.join(p, n), files); return; }
    if (/CloudTrail-Digest|CloudTrail-Insight/.test(p)) return;
    if (/\.(txt|md|csv|args)$/i.test(p) || /LICENSE|NOTICE/.test(path.basename(p))) return;
    files.push(p);
}

function dayOf(file, rec) {
    const m = /(\d{4})\/(\d{2})\/(\d{2})\//.exec(file.replace(/\\/g, '/'));
    if (m) return m[1] + '/' + m[2] + '/' + m[3];
    const t = typeof rec.eventTime === 'string' ? rec.eventTime : '';
    if (/^\d{4}-\d{2}-\d{2}/.test(t)) return t.slice(0, 10).replace(/-/g, '/');
    return '1970/01/01';
}

function csvField(v) {
    if (v === null || v === undefined) return '';
    return '"' + String(v).replace(/"/g, '""') + '"';
}

async function main() {
    const args = parseArgs(process.argv.slice(2));
    const req = createRequire(path.resolve(args.duckdb) + '/');
    const { DuckDBInstance } = req('@duckdb/node-api');

    const files = [];
    for (const p of args.inputs) walk(p, files);
    const tmp = fs.mkdtempSync(path.join(require('os').tmpdir(), 'tw-athena-'));
    const rowsFile = path.join(tmp, 'rows.ndjson');
    const fd = fs.openSync(rowsFile, 'w');
    const stats = { files: files.length, unreadable: 0, records: 0, duplicateKeys: 0 };
    for (const file of files) {
        let bytes = fs.readFileSync(file);
        let vals;
        try {
            if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = zlib.gunzipSync(bytes);
            vals = jsonValues(bytes.toString('utf8'));
        } catch (e) { ++stats.unreadable; continue; }
        const recs = [];
        for (const v of vals) records(v, recs);
        let chunk = '';
        for (const rec of recs) {
            let row;
            try {
                const f = folded(rec);
                row = {};
                for (const [n, t] of SCHEMA) row[n] = convert(f.get(n), t);
            } catch (e) {
                if (e instanceof DuplicateKey) { ++stats.duplicateKeys; continue; }
                throw e;
            }
            row['timestamp'] = dayOf(file, rec);
            row['$path'] = file;
            chunk += JSON.stringify(row) + '\n';
            ++stats.records;
        }
        fs.writeSync(fd, chunk);
    }
    fs.closeSync(fd);

    const instance = await DuckDBInstance.create(':memory:');
    const con = await instance.connect();
    const cols = SCHEMA.map(([n, t]) => '"' + n + '" ' + duckType(t)).concat(['"timestamp" VARCHAR', '"$path" VARCHAR']);
    await con.run('CREATE TABLE cloudtrail_logs (' + cols.join(', ') + ')');
    const jsonCols = '{' + SCHEMA.map(([n, t]) => "'" + n + "': '" + duckType(t).replace(/'/g, "''") + "'")
        .concat(["'timestamp': 'VARCHAR'", "'$path': 'VARCHAR'"]).join(', ') + '}';
    if (stats.records > 0)
        await con.run("INSERT INTO cloudtrail_logs SELECT * FROM read_json('" + rowsFile.replace(/'/g, "''") +
            "', format = 'newline_delimited', columns = " + jsonCols + ", maximum_object_size = 67108864)");
    // Trino's json_extract_scalar: the text of a string, number or boolean; NULL for an object, an
    // array, JSON null, a missing key or text that is not JSON (io/trino/operator/scalar/JsonExtract.java).
    await con.run("CREATE MACRO json_extract_scalar(j, p) AS CASE WHEN json_type(CASE WHEN json_valid(j) THEN j END, p) " +
        "IN ('VARCHAR', 'BIGINT', 'UBIGINT', 'HUGEINT', 'DOUBLE', 'BOOLEAN') THEN json_extract_string(CASE WHEN " +
        "json_valid(j) THEN j END, p) END");

    for (const job of args.jobs) {
        const sql = fs.readFileSync(job.query, 'utf8');
        const result = await con.runAndReadAll(sql);
        const names = result.columnNames();
        let out = names.map(csvField).join(',') + '\n';
        for (const row of result.getRows())
            out += row.map((v) => (v === null ? '' : csvField(typeof v === 'object' ? v.toString() : v))).join(',') + '\n';
        fs.writeFileSync(job.out, out);
    }
    fs.rmSync(tmp, { recursive: true, force: true });
    process.stdout.write(JSON.stringify(stats) + '\n');
}

main().catch((e) => { process.stderr.write(String(e && e.stack || e) + '\n'); process.exit(1); });
