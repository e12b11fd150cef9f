// SPDX-License-Identifier: GPL-3.0-or-later

// The findings reports (HTML, Markdown, CSV, JSON with the run manifest) read back: every finding is
// there, the manifest's hashes are the files' hashes, and hostile log values stay inert text.

#include "core/analysissession.h"
#include "core/ingest/loader.h"
#include "core/lists/csvtable.h"
#include "core/report/csvreport.h"
#include "core/report/htmlreport.h"
#include "core/report/jsonreport.h"
#include "core/report/manifestjson.h"
#include "core/report/markdownreport.h"
#include "core/report/report.h"
#include "core/report/reportdata.h"
#include "core/report/reportformat.h"
#include "core/report/reportmanifest.h"
#include "core/report/reportpipeline.h"
#include "core/report/reporttext.h"
#include "core/version.h"
#include "tests/support/testsupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace tw;
using namespace Qt::StringLiterals;

namespace {

const QString kData = QStringLiteral(TRAILWARDEN_TEST_DATA);
const QString kHostile = kData + QStringLiteral("/hostile/hostile.json");
const QString kStratus = kData + QStringLiteral("/corpus/stratus-red-team");
const QString kApproved = kData + QStringLiteral("/spec/approved-wildcard.csv");

ReportData load(const QStringList& paths, const QString& approved = {}, bool hash = true)
{
    AnalysisSession session;
    if (!session.setApprovedList(approved))
        qFatal("approved list not readable");
    session.load(paths);
    session.waitForLoad();
    ManifestOptions options;
    options.hashFiles = hash;
    return buildReportData(session.store(), *session.result(),
                           buildManifest(*session.store(), *session.result(), paths, session.approvedPath(),
                                         session.approvedList(), session.identityPath(),
                                         session.identityList(), options));
}

QByteArray sha256(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
}

// Characters that must never reach a report raw: C0/C1 controls (other than the writers' own
// newlines and tabs), bidi controls, zero-width characters.
bool hasInvisible(QStringView text, bool allowNewlines)
{
    for (const QChar ch : text) {
        const char16_t c = ch.unicode();
        if (allowNewlines && (c == u'\n' || c == u'\t'))
            continue;
        if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) ||
            (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || (c >= 0x200B && c <= 0x200D) ||
            c == 0xFEFF)
            return true;
    }
    return false;
}

// Splits a Markdown table row into cells at pipes that are not backslash-escaped.
QStringList markdownCells(const QString& line)
{
    QStringList cells;
    QString cell;
    for (qsizetype i = 0; i < line.size(); ++i) {
        if (line[i] == u'\\' && i + 1 < line.size()) {
            cell += line[i];
            cell += line[++i];
        } else if (line[i] == u'|') {
            cells << cell;
            cell.clear();
        } else {
            cell += line[i];
        }
    }
    cells << cell;
    return cells;
}

} // namespace

class TestReports : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void manifestHashesWhatTheLoadRead()
    {
        // A load asked to hash (LoadOptions::hashFiles, as `scan` with a report does) hashes each
        // file's bytes as it reads them: the manifest reads nothing again, and its hash is that of the
        // bytes analysed even when the file changes or goes away afterwards.
        QTemporaryDir dir;
        const QString plain = dir.filePath(u"a.json"_s), zipped = dir.filePath(u"b.json.gz"_s);
        const QByteArray body = test::cloudTrailFile(test::cloudTrailRecord("alice", "e1"));
        QVERIFY(test::writeFile(plain, body));
        QVERIFY(
            test::writeFile(zipped, test::gzip(test::cloudTrailFile(test::cloudTrailRecord("bob", "e2")))));
        const QByteArray plainHash = sha256OfFile(plain), zippedHash = sha256OfFile(zipped);
        QCOMPARE(plainHash, QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex());

        for (const bool hashed : {true, false}) {
            QVERIFY(test::writeFile(plain, body));
            QVERIFY(test::writeFile(zipped,
                                    test::gzip(test::cloudTrailFile(test::cloudTrailRecord("bob", "e2")))));
            LoadOptions options;
            options.hashFiles = hashed;
            const auto store = loadEvents({dir.path()}, options);
            QCOMPARE(store->files.size(), std::size_t(2));
            QCOMPARE(store->files[0].sha256, hashed ? plainHash : QByteArray());
            QCOMPARE(store->files[1].sha256, hashed ? zippedHash : QByteArray());

            QByteArray changed = body;
            changed.replace("alice", "mallo");
            QVERIFY(test::writeFile(plain, changed));
            QVERIFY(QFile::remove(zipped));
            const RunManifest m = buildManifest(*store, DetectionResult{}, {dir.path()}, {}, {}, {}, {});
            QVERIFY(m.hashed);
            QCOMPARE(m.files.size(), std::size_t(2));
            if (hashed) {
                QCOMPARE(m.files[0].sha256, plainHash);
                QCOMPARE(m.files[1].sha256, zippedHash);
                QVERIFY(m.files[0].hashError.isEmpty() && m.files[1].hashError.isEmpty());
            } else { // read again: what is on disk now, or why it cannot be
                QCOMPARE(m.files[0].sha256,
                         QCryptographicHash::hash(changed, QCryptographicHash::Sha256).toHex());
                QVERIFY(m.files[1].sha256.isEmpty());
                QVERIFY(!m.files[1].hashError.isEmpty());
            }
        }
    }

    void text_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("html");
        QTest::addColumn<QString>("markdown");
        QTest::addColumn<QString>("cell");
        QTest::newRow("plain") << u"alice"_s << u"alice"_s << u"alice"_s << u"alice"_s;
        QTest::newRow("markup") << u"<a href=\"x\">'y'</a> & z"_s
                                << u"&lt;a href=&quot;x&quot;&gt;&#39;y&#39;&lt;/a&gt; &amp; z"_s
                                << u"&lt;a href=\"x\"&gt;'y'&lt;/a&gt; &amp; z"_s
                                << u"<a href=\"x\">'y'</a> & z"_s;
        QTest::newRow("formula =") << u"=1+2"_s << u"=1+2"_s << u"=1+2"_s << u"'=1+2"_s;
        QTest::newRow("formula +") << u"+1"_s << u"+1"_s << u"+1"_s << u"'+1"_s;
        QTest::newRow("formula -") << u"-1"_s << u"-1"_s << u"-1"_s << u"'-1"_s;
        QTest::newRow("formula @") << u"@x"_s << u"@x"_s << u"@x"_s << u"'@x"_s;
        QTest::newRow("leading tab") << u"\tx"_s << u"[U+0009]x"_s << u"\\[U+0009\\]x"_s << u"'[U+0009]x"_s;
        QTest::newRow("leading CR") << u"\rx"_s << u"[U+000D]x"_s << u"\\[U+000D\\]x"_s << u"'[U+000D]x"_s;
        QTest::newRow("inner minus") << u"a-b"_s << u"a-b"_s << u"a-b"_s << u"a-b"_s;
        QTest::newRow("bidi override") << u"admin\u202Egnp.exe"_s << u"admin[U+202E]gnp.exe"_s
                                       << u"admin\\[U+202E\\]gnp.exe"_s << u"admin[U+202E]gnp.exe"_s;
        QTest::newRow("bidi isolates") << u"\u2066x\u2069"_s << u"[U+2066]x[U+2069]"_s
                                       << u"\\[U+2066\\]x\\[U+2069\\]"_s << u"[U+2066]x[U+2069]"_s;
        QTest::newRow("escape sequence")
            << u"\x1b[31mred\n"_s << u"[U+001B][31mred[U+000A]"_s << u"\\[U+001B\\]\\[31mred\\[U+000A\\]"_s
            << u"[U+001B][31mred[U+000A]"_s;
        QTest::newRow("C1 and DEL") << u"a\u0085b\u007F"_s << u"a[U+0085]b[U+007F]"_s
                                    << u"a\\[U+0085\\]b\\[U+007F\\]"_s << u"a[U+0085]b[U+007F]"_s;
        QTest::newRow("markdown") << u"a|b *c* `d` [e](f) _g_ ~h~ #i $j \\k"_s
                                  << u"a|b *c* `d` [e](f) _g_ ~h~ #i $j \\k"_s
                                  << u"a\\|b \\*c\\* \\`d\\` \\[e\\](f) \\_g\\_ \\~h\\~ \\#i \\$j \\\\k"_s
                                  << u"a|b *c* `d` [e](f) _g_ ~h~ #i $j \\k"_s;
        QTest::newRow("emoji kept") << u"\U0001F600bot"_s << u"\U0001F600bot"_s << u"\U0001F600bot"_s
                                    << u"\U0001F600bot"_s;
        QTest::newRow("lone surrogate")
            << QString(QChar(0xD800)) << u"\uFFFD"_s << u"\uFFFD"_s << u"\uFFFD"_s;
    }

    void text()
    {
        QFETCH(QString, input);
        QFETCH(QString, html);
        QFETCH(QString, markdown);
        QFETCH(QString, cell);
        QCOMPARE(ReportText::html(input), html);
        QCOMPARE(ReportText::markdown(input), markdown);
        QCOMPARE(ReportText::spreadsheetCell(input), cell);
    }

    void htmlIsInert_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("flavor");
        QTest::newRow("hostile browser") << kHostile << int(HtmlFlavor::Browser);
        QTest::newRow("hostile qt") << kHostile << int(HtmlFlavor::QtRichText);
        QTest::newRow("stratus browser") << kStratus << int(HtmlFlavor::Browser);
    }

    void htmlIsInert()
    {
        QFETCH(QString, path);
        QFETCH(int, flavor);
        const ReportData data = load({path});
        QVERIFY(!data.empty());
        const QString html = htmlReport(data, HtmlFlavor(flavor));
        QVERIFY(!hasInvisible(html, true));

        // Well-formed XML, so every element and attribute can be checked: only the writer's own.
        const QSet<QString> elements = {
            u"html"_s, u"head"_s, u"meta"_s, u"title"_s, u"style"_s, u"body"_s,    u"h1"_s,
            u"h2"_s,   u"h3"_s,   u"p"_s,    u"table"_s, u"thead"_s, u"tbody"_s,   u"tr"_s,
            u"th"_s,   u"td"_s,   u"span"_s, u"a"_s,     u"div"_s,   u"section"_s, u"svg"_s,
            u"rect"_s, u"text"_s, u"br"_s,   u"pre"_s,   u"b"_s,     u"img"_s,     u"wbr"_s};
        const QSet<QString> attributes = {u"lang"_s,        u"charset"_s,
                                          u"http-equiv"_s,  u"content"_s,
                                          u"name"_s,        u"class"_s,
                                          u"id"_s,          u"href"_s,
                                          u"border"_s,      u"cellspacing"_s,
                                          u"cellpadding"_s, u"width"_s,
                                          u"height"_s,      u"viewBox"_s,
                                          u"role"_s,        u"x"_s,
                                          u"y"_s,           u"fill"_s,
                                          u"font-size"_s,   u"text-anchor"_s,
                                          u"font-family"_s, u"preserveAspectRatio"_s,
                                          u"src"_s,         u"alt"_s,
                                          u"xmlns"_s,       u"rowspan"_s,
                                          u"colspan"_s};
        QXmlStreamReader xml(html);
        QString text;
        int anchors = 0;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement()) {
                const QString name = xml.name().toString();
                QVERIFY2(elements.contains(name), qPrintable(name));
                QVERIFY(name != u"img" || flavor == int(HtmlFlavor::QtRichText));
                for (const QXmlStreamAttribute& a : xml.attributes()) {
                    QVERIFY2(attributes.contains(a.name().toString()), qPrintable(a.name().toString()));
                    if (a.name() == u"href") {
                        QVERIFY2(a.value().startsWith(u'#'), "links stay inside the report");
                        ++anchors;
                    }
                    if (a.name() == u"src")
                        QVERIFY(a.value().startsWith(u"twchart:"));
                }
            } else if (xml.isCharacters()) {
                text += xml.text();
            }
        }
        QVERIFY2(!xml.hasError(),
                 qPrintable(xml.errorString() + u" at line " + QString::number(xml.lineNumber())));
        QCOMPARE(anchors, int(data.size()));
        for (std::size_t i = 0; i < data.size(); ++i) {
            const ReportFinding f = data.finding(i);
            QVERIFY2(text.contains(ReportText::visible(f.user)), qPrintable(f.user));
            for (const QString& api : f.eventNames)
                QVERIFY(text.contains(ReportText::visible(api)));
        }
        // The manifest is in it, with every file's hash.
        for (const ManifestFile& f : data.manifest.files)
            QVERIFY(text.contains(QString::fromLatin1(f.sha256.left(32))));
        QVERIFY(text.contains(u"T1078.004"));
        QVERIFY(text.contains(u"ada0f478-84a8-4641-a3f1-d82362d4bd55"));
        QVERIFY(!html.contains(u"<script", Qt::CaseInsensitive));
    }

    void markdownTable()
    {
        const ReportData data = load({kHostile});
        const QString md = markdownReport(data);
        QVERIFY(!hasInvisible(md, true));
        QVERIFY(!md.contains(u'<'));
        const QStringList lines = md.split(u'\n');
        const qsizetype header = lines.indexOf(
            u"| # | User | Risk | Class | Events | Writes | Failed | First seen | Last seen | APIs |"_s);
        QVERIFY(header >= 0);
        QVERIFY(lines[header + 1].startsWith(u"|--:|"));
        for (std::size_t i = 0; i < data.size(); ++i) {
            const QString& line = lines[header + 2 + qsizetype(i)];
            const QStringList cells = markdownCells(line);
            QCOMPARE(cells.size(), 12); // 10 cells between 11 pipes
            QCOMPARE(cells[1].trimmed(), QString::number(i + 1));
            QCOMPARE(cells[2].trimmed(), ReportText::markdown(data.finding(i).user));
            QCOMPARE(cells[3].trimmed(), QString::number(data.finding(i).risk));
            QCOMPARE(cells[4].trimmed(), data.finding(i).principalClass);
            QCOMPARE(cells[5].trimmed(), QString::number(data.finding(i).count));
        }
        QVERIFY(lines[header + 2 + qsizetype(data.size())].isEmpty());
        for (std::size_t i = 0; i < data.size(); ++i)
            QVERIFY(md.contains(u"### " % QString::number(i + 1) % u". " %
                                ReportText::markdown(data.finding(i).user) % u'\n'));
        for (const ManifestFile& f : data.manifest.files)
            QVERIFY(md.contains(QString::fromLatin1(f.sha256)));
    }

    void csvIsSafe()
    {
        const ReportData data = load({kHostile});
        const QByteArray csv = csvReport(data);
        QString error;
        const auto table = CsvTable::parse(csv, &error);
        QVERIFY2(table, qPrintable(error));
        QCOMPARE(table->header(),
                 (QStringList{u"user"_s, u"count"_s, u"firstTime"_s, u"lastTime"_s, u"eventName"_s,
                              u"class"_s, u"classEvidence"_s, u"risk"_s, u"riskExplanation"_s,
                              u"writeCalls"_s, u"failedCalls"_s, u"sensitiveApis"_s}));
        QCOMPARE(table->rowCount(), qsizetype(data.size()));
        int neutralised = 0;
        for (qsizetype r = 0; r < table->rowCount(); ++r) {
            const ReportFinding f = data.finding(std::size_t(r));
            for (const QString& cell : table->rowFields(r)) {
                QVERIFY2(cell.isEmpty() || !QStringView(u"=+-@\t\r").contains(cell[0]), qPrintable(cell));
                QVERIFY(!hasInvisible(cell, true));
            }
            QCOMPARE(table->field(r, 0), ReportText::spreadsheetCell(f.user));
            neutralised += table->field(r, 0).startsWith(u'\'');
            QCOMPARE(table->field(r, 1), QString::number(f.count));
            QCOMPARE(table->field(r, 2), formatSplunkTime(f.firstTime));
            QCOMPARE(table->field(r, 4).split(u'\n').size(), f.eventNames.size());
            QCOMPARE(table->field(r, 5), f.principalClass);
            QCOMPARE(table->field(r, 6), ReportText::spreadsheetCell(f.classEvidence));
        }
        QCOMPARE(neutralised, 6); // = + - @ tab CR: one user each

        // Benign values: byte for byte Splunk's export.
        const ReportData stratus = load({kStratus}, {}, false);
        QCOMPARE(csvReport(stratus), QByteArray::fromStdString(findingsCsv(*stratus.store, stratus.result)));
    }

    void jsonWithManifest()
    {
        const ReportData data = load({kHostile, kStratus}, kApproved);
        const QByteArray bytes = QByteArray::fromStdString(jsonReport(data));
        for (const char c : bytes)
            QVERIFY2(static_cast<unsigned char>(c) < 0x80, "non-ASCII is written as \\u escapes");
        QJsonParseError error;
        const QJsonObject doc = QJsonDocument::fromJson(bytes, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonObject spec =
            QJsonDocument::fromJson(QByteArray::fromStdString(findingsJson(*data.store, data.result)))
                .object();
        QJsonObject summary = doc[u"summary"].toObject();
        // The one key beyond docs/detection.md (Output): what the suppression rules hid.
        QCOMPARE(summary.take(u"suppressed").toInteger(-1), qint64(data.result.suppressed));
        QCOMPARE(QJsonValue(summary), spec[u"summary"]);
        QCOMPARE(doc[u"findings"], spec[u"findings"]);
        QCOMPARE(doc.keys(), (QStringList{u"findings"_s, u"manifest"_s, u"summary"_s}));

        const QJsonObject m = doc[u"manifest"].toObject();
        QCOMPARE(m[u"version"].toString(), QStringLiteral(TRAILWARDEN_VERSION));
        QCOMPARE(m[u"rules"].toString(), u"ta7"_s);
        QCOMPARE(m[u"inputs"].toArray().size(), 2);
        const QJsonObject files = m[u"files"].toObject();
        QVERIFY(files[u"hashed"].toBool());
        const QJsonArray list = files[u"list"].toArray();
        QCOMPARE(list.size(), qsizetype(data.store->files.size()));
        QCOMPARE(files[u"count"].toInteger(), qint64(data.store->counts.files));
        qint64 bytesSum = 0;
        for (const auto& v : list) {
            const QJsonObject f = v.toObject();
            const QString path = f[u"path"].toString();
            QCOMPARE(f[u"sha256"].toString().toLatin1(), sha256(path));
            QCOMPARE(f[u"bytes"].toInteger(), QFileInfo(path).size());
            bytesSum += f[u"bytes"].toInteger();
        }
        QCOMPARE(files[u"bytes"].toInteger(), bytesSum);
        const QJsonObject events = m[u"events"].toObject();
        QCOMPARE(events[u"read"].toInteger(), qint64(data.store->counts.events));
        QCOMPARE(events[u"firstTime"].toString(), u"2024-07-30T21:31:10"_s);
        QCOMPARE(events[u"lastTime"].toString(), u"2026-01-03T23:03:00"_s);
        QCOMPARE(events[u"excluded"].toInteger(), doc[u"summary"][u"excluded"].toInteger());
        const QJsonObject approved = m[u"approved"].toObject();
        QCOMPARE(approved[u"path"].toString(), kApproved);
        QCOMPARE(approved[u"sha256"].toString().toLatin1(), sha256(kApproved));
        QCOMPARE(approved[u"entries"].toInt(), 1);
        QVERIFY(m[u"identities"].isNull());
        QCOMPARE(m[u"suppressions"].toArray().size(), 0);
        QVERIFY(QDateTime::fromString(m[u"generated"].toString(), Qt::ISODate).isValid());
        QVERIFY(!m[u"timeZone"].toString().isEmpty());
        // Hostile values come back exactly.
        QSet<QString> users;
        for (const auto& f : doc[u"findings"].toArray())
            users << f.toObject()[u"user"].toString();
        QVERIFY(users.contains(u"admin\u202Egnp.exe"_s));
        QVERIFY(users.contains(u"bell\u0007esc\u001b[31mred\nnewline"_s));
    }

    // The manifest's files are written one at a time into a document dumped once around them (the
    // JSON report's and the manifest file's): the text must be exactly one dump of the whole, for
    // every layout, with paths that need escaping, and with inputs named like the placeholders.
    void manifestFilesStreamedAsOneDump()
    {
        using json = nlohmann::ordered_json;
        ReportData data = load({kHostile, kStratus}, kApproved);
        QVERIFY(!data.result.findings.empty());
        RunManifest& m = data.manifest;
        const QStringList odd{u"/q\"uote\\back/slash.json"_s,
                              u"/ctl\u0001\t\n\u007f.json"_s,
                              u"/caf\u00e9/\U0001F600.json"_s,
                              u"/lone-"_s + QChar(0xD800) + u".json"_s,
                              u"\u0001trailwarden-manifest-files\u0001"_s,
                              u"\u0001trailwarden-findings\u0001"_s,
                              u"/plain/AWSLogs/1/CloudTrail/x.json.gz"_s,
                              u"/a\"quote.json"_s,
                              u"/a\\backslash.json"_s,
                              u"/a\u007fdelete.json"_s,
                              u"/a\u001fcontrol.json"_s};
        for (const QString& path : odd) {
            m.files.push_back({path, 12, "00ff", path.size() % 2 ? u"gone \"\u00e9\""_s : QString()});
            m.inputs << path;
        }
        // An input named like a placeholder and alone in its list looks like one to the splice:
        // only the placeholder's random number tells them apart.
        for (const QStringList& inputs :
             {m.inputs, QStringList{u"\u0001trailwarden-manifest-files\u0001"_s}}) {
            m.inputs = inputs;
            for (const bool hashed : {true, false}) {
                m.hashed = hashed;
                for (const int indent : {-1, 0, 1, 2, 4}) {
                    const std::string whole =
                        manifestJsonValue(m).dump(indent, ' ', false, json::error_handler_t::replace);
                    QCOMPARE(manifestJson(m, indent), whole);
                    for (const bool ascii : {false, true}) {
                        std::string text;
                        QVERIFY(writeFindingsJson(*data.store, data.result, &m, indent, ascii,
                                                  [&text](std::string_view piece) {
                                                      text += piece;
                                                      return true;
                                                  }));
                        const json doc = json::parse(text);
                        QCOMPARE(doc.dump(indent, ' ', ascii) + '\n', text);
                        QVERIFY(doc["manifest"] == manifestJsonValue(m));
                        QVERIFY(doc["findings"] ==
                                json::parse(findingsJson(*data.store, data.result))["findings"]);
                    }
                }
            }
        }
        m.files.clear();
        QCOMPARE(manifestJson(m, 2),
                 manifestJsonValue(m).dump(2, ' ', false, json::error_handler_t::replace));
    }

    void suppressionsInTheManifest()
    {
        QTemporaryDir dir;
        const QString rules = dir.filePath(u"aws_service_accounts.suppressions.json"_s);
        QFile f(rules);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(
            R"({"version": 1, "rules": [{"id": "markup", "description": "<b>lab</b> users", "user": "*<*"}]})");
        f.close();
        AnalysisSession session;
        QVERIFY(session.setSuppressionsPath(rules));
        session.load({kHostile});
        session.waitForLoad();
        const auto result = session.result();
        QVERIFY(result->suppressed > 0);
        RunManifest manifest = buildManifest(*session.store(), *result, {kHostile}, {}, {}, {}, {});
        addSuppressions(manifest, session.suppressionsPath(), session.suppressions(), *result);
        const ReportData data = buildReportData(session.store(), *result, manifest);
        const QJsonObject m =
            QJsonDocument::fromJson(QByteArray::fromStdString(manifestJson(data.manifest))).object();
        QCOMPARE(m[u"suppressed"].toInteger(), qint64(result->suppressed));
        QCOMPARE(m[u"suppressions"][0][u"id"].toString(), u"markup"_s);
        QCOMPARE(m[u"suppressions"][0][u"hidden"].toInteger(), qint64(result->suppressed));
        QCOMPARE(m[u"suppressionFile"][u"sha256"].toString().toLatin1(), sha256(rules));
        const QString html = htmlReport(data);
        QVERIFY(html.contains(u"markup \u2014 &lt;b&gt;lab&lt;/b&gt; users: hid "_s));
        QVERIFY(markdownReport(data).contains(u"markup \u2014 &lt;b&gt;lab&lt;/b&gt; users: hid "_s));
    }

    void manifestWithoutHashes()
    {
        const ReportData data = load({kStratus}, {}, false);
        QVERIFY(!data.manifest.hashed);
        for (const ManifestFile& f : data.manifest.files)
            QVERIFY(f.sha256.isEmpty());
        const QJsonObject m =
            QJsonDocument::fromJson(QByteArray::fromStdString(manifestJson(data.manifest))).object();
        QVERIFY(!m[u"files"][u"hashed"].toBool());
        QVERIFY(!m[u"files"][u"list"][0].toObject().contains(u"sha256"));
    }

    void detailsAndSelection()
    {
        const ReportData all = load({kStratus});
        // Details come from the events grouped in one pass: they must agree with the per-user drill-down.
        for (std::size_t i = 0; i < all.size(); ++i) {
            const ReportFinding f = all.finding(i);
            const auto events = eventsOfUser(*all.store, all.result.rules, all.result.findings[i].user);
            QCOMPARE(quint64(events.size()), f.count);
            QCOMPARE(f.readOnly + f.write + f.readUnknown, f.count);
            quint64 inChart = 0, inRegions = 0;
            for (quint32 c : f.activity)
                inChart += c;
            for (const Tally& t : f.regions)
                inRegions += t.count;
            QCOMPARE(inChart, f.count);
            QVERIFY(inRegions <= f.count);
        }
        QVERIFY(all.axis.buckets > 0 && all.axis.buckets <= 96);

        // A view's selection: only those rows, in the view's order.
        std::vector<std::uint32_t> users{all.result.findings[2].user, all.result.findings[0].user};
        const ReportData some = buildReportData(all.store, selectFindings(all.result, users), all.manifest);
        QCOMPARE(some.size(), std::size_t(2));
        QCOMPARE(some.finding(0).user, all.finding(2).user);
        QCOMPARE(some.finding(1).user, all.finding(0).user);
        QCOMPARE(some.manifest.reported, quint64(2));
        QCOMPARE(some.manifest.findings, quint64(all.size()));
    }

    void emptyReport()
    {
        const ReportData data = load({kData + QStringLiteral("/spec/errorcode-present.json")}, {}, true);
        ReportData none = buildReportData(data.store, selectFindings(data.result, {}), data.manifest);
        QVERIFY(htmlReport(none).contains(u"No user made successful API calls"));
        QVERIFY(markdownReport(none).contains(u"No user made successful API calls"));
        QCOMPARE(
            csvReport(none),
            QByteArray(
                "user,count,firstTime,lastTime,eventName,class,classEvidence,risk,riskExplanation,writeCalls,"
                "failedCalls,sensitiveApis\n"));
    }

    // A selection keeps each finding's "approval expired" with its finding (expiredApproval is
    // parallel to findings), in the selection's order and length.
    void selectionKeepsExpiredApprovals()
    {
        QTemporaryDir dir;
        const QString approved = dir.filePath(u"approved.csv"_s);
        QFile csv(approved);
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("identity,expires\nchristophe,2020-01-01\n");
        csv.close();
        AnalysisSession session;
        QVERIFY(session.setApprovedList(approved));
        session.load({kStratus});
        session.waitForLoad();
        const DetectionResult& all = *session.result();
        QCOMPARE(all.expiredApproval.size(), all.findings.size());
        std::vector<std::uint32_t> users;
        std::size_t christophe = all.findings.size();
        for (std::size_t i = all.findings.size(); i-- > 0;) {
            users.push_back(all.findings[i].user);
            if (!all.expiredApproval[i].isEmpty())
                christophe = i;
        }
        QVERIFY2(christophe < all.findings.size(), "the expired approval did not mark its finding");
        QVERIFY(christophe + 1 < all.findings.size()); // so that reversing moves it
        users.push_back(0xFFFFFFFFu);                  // no such finding: skipped
        const DetectionResult shown = selectFindings(all, users);
        QCOMPARE(shown.findings.size(), all.findings.size());
        QCOMPARE(shown.expiredApproval.size(), shown.findings.size());
        for (std::size_t i = 0; i < shown.findings.size(); ++i)
            QCOMPARE(shown.expiredApproval[i].isEmpty(),
                     shown.findings[i].user != all.findings[christophe].user);
    }

    // Every event of a finding is in its chart, however long the findings' time range: a forged
    // time a century away widens the bars instead of falling off the end of the axis.
    void activityAxisHoldsEveryEvent()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"century.json"_s);
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        auto record = [](const char* time, const char* user) -> QByteArray {
            return QByteArray(
                       "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\",\"userName\":\"") +
                   user + "\",\"accountId\":\"111122223333\"},\"eventTime\":\"" + time +
                   "\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"ListBuckets\",\"awsRegion\":"
                   "\"us-east-1\",\"sourceIPAddress\":\"198.51.100.1\",\"userAgent\":\"aws-cli\",\"eventID\":"
                   "\"" +
                   time + user + "\",\"readOnly\":true}";
        };
        f.write("{\"Records\":[" + record("1900-01-01T00:00:00Z", "alice") + "," +
                record("2026-10-01T00:00:00Z", "alice") + "," + record("2026-10-02T00:00:00Z", "bob") + "]}");
        f.close();
        const ReportData data = load({path});
        QCOMPARE(data.size(), 2u);
        quint64 overview = 0, all = 0;
        for (quint32 n : data.overview())
            overview += n;
        for (std::size_t i = 0; i < data.size(); ++i) {
            quint64 charted = 0;
            for (quint32 n : data.activity(i))
                charted += n;
            QCOMPARE(charted, data.result.findings[i].count);
            all += data.result.findings[i].count;
        }
        QCOMPARE(overview, all);
        QVERIFY(data.axis.buckets <= 96);
        QVERIFY2(data.axis.unit().endsWith(u"years"), qPrintable(data.axis.unit()));
    }

    // The format enum lives in core; the CLI's names and the dialog's suffixes map onto it.
    void formats()
    {
        QCOMPARE(reportFormatFromName(u"html"), ReportFormat::Html);
        QCOMPARE(reportFormatFromName(u"pdf"), ReportFormat::Pdf);
        QCOMPARE(reportFormatFromName(u"md"), ReportFormat::Markdown);
        QCOMPARE(reportFormatFromName(u"markdown"), ReportFormat::Markdown);
        QCOMPARE(reportFormatFromName(u"csv"), ReportFormat::Csv);
        QCOMPARE(reportFormatFromName(u"json"), ReportFormat::Json);
        QVERIFY(!reportFormatFromName(u"table"));
        QVERIFY(!reportFormatFromName(u"csv-raw"));
        QVERIFY(!reportFormatFromName(u"HTML"));
        for (ReportFormat f : kReportFormats) {
            QCOMPARE(reportFormatForPath(u"/x/report."_s + reportFormatSuffix(f).toUpper()), f);
            QVERIFY(reportFormatLabel(f).contains(u"*."_s + reportFormatSuffix(f)));
        }
        QCOMPARE(reportFormatForPath(u"r.htm"_s), ReportFormat::Html);
        QCOMPARE(reportFormatForPath(u"r.markdown"_s), ReportFormat::Markdown);
        QCOMPARE(reportFormatForPath(u"report"_s), ReportFormat::Html);
    }

    // The pipeline writes what the writers stream, through the atomic writer: a CSV with its manifest
    // beside it when asked; a target it may not replace is an error naming the file, the old file
    // stays; a PDF without the pdf library is refused, not written empty.
    void pipeline()
    {
        AnalysisSession session;
        session.load({kHostile});
        session.waitForLoad();
        ReportRequest request = session.reportRequest();
        request.inputs = {kHostile};
        const ReportData data = prepareReport(request);
        QCOMPARE(data.size(), session.result()->findings.size());
        QCOMPARE(data.manifest.inputs, QStringList{QFileInfo(kHostile).absoluteFilePath()});

        QTemporaryDir dir;
        const QString html = dir.filePath(u"r.html"_s);
        QCOMPARE(writeReportFile(html, data, ReportFormat::Html), QString());
        ReportBuffer buffer;
        QCOMPARE(renderReport(data, ReportFormat::Html, buffer.sink()), QString());
        QFile f(html);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), buffer.bytes());

        const QString csv = dir.filePath(u"r.csv"_s);
        QCOMPARE(writeReportFile(csv, data, ReportFormat::Csv, {nullptr, true}), QString());
        QFile sidecar(manifestSidecarPath(csv));
        QVERIFY(sidecar.open(QIODevice::ReadOnly));
        QCOMPARE(sidecar.readAll(), manifestFileBytes(data.manifest));

        const QString folder = dir.filePath(u"folder.json"_s);
        QVERIFY(QDir(dir.path()).mkdir(u"folder.json"_s));
        const QString error = writeReportFile(folder, data, ReportFormat::Json);
        QVERIFY2(error.startsWith(folder), qPrintable(error));
        QVERIFY(QFileInfo(folder).isDir());

        const QString pdf = dir.filePath(u"r.pdf"_s);
        QVERIFY(!writeReportFile(pdf, data, ReportFormat::Pdf).isEmpty());
        QVERIFY(!QFile::exists(pdf));
    }

    void cli_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QByteArray>("start");
        QTest::newRow("html") << u"html"_s << QByteArray("<!DOCTYPE html>");
        QTest::newRow("md") << u"md"_s << QByteArray("# AWS API activity");
        QTest::newRow("csv") << u"csv"_s
                             << QByteArray("user,count,firstTime,lastTime,eventName,class,classEvidence,risk,"
                                           "riskExplanation,writeCalls,"
                                           "failedCalls,sensitiveApis\n");
        QTest::newRow("csv-raw") << u"csv-raw"_s
                                 << QByteArray(
                                        "user,count,firstTime,lastTime,eventName,class,classEvidence,risk,"
                                        "riskExplanation,writeCalls,failedCalls,sensitiveApis\n");
        QTest::newRow("json") << u"json"_s << QByteArray("{");
    }

    void cli()
    {
        QFETCH(QString, format);
        QFETCH(QByteArray, start);
        QTemporaryDir dir;
        const QString out = dir.filePath(u"report"_s), manifest = dir.filePath(u"manifest.json"_s);
        QProcess p;
        p.start(QStringLiteral(TRAILWARDEN_CLI), {u"scan"_s, u"--quiet"_s, u"--format"_s, format,
                                                  u"--output"_s, out, u"--manifest"_s, manifest, kHostile});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QVERIFY2(bytes.startsWith(start), bytes.left(80).constData());
        if (format == u"csv-raw") // the unchanged values, formulas and all, for re-import
            QVERIFY(bytes.contains("\n\"=HYPERLINK("));
        else if (format == u"csv")
            QVERIFY(bytes.contains("\n\"'=HYPERLINK("));
        QVERIFY(format == u"csv-raw" || !bytes.contains("\n\"=HYPERLINK("));
        QFile m(manifest);
        QVERIFY(m.open(QIODevice::ReadOnly));
        const QJsonObject doc = QJsonDocument::fromJson(m.readAll()).object();
        QCOMPARE(doc[u"files"][u"list"][0][u"sha256"].toString().toLatin1(), sha256(kHostile));
    }
};

QTEST_GUILESS_MAIN(TestReports)
#include "tst_reports.moc"
