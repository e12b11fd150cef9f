// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/ingest/jsonshapes.h"

#include "core/common/bytehash.h"
#include "core/ingest/fieldrules.h"
#include "core/ingest/filecontent.h"

#include <simdjson.h>

#if defined(__AVX2__)
#include <immintrin.h>
#endif

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <cstring>

namespace tw {

namespace ondemand = simdjson::ondemand;

static_assert(kContentPadding >= simdjson::SIMDJSON_PADDING, "the content buffer must pad for simdjson");
// untilQuoteOrBackslash reads up to 31 bytes past the last byte of a key.
static_assert(simdjson::SIMDJSON_PADDING >= 32, "the padding must cover a 32-byte read past a key");

namespace {

constexpr int kMaxProblemLines = 5; // per file, so a broken 1M-line file does not flood the panel

// Parsers larger than this are freed after the file that needed them, so that one big file does
// not stay resident in every reader thread for the rest of the load.
constexpr std::size_t kRetainBytes = std::size_t(16) << 20;

// Real field values are short (IAM names <= 64 bytes, user agents ~1 KiB). A longer value is an
// attack or an accident; the store keeps a prefix so a 100 MB string costs 4 KiB, and the raw
// record on disk still has it whole.
constexpr std::size_t kMaxFieldBytes = 4096;

std::string_view utf8Prefix(std::string_view s, std::size_t max)
{
    if (s.size() <= max)
        return s;
    std::size_t n = max;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80)
        --n; // do not cut a multi-byte character in half
    return s.substr(0, n);
}

// The fields the rules read, and what the JSON itself showed about them. Views point into the
// parser's buffers and live only while the record is processed.
struct RawFields : RecordFields
{
    const char* wrongTypeField = nullptr; // first string field that held another JSON type
    // First field met twice. JSON leaves duplicate names undefined and CloudTrail never writes
    // them; other parsers keep the first value or both, so a forged record could show them
    // another user than it shows us.
    const char* duplicateField = nullptr;
    bool hasUserIdentity = false;
};

// On-Demand checks what it reads, not every byte it skips: a record whose raw text is not one
// whole object (a value broken in a field nobody reads) must count as broken JSON, or its drill-
// down could never read it back.
bool isWholeObject(std::string_view raw)
{
    return raw.size() >= 2 && raw.front() == '{' && raw.back() == '}';
}

std::string_view trimmed(std::string_view s)
{
    while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

bool equalsNoCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return (x >= 'A' && x <= 'Z' ? x + 32 : x) == (y >= 'A' && y <= 'Z' ? y + 32 : y);
           });
}

const char* typeName(ondemand::json_type t)
{
    switch (t) {
    case ondemand::json_type::array:
        return "array";
    case ondemand::json_type::object:
        return "object";
    case ondemand::json_type::number:
        return "number";
    case ondemand::json_type::string:
        return "string";
    case ondemand::json_type::boolean:
        return "boolean";
    case ondemand::json_type::null:
        return "null";
    }
    return "unknown";
}

} // namespace

struct JsonShapes::Private
{
    ondemand::parser parser;
    ondemand::parser streamParser; // for JSON values one after another (its capacity only grows)
    ondemand::parser innerParser;  // for lookup-events' CloudTrailEvent strings
    std::string innerBuffer;

    bool details = true;     // setKeptFields()
    bool credentials = true; // setKeptFields()

    // Per-parse state.
    FileResult* out = nullptr;
    const char* base = nullptr;
    std::uint64_t wrongTypeRecords = 0;
    const char* firstWrongType = nullptr;
    std::uint64_t longFieldRecords = 0;
    std::uint64_t notObjectRecords = 0;
    const char* firstNotObject = nullptr;
    std::uint64_t duplicateKeyRecords = 0;
    const char* firstDuplicateKey = nullptr;
    std::uint64_t badEmbeddedRecords = 0; // CloudTrailEvent strings that hold no JSON record
    std::uint64_t notRecordRoots = 0;     // objects that are neither a record nor hold records
    // Messages about a whole document come once a line in JSON lines: capped like bad lines.
    std::uint64_t rootProblems = 0;
    // The last id interned per column: region, account, source and agent repeat from one record
    // to the next, and comparing with the previous string is cheaper than hashing it.
    std::array<std::uint32_t, 14> lastId{};
    Credential lastCredential;
    std::uint32_t lastCredentialId = 0;
    AccessKeyId lastAccessKey;
    std::uint32_t lastAccessKeyId = 0;
    SessionKey lastSession;
    std::uint32_t lastSessionId = 0;

    // recordAt(): the offset looked for, and the raw text and event index committed there last.
    static constexpr std::uint64_t kNoOffset = ~std::uint64_t(0);
    std::uint64_t wantedOffset = kNoOffset;
    std::string_view wantedRaw;
    std::size_t wantedIndex = 0;

    void resetCounters()
    {
        wrongTypeRecords = 0;
        firstWrongType = nullptr;
        longFieldRecords = 0;
        notObjectRecords = 0;
        firstNotObject = nullptr;
        duplicateKeyRecords = 0;
        firstDuplicateKey = nullptr;
        badEmbeddedRecords = 0;
        notRecordRoots = 0;
        rootProblems = 0;
        lastId.fill(0);
        lastCredential = {};
        lastCredentialId = 0;
        lastAccessKey = {};
        lastAccessKeyId = 0;
        lastSession = {};
        lastSessionId = 0;
    }
    void rootProblem(const QString& message)
    {
        if (++rootProblems <= std::uint64_t(kMaxProblemLines))
            out->problems.append(message);
    }

    void parseContent(std::string_view content, std::size_t capacity, bool jsonLines);
    void parseShapes(std::string_view content, std::size_t capacity, bool jsonLines);
    void resetResult();
    simdjson::error_code parseDocument(const char* data, std::size_t len, std::size_t capacity,
                                       bool& trailing);
    simdjson::error_code parseValues(const char* data, std::size_t len);
    template <class Document> simdjson::error_code processRoot(Document& doc);
    simdjson::error_code processEventArray(ondemand::array array, bool lookupEvents);
    simdjson::error_code processEvent(ondemand::object object, std::uint8_t extraFlags);
    simdjson::error_code processEmbedded(ondemand::object element);
    simdjson::error_code readFields(ondemand::object object, RawFields& f);
    void commit(const RawFields& f, std::string_view raw, std::uint8_t extraFlags);
};

JsonShapes::JsonShapes()
    : d(std::make_unique<Private>())
{}

JsonShapes::~JsonShapes() = default;

void JsonShapes::parse(std::string_view content, std::size_t capacity, bool jsonLines, FileResult& out)
{
    d->out = &out;
    d->parseContent(content, capacity, jsonLines);
    d->out = nullptr;
}

void JsonShapes::setKeptFields(bool details, bool credentials)
{
    d->details = details;
    d->credentials = credentials;
}

void JsonShapes::trim()
{
    if (d->parser.capacity() > kRetainBytes)
        d->parser = ondemand::parser();
    if (d->streamParser.capacity() > kRetainBytes)
        d->streamParser = ondemand::parser();
    if (d->innerParser.capacity() > kRetainBytes)
        d->innerParser = ondemand::parser();
    if (d->innerBuffer.capacity() > kRetainBytes)
        std::string().swap(d->innerBuffer);
}

std::optional<std::string_view> JsonShapes::recordAt(std::string_view content, std::size_t capacity,
                                                     bool jsonLines, std::uint64_t offset)
{
    FileResult scratch;
    d->wantedOffset = offset;
    d->wantedRaw = {};
    parse(content, capacity, jsonLines, scratch);
    d->wantedOffset = Private::kNoOffset;
    // A parse that started over (a broken document read line by line) or took a bad line's records
    // back may have committed the offset in an attempt it then dropped: only a record still kept
    // counts.
    const auto& offsets = scratch.events.offset;
    if (!d->wantedRaw.data() || d->wantedIndex >= offsets.size() || offsets[d->wantedIndex] != offset)
        return std::nullopt;
    return d->wantedRaw;
}

std::optional<std::string> JsonShapes::embeddedRecord(std::string record)
{
    const std::size_t length = record.size();
    record.resize(length + simdjson::SIMDJSON_PADDING, '\0');
    ondemand::document doc;
    std::string_view inner;
    if (d->parser.iterate(record.data(), length, record.size()).get(doc) ||
        doc["CloudTrailEvent"].get_string().get(inner))
        return std::nullopt;
    return std::string(inner);
}

void JsonShapes::Private::parseContent(std::string_view content, std::size_t capacity, bool jsonLines)
{
    base = content.data();
    resetCounters();
    parseShapes(content, capacity, jsonLines);
    if (rootProblems > std::uint64_t(kMaxProblemLines))
        out->problems.append(
            QStringLiteral("... and %1 more problems like these").arg(rootProblems - kMaxProblemLines));
    if (notRecordRoots == 1)
        out->problems.append(QStringLiteral(
            "the JSON object is not a CloudTrail record: no \"Records\" array, no eventTime, no eventName"));
    else if (notRecordRoots > 1)
        out->problems.append(QStringLiteral("%1 JSON objects are not CloudTrail records: no \"Records\" "
                                            "array, no eventTime, no eventName")
                                 .arg(notRecordRoots));
    if (badEmbeddedRecords > 0)
        out->problems.append(
            QStringLiteral("%1 lookup-events entries have a CloudTrailEvent that is not a JSON record; "
                           "counted as malformed")
                .arg(badEmbeddedRecords));
    if (duplicateKeyRecords > 0)
        out->problems.append(QStringLiteral("%1 records have a duplicate key (first: %2); the last value is "
                                            "used, and other tools may read them differently")
                                 .arg(duplicateKeyRecords)
                                 .arg(QLatin1String(firstDuplicateKey)));
    if (notObjectRecords > 0)
        out->problems.append(
            QStringLiteral("%1 records are not JSON objects (the first is a %2); counted as malformed")
                .arg(notObjectRecords)
                .arg(QLatin1String(firstNotObject)));
    if (longFieldRecords > 0)
        out->problems.append(
            QStringLiteral("%1 records have a field longer than %2 bytes; only its start is shown")
                .arg(longFieldRecords)
                .arg(kMaxFieldBytes));
    if (wrongTypeRecords > 0)
        out->problems.append(
            QStringLiteral("%1 records have a field of the wrong JSON type (first: %2); treated as missing")
                .arg(wrongTypeRecords)
                .arg(QLatin1String(firstWrongType)));
}

void JsonShapes::Private::parseShapes(std::string_view content, std::size_t capacity, bool jsonLines)
{

    std::size_t start = 0;
    if (content.size() >= 3 && std::memcmp(content.data(), "\xEF\xBB\xBF", 3) == 0)
        start = 3;
    if (content.size() >= 2 &&
        ((static_cast<unsigned char>(content[0]) == 0xFF && static_cast<unsigned char>(content[1]) == 0xFE) ||
         (static_cast<unsigned char>(content[0]) == 0xFE &&
          static_cast<unsigned char>(content[1]) == 0xFF))) {
        out->problems.append(QStringLiteral("UTF-16 text; CloudTrail logs are UTF-8 JSON"));
        out->unreadable = true;
        return;
    }
    while (start < content.size() && std::isspace(static_cast<unsigned char>(content[start])))
        ++start;
    if (start == content.size()) {
        out->problems.append(QStringLiteral("empty file: no JSON in it"));
        return;
    }

    if (!jsonLines) {
        bool trailing = false;
        const auto error =
            parseDocument(content.data() + start, content.size() - start, capacity - start, trailing);
        if (!error && !trailing)
            return;
        // Start over: with every value of the file, line by line, or with nothing from a broken
        // document.
        resetResult();
        if (!trailing) {
            // The Splunk Add-on for AWS parses a log file as a whole and indexes nothing from one
            // that fails, so the records before the fault are dropped too: the counts then match
            // what Splunk would have searched.
            out->problems.append(QStringLiteral("invalid JSON (%1); no record of this file was loaded")
                                     .arg(QLatin1String(simdjson::error_message(error))));
            return;
        }
        // Several JSON values one after another, with or without whitespace between them: Kinesis
        // Data Firehose writes the EventBridge events (or Records objects) it delivers to S3 back
        // to back, `{...}{...}`. Every value is read (docs/detection.md, "Concatenated values").
        if (!parseValues(content.data() + start, content.size() - start))
            return;
        // A broken value somewhere: read line by line, so that the good lines still load.
        resetResult();
    }

    // JSON lines: each line holds one value (or several back to back); a bad line is reported and
    // the others still load.
    int badLines = 0;
    std::size_t lineNo = 0;
    std::size_t pos = 0;
    while (pos < content.size()) {
        std::size_t end = content.find('\n', pos);
        if (end == std::string_view::npos)
            end = content.size();
        ++lineNo;
        std::size_t a = pos, b = end;
        while (a < b && std::isspace(static_cast<unsigned char>(content[a])))
            ++a;
        while (b > a && std::isspace(static_cast<unsigned char>(content[b - 1])))
            --b;
        if (lineNo == 1 && b - a >= 3 && std::memcmp(content.data() + a, "\xEF\xBB\xBF", 3) == 0)
            a += 3;
        if (b > a) {
            // A line that fails keeps nothing: the values before the fault are taken back.
            const std::size_t eventsBefore = out->events.size();
            const std::uint64_t malformedBefore = out->malformed;
            if (const auto error = parseValues(content.data() + a, b - a)) {
                out->events.truncate(eventsBefore);
                out->dedupKeys.resize(eventsBefore);
                out->malformed = malformedBefore;
                if (++badLines <= kMaxProblemLines)
                    out->problems.append(QStringLiteral("line %1: invalid JSON: %2")
                                             .arg(lineNo)
                                             .arg(QLatin1String(simdjson::error_message(error))));
            }
        }
        pos = end + 1;
    }
    if (badLines > kMaxProblemLines)
        out->problems.append(QStringLiteral("... and %1 more bad lines").arg(badLines - kMaxProblemLines));
}

void JsonShapes::Private::resetResult()
{
    // The file's own facts (sizes, gzip, its hash) stay; until now the hash went too, and the
    // manifest then read such a file (JSON lines, concatenated values) a second time for it.
    out->clearContent();
    resetCounters();
}

simdjson::error_code JsonShapes::Private::parseDocument(const char* data, std::size_t len,
                                                        std::size_t capacity, bool& trailing)
{
    ondemand::document doc;
    if (auto error = parser.iterate(data, len, capacity).get(doc))
        return error;
    if (auto error = processRoot(doc))
        return error;
    // A second top-level value after the first: the caller reads them all.
    const char* location = nullptr;
    if (!doc.current_location().get(location)) {
        const char* end = data + len;
        while (location < end && std::isspace(static_cast<unsigned char>(*location)))
            ++location;
        trailing = location < end;
    }
    return simdjson::SUCCESS;
}

// Every JSON value in [data, data + len), whatever separates them (nothing, or whitespace); the
// padding simdjson needs follows the content in `buffer`. One batch covers the whole range, so a
// value of any size is read; a stray byte between values, or a value cut short, is an error.
simdjson::error_code JsonShapes::Private::parseValues(const char* data, std::size_t len)
{
    // document_stream re-allocates its parser whenever the batch size changes: never shrink it.
    const std::size_t batch =
        std::max({len, std::size_t(simdjson::dom::MINIMAL_BATCH_SIZE), streamParser.capacity()});
    ondemand::document_stream stream;
    if (auto error = streamParser.iterate_many(data, len, batch).get(stream))
        return error;
    for (auto it = stream.begin(); it != stream.end(); ++it) {
        ondemand::document_reference doc;
        if (auto error = (*it).get(doc))
            return error;
        // document_stream finds where each value ends by its structure, so a stray closing
        // bracket would begin a "value" of its own: only objects, arrays and scalars start one.
        const std::size_t at = it.current_index();
        if (at >= len || data[at] == '}' || data[at] == ']' || data[at] == ',' || data[at] == ':')
            return simdjson::TAPE_ERROR;
        if (auto error = processRoot(doc))
            return error;
    }
    if (stream.truncated_bytes() > 0)
        return simdjson::INCOMPLETE_ARRAY_OR_OBJECT;
    return simdjson::SUCCESS;
}

// Recognises the shapes of docs/detection.md, Input shapes, from the root value.
template <class Document> simdjson::error_code JsonShapes::Private::processRoot(Document& doc)
{
    ondemand::json_type type;
    if (auto error = doc.type().get(type))
        return error;
    if (type == ondemand::json_type::array) {
        ondemand::array array;
        if (auto error = doc.get_array().get(array))
            return error;
        return processEventArray(array, false);
    }
    if (type != ondemand::json_type::object) {
        rootProblem(
            QStringLiteral("the JSON is a %1, not CloudTrail records").arg(QLatin1String(typeName(type))));
        // Consumed, so that only a second value after it counts as trailing content.
        std::string_view scalar;
        return doc.raw_json().get(scalar);
    }
    ondemand::object root;
    if (auto error = doc.get_object().get(root))
        return error;

    // One pass over the root's keys decides the shape. The record containers (Records, Events)
    // are read as they are met, so the common S3 file is walked once; other shapes are small and
    // are rewound and read afterwards.
    bool handled = false, hasDetailType = false, isDigest = false, isLakeResult = false,
         looksLikeRecord = false;
    for (auto field : root) {
        ondemand::raw_json_string key;
        if (auto error = field.key().get(key))
            return error;
        const bool records = key == "Records";
        if (records || key == "Events") {
            ondemand::value value = field.value();
            ondemand::json_type t;
            if (auto error = value.type().get(t))
                return error;
            handled = true;
            if (t != ondemand::json_type::array) {
                rootProblem(
                    QStringLiteral("\"%1\" is a %2, not an array")
                        .arg(QLatin1String(records ? "Records" : "Events"), QLatin1String(typeName(t))));
                continue;
            }
            if (auto error = processEventArray(value.get_array(), !records))
                return error;
            continue;
        }
        hasDetailType |= key == "detail-type";
        isDigest |= key == "digestStartTime" || key == "digestPublicKeyFingerprint";
        isLakeResult |= key == "QueryResultRows";
        // A record without eventTime is only malformed (counted: docs/detection.md, Broken input);
        // an object with none of these is something else altogether, and the user is told so.
        looksLikeRecord |= key == "eventTime" || key == "eventName" || key == "eventSource";
    }
    if (handled)
        return simdjson::SUCCESS;
    root.reset();

    ondemand::value value;
    auto finish = [&root](simdjson::error_code error) {
        if (error)
            return error;
        std::string_view rest;
        return root.raw_json().get(rest);
    };

    if (isDigest) {
        out->skipped = true;
        return finish(simdjson::SUCCESS);
    }
    if (isLakeResult) {
        rootProblem(QStringLiteral("CloudTrail Lake query results hold selected columns, not records; "
                                   "export the records instead"));
        return finish(simdjson::SUCCESS);
    }
    if (hasDetailType) {
        std::string_view detailType;
        if (root.find_field_unordered("detail-type").get(value) || value.get_string().get(detailType) ||
            detailType.find("via CloudTrail") == std::string_view::npos) {
            rootProblem(
                QStringLiteral("an EventBridge event that is not a CloudTrail record (detail-type %1)")
                    .arg(QString::fromUtf8(detailType.data(), static_cast<qsizetype>(detailType.size()))));
            return finish(simdjson::SUCCESS);
        }
        root.reset();
        ondemand::object detail;
        if (root.find_field_unordered("detail").get(value) || value.get_object().get(detail)) {
            rootProblem(QStringLiteral("an EventBridge envelope without a \"detail\" object"));
            return finish(simdjson::SUCCESS);
        }
        return finish(processEvent(detail, 0));
    }
    notRecordRoots += !looksLikeRecord;
    root.reset();
    return processEvent(root, 0);
}

simdjson::error_code JsonShapes::Private::processEventArray(ondemand::array array, bool lookupEvents)
{
    for (auto element : array) {
        ondemand::value value;
        if (auto error = element.get(value))
            return error;
        ondemand::json_type t;
        if (auto error = value.type().get(t))
            return error;
        if (t != ondemand::json_type::object) {
            ++out->malformed;
            if (!notObjectRecords++)
                firstNotObject = typeName(t);
            continue;
        }
        ondemand::object object;
        if (auto error = value.get_object().get(object))
            return error;
        if (auto error = lookupEvents ? processEmbedded(object) : processEvent(object, 0))
            return error;
    }
    return simdjson::SUCCESS;
}

// lookup-events: the record is the JSON *string* CloudTrailEvent; the Insights variant has the
// event inline instead. The raw location kept is the Events[] element either way.
simdjson::error_code JsonShapes::Private::processEmbedded(ondemand::object element)
{
    ondemand::value inner;
    if (element.find_field_unordered("CloudTrailEvent").get(inner)) {
        element.reset();
        return processEvent(element, 0);
    }
    std::string_view text;
    if (inner.get_string().get(text)) {
        ++out->malformed;
        ++wrongTypeRecords;
        if (!firstWrongType)
            firstWrongType = "CloudTrailEvent";
        std::string_view ignored;
        return element.raw_json().get(ignored);
    }
    innerBuffer.assign(text);
    std::string_view raw;
    if (auto error = element.raw_json().get(raw))
        return error;
    innerBuffer.resize(text.size() + simdjson::SIMDJSON_PADDING, '\0');

    ondemand::document doc;
    ondemand::object object;
    RawFields f;
    if (innerParser.iterate(innerBuffer.data(), text.size(), innerBuffer.size()).get(doc) ||
        doc.get_object().get(object) || readFields(object, f)) {
        ++out->malformed;
        ++badEmbeddedRecords;
        return simdjson::SUCCESS;
    }
    raw = trimmed(raw);
    if (!isWholeObject(raw))
        return simdjson::TAPE_ERROR;
    commit(f, raw, EventFlag::Embedded);
    return simdjson::SUCCESS;
}

simdjson::error_code JsonShapes::Private::processEvent(ondemand::object object, std::uint8_t extraFlags)
{
    RawFields f;
    if (auto error = readFields(object, f))
        return error;
    std::string_view raw;
    if (auto error = object.raw_json().get(raw))
        return error;
    raw = trimmed(raw);
    if (!isWholeObject(raw))
        return simdjson::TAPE_ERROR;
    commit(f, raw, extraFlags);
    return simdjson::SUCCESS;
}

// The record's fields are read in one pass, front to back (On-Demand's fastest order), and nested
// objects only where a rule needs them. Most keys of a record are none of these: what a key costs
// that is not wanted is what a load costs, so each key is compared in words (a length first) and
// its value is touched only when wanted (an untouched value is skipped by the iterator).
namespace {

// The number of bytes before the next '"' or '\\'. Keys are short (a CloudTrail key is under 32
// bytes), so with AVX2 one 32-byte step finds the end of nearly all of them, without the loop
// whose exit the branch predictor keeps missing as the lengths vary; elsewhere eight bytes a step,
// with the zero-byte test of "Bit Twiddling Hacks" (its lowest set bit is exact). Reading past that
// byte, by up to 31, is covered at the buffer's end by its padding (kContentPadding).
std::size_t untilQuoteOrBackslash(const char* p)
{
#if defined(__AVX2__)
    const __m256i quote = _mm256_set1_epi8('"');
    const __m256i backslash = _mm256_set1_epi8('\\');
    for (std::size_t n = 0;; n += 32) {
        const __m256i bytes = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + n));
        const auto found = static_cast<std::uint32_t>(_mm256_movemask_epi8(
            _mm256_or_si256(_mm256_cmpeq_epi8(bytes, quote), _mm256_cmpeq_epi8(bytes, backslash))));
        if (found)
            return n + static_cast<std::size_t>(std::countr_zero(found));
    }
#else
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
    const auto zeroBytes = [](std::uint64_t x) { return (x - kOnes) & ~x & (kOnes * 0x80); };
    for (std::size_t n = 0;; n += 8) {
        std::uint64_t word;
        std::memcpy(&word, p + n, 8);
        if constexpr (std::endian::native == std::endian::big)
            word = __builtin_bswap64(word);
        const std::uint64_t found = zeroBytes(word ^ (kOnes * '"')) | zeroBytes(word ^ (kOnes * '\\'));
        if (found)
            return n + static_cast<std::size_t>(std::countr_zero(found) / 8);
    }
#endif
}

// A key as written, up to its closing quote, or up to and with its first backslash: a key written
// with an escape ends in the backslash here, and forEachField has simdjson decode it. The scan
// cannot run past the key: stage 1 of the parse has found its closing quote.
std::string_view keyText(ondemand::raw_json_string key)
{
    const char* begin = reinterpret_cast<const char*>(key.raw());
    const std::size_t n = untilQuoteOrBackslash(begin);
    return {begin, begin[n] == '"' ? n : n + 1};
}

template <std::size_t N> bool is(std::string_view key, const char (&name)[N])
{
    return key.size() == N - 1 && std::memcmp(key.data(), name, N - 1) == 0;
}

// A value that is no object (null, a string) is left as it is: On-Demand reports the wrong type
// without moving on, so no look at the type is needed first.
bool asObject(ondemand::value& v, ondemand::object& o)
{
    return !v.get_object().get(o);
}

// A string field: null counts as absent, another type is noted (the first such field is named in
// the file's problems, and `notString` is set when given), and a second occurrence is noted as a
// duplicate whose last value is kept.
simdjson::error_code readString(ondemand::value& v, std::string_view& target, const char* name, RawFields& f,
                                bool* notString = nullptr)
{
    // Nearly every value read here is a string: try that first, and look at the type only if not.
    std::string_view text;
    const simdjson::error_code error = v.get_string().get(text);
    if (!error) {
        if (target.data() && !f.duplicateField)
            f.duplicateField = name;
        target = text;
        return simdjson::SUCCESS;
    }
    if (error != simdjson::INCORRECT_TYPE)
        return error;
    ondemand::json_type t;
    if (auto typeError = v.type().get(t))
        return typeError;
    if (t != ondemand::json_type::null) {
        if (!f.wrongTypeField)
            f.wrongTypeField = name;
        if (notString)
            *notString = true;
    }
    return simdjson::SUCCESS;
}

// Each object below is walked the same way: every key read (a broken one ends the record), the
// wanted ones' values read, the others skipped.
template <class Visit> simdjson::error_code forEachField(ondemand::object& object, Visit visit)
{
    for (auto entry : object) {
        if (auto error = entry.error())
            return error;
        // By reference: copying the field out of the result made GCC move it through the stack in
        // pieces of different sizes, a store-forwarding stall on every key.
        ondemand::field& field = entry.value_unsafe();
        std::string_view key = keyText(field.key());
        // Written with an escape (rare): the name it spells, docs/detection.md (Broken input).
        if (!key.empty() && key.back() == '\\')
            if (auto error = field.unescaped_key().get(key))
                return error;
        if (auto error = visit(key, field.value()))
            return error;
    }
    return simdjson::SUCCESS;
}

// The one string `key` of an object value (responseElements.ConsoleLogin and the like).
template <std::size_t N>
simdjson::error_code readMember(ondemand::value& v, const char (&key)[N], std::string_view& target,
                                const char* name, RawFields& f)
{
    ondemand::object object;
    if (!asObject(v, object))
        return simdjson::SUCCESS;
    return forEachField(object, [&](std::string_view k, ondemand::value& member) {
        return is(k, key) ? readString(member, target, name, f) : simdjson::SUCCESS;
    });
}

// eventTime: as any string, except that another type leaves the record without a time, and is the
// field the file's problems name.
simdjson::error_code readEventTime(ondemand::value& v, RawFields& f)
{
    bool notString = false;
    if (auto error = readString(v, f.eventTime, "eventTime", f, &notString))
        return error;
    if (notString) {
        f.eventTimeNotString = true;
        f.wrongTypeField = "eventTime";
    }
    return simdjson::SUCCESS;
}

// readOnly: a boolean, or the strings "true"/"false" in any case (some exporters write them);
// anything else leaves it unknown.
simdjson::error_code readReadOnly(ondemand::value& v, RawFields& f)
{
    // A boolean nearly always: tried first, as in readString.
    bool b = false;
    const simdjson::error_code error = v.get_bool().get(b);
    if (!error) {
        f.readOnly = b ? 1 : 0;
        return simdjson::SUCCESS;
    }
    if (error != simdjson::INCORRECT_TYPE)
        return error;
    ondemand::json_type t;
    if (auto typeError = v.type().get(t))
        return typeError;
    if (t == ondemand::json_type::boolean) // an atom that starts like one but is none (`truex`)
        return error;
    if (t == ondemand::json_type::string) {
        std::string_view s;
        const simdjson::error_code stringError = v.get_string().get(s);
        f.readOnly = equalsNoCase(s, "true") ? 1 : equalsNoCase(s, "false") ? 0 : -1;
        return stringError;
    }
    return simdjson::SUCCESS;
}

simdjson::error_code readSessionContext(ondemand::value& v, RawFields& f)
{
    ondemand::object context;
    if (!asObject(v, context))
        return simdjson::SUCCESS;
    return forEachField(context, [&f](std::string_view k, ondemand::value& sv) -> simdjson::error_code {
        if (is(k, "ec2RoleDelivery")) {
            f.ec2RoleDelivery = true;
        } else if (is(k, "samlFederationData")) {
            f.samlSession = true;
        } else if (is(k, "webIdFederationData")) {
            return readMember(sv, "federatedProvider", f.webIdProvider,
                              "webIdFederationData.federatedProvider", f);
        } else if (is(k, "sessionIssuer")) {
            return readMember(sv, "userName", f.issuerUserName, "sessionIssuer.userName", f);
        } else if (is(k, "attributes")) {
            ondemand::object attributes;
            if (!asObject(sv, attributes))
                return simdjson::SUCCESS;
            return forEachField(attributes, [&f](std::string_view ak, ondemand::value& av) {
                if (is(ak, "mfaAuthenticated"))
                    return readString(av, f.mfaAuthenticated, "sessionContext.attributes.mfaAuthenticated",
                                      f);
                if (is(ak, "creationDate"))
                    return readString(av, f.sessionCreated, "sessionContext.attributes.creationDate", f);
                return simdjson::SUCCESS;
            });
        }
        return simdjson::SUCCESS;
    });
}

simdjson::error_code readUserIdentity(ondemand::value& v, RawFields& f)
{
    if (f.hasUserIdentity && !f.duplicateField)
        f.duplicateField = "userIdentity";
    f.hasUserIdentity = true;
    ondemand::object identity;
    if (!asObject(v, identity))
        return simdjson::SUCCESS;
    return forEachField(identity, [&f](std::string_view k, ondemand::value& uv) -> simdjson::error_code {
        if (is(k, "arn")) {
            f.hasUiArn = true;
            return readString(uv, f.uiArn, "userIdentity.arn", f);
        }
        if (is(k, "type"))
            return readString(uv, f.uiType, "userIdentity.type", f);
        if (is(k, "userName"))
            return readString(uv, f.uiUserName, "userIdentity.userName", f);
        if (is(k, "accountId"))
            return readString(uv, f.uiAccountId, "userIdentity.accountId", f);
        if (is(k, "invokedBy"))
            return readString(uv, f.invokedBy, "userIdentity.invokedBy", f);
        if (is(k, "accessKeyId"))
            return readString(uv, f.accessKeyId, "userIdentity.accessKeyId", f);
        if (is(k, "principalId"))
            return readString(uv, f.principalId, "userIdentity.principalId", f);
        if (is(k, "sessionContext"))
            return readSessionContext(uv, f);
        if (is(k, "identityProvider"))
            return readString(uv, f.identityProvider, "userIdentity.identityProvider", f);
        return simdjson::SUCCESS;
    });
}

// Some exporters write requestParameters as a JSON string; Splunk's field extraction would not look
// inside it either, so neither do we.
simdjson::error_code readRequestParameters(ondemand::value& v, RawFields& f)
{
    ondemand::object parameters;
    if (!asObject(v, parameters))
        return simdjson::SUCCESS;
    return forEachField(parameters, [&f](std::string_view k, ondemand::value& rv) {
        if (is(k, "sourceIdentity"))
            return readString(rv, f.sourceIdentity, "requestParameters.sourceIdentity", f);
        if (is(k, "roleArn"))
            return readString(rv, f.roleArn, "requestParameters.roleArn", f);
        if (is(k, "policyArn"))
            return readString(rv, f.policyArn, "requestParameters.policyArn", f);
        if (is(k, "roleName"))
            return readString(rv, f.targetRole, "requestParameters.roleName", f);
        if (is(k, "userName"))
            return readString(rv, f.targetUser, "requestParameters.userName", f);
        return simdjson::SUCCESS;
    });
}

} // namespace

simdjson::error_code JsonShapes::Private::readFields(ondemand::object object, RawFields& f)
{
    return forEachField(object, [&f](std::string_view k, ondemand::value& v) -> simdjson::error_code {
        if (is(k, "eventID"))
            return readString(v, f.eventId, "eventID", f);
        if (is(k, "readOnly"))
            return readReadOnly(v, f);
        if (is(k, "eventTime"))
            return readEventTime(v, f);
        if (is(k, "eventName"))
            return readString(v, f.eventName, "eventName", f);
        if (is(k, "awsRegion"))
            return readString(v, f.awsRegion, "awsRegion", f);
        if (is(k, "userAgent"))
            return readString(v, f.userAgent, "userAgent", f);
        if (is(k, "errorCode"))
            return readString(v, f.errorCode, "errorCode", f);
        if (is(k, "eventSource"))
            return readString(v, f.eventSource, "eventSource", f);
        if (is(k, "userIdentity"))
            return readUserIdentity(v, f);
        if (is(k, "sourceIPAddress"))
            return readString(v, f.sourceIp, "sourceIPAddress", f);
        if (is(k, "responseElements"))
            return readMember(v, "ConsoleLogin", f.consoleLogin, "responseElements.ConsoleLogin", f);
        if (is(k, "requestParameters"))
            return readRequestParameters(v, f);
        if (is(k, "recipientAccountId"))
            return readString(v, f.recipientAccountId, "recipientAccountId", f);
        if (is(k, "additionalEventData"))
            return readMember(v, "MFAUsed", f.mfaUsed, "additionalEventData.MFAUsed", f);
        return simdjson::SUCCESS;
    });
}

// Has the field rules derive the stored columns (docs/detection.md, Field rules: both rule sets, so
// that switching needs no re-parse) and appends the event to the file's columns.
void JsonShapes::Private::commit(const RawFields& f, std::string_view raw, std::uint8_t extraFlags)
{
    if (f.wrongTypeField) {
        ++wrongTypeRecords;
        if (!firstWrongType)
            firstWrongType = f.wrongTypeField;
    }
    if (f.duplicateField) {
        ++duplicateKeyRecords;
        if (!firstDuplicateKey)
            firstDuplicateKey = f.duplicateField;
    }
    const DerivedFields derived = deriveFields(f);
    if (!derived.time) {
        ++out->malformed;
        return;
    }

    auto& e = out->events;
    bool truncated = false;
    auto intern = [this, &truncated](std::size_t column, std::string_view v) {
        if (v.size() > kMaxFieldBytes) {
            truncated = true;
            v = utf8Prefix(v, kMaxFieldBytes);
        }
        std::uint32_t& last = lastId[column];
        if (!sameBytes(out->strings.view(last), v))
            last = out->strings.intern(v);
        return last;
    };
    e.time.push_back(*derived.time);
    const std::uint32_t userTa7 = intern(0, derived.userTa7);
    e.userTa7.push_back(userTa7);
    // The two rule sets mostly name the same user, from the same field: no second look-up then.
    const bool sameUser = derived.userLegacy.data() == derived.userTa7.data() &&
                          derived.userLegacy.size() == derived.userTa7.size();
    e.userLegacy.push_back(sameUser ? userTa7 : intern(1, derived.userLegacy));
    e.eventName.push_back(intern(2, f.eventName));
    e.eventSource.push_back(intern(3, f.eventSource));
    e.account.push_back(intern(5, derived.account));
    // A value not kept is not interned, but a long one is still reported as the kept ones are: the
    // problems of a file do not depend on what the load keeps.
    const auto tooLong = [&truncated](std::string_view v) { truncated |= v.size() > kMaxFieldBytes; };
    if (details) {
        e.region.push_back(intern(4, f.awsRegion));
        e.sourceIp.push_back(intern(6, f.sourceIp));
        e.userAgent.push_back(intern(7, f.userAgent));
    } else {
        tooLong(f.awsRegion);
        tooLong(f.sourceIp);
        tooLong(f.userAgent);
    }
    // No string is built or interned an event: the access key and the creation date pack into
    // values (credentials.h), and the tables are looked up only when a value differs from the
    // previous record's.
    if (credentials) {
        const AccessKeyId accessKey =
            AccessKeyId::of(f.accessKeyId, [&intern](std::string_view v) { return intern(11, v); });
        if (!(accessKey == lastAccessKey)) {
            lastAccessKey = accessKey;
            lastAccessKeyId = e.accessKeys.intern(accessKey);
        }
    } else {
        tooLong(f.accessKeyId);
    }
    Credential credential{intern(8, f.uiType), lastAccessKeyId, 0};
    if (!credentials) {
        tooLong(derived.sessionPrincipal);
        tooLong(derived.sessionCreated);
    } else if (!derived.sessionPrincipal.empty()) {
        const SessionKey session{intern(12, derived.sessionPrincipal),
                                 CreationDate::of(derived.sessionCreated,
                                                  [&intern](std::string_view v) { return intern(13, v); })};
        if (!(session == lastSession)) {
            lastSession = session;
            lastSessionId = e.sessions.intern(session);
        }
        credential.session = lastSessionId;
    }
    if (!(credential == lastCredential)) {
        lastCredential = credential;
        lastCredentialId = e.credentials.intern(credential);
    }
    e.credential.push_back(lastCredentialId);
    e.errorCode.push_back(intern(9, derived.errorCode));
    longFieldRecords += truncated;
    const auto offset = static_cast<std::uint32_t>(raw.data() - base);
    if (offset == wantedOffset) {
        wantedRaw = raw;
        wantedIndex = e.offset.size();
    }
    e.offset.push_back(offset);
    e.flags.push_back(derived.flags | extraFlags);
    e.principal.push_back(derived.hints);
    e.principalDetail.push_back(intern(10, derived.hintDetail));
    out->dedupKeys.push_back(derived.dedupKey);
}

} // namespace tw
