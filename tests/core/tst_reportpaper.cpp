// SPDX-License-Identifier: GPL-3.0-or-later

// Reports on paper (issue 15, the review's polish list): a user name is never broken in the middle
// of a word, only where a word ends (after '-', '_', ':' …, or between "Account" and "Access"), in
// the PDF and in the HTML printed by a browser. No table row of the PDF is split across a page
// break, a page that continues the findings table starts with its header rows, and no heading ends a
// page. Read back with pdftotext -raw (content order: one cell's lines together), pages separated by
// form feeds. In a report of a big load (1,005 findings, counts in the millions) no number of the
// findings table wraps, in the PDF or the printed HTML: read back with pdftotext -layout (lines as
// on the page).

#include "core/analysissession.h"
#include "core/detection/sensitiveapis.h"
#include "core/lists/reviewfile.h"
#include "core/report/htmlreport.h"
#include "core/report/pdf/pdfreport.h"
#include "core/report/reporttext.h"
#include "tests/support/testsupport.h"

#include <QFile>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <optional>

using namespace tw;
using namespace Qt::StringLiterals;

namespace {

// Names as AWS makes them, long enough to wrap in a table column, and the number of APIs each
// calls (rows of different heights, so that some would straddle a page break).
struct User
{
    QString name;
    int apis;
};

QList<User> users()
{
    QList<User> out;
    for (int i = 0; i < 12; ++i) {
        const QString n = QString::number(i).rightJustified(2, u'0');
        out << User{u"cdk-hnb659fds-cfn-exec-role-1234567890"_s + n + u"-us-east-1"_s, 1 + (i * 7) % 9}
            << User{u"AWSReservedSSO_AdministratorAccess_c511859ee2afe2"_s + n, 3 + (i * 5) % 11}
            << User{u"OrganizationAccountAccessRole"_s + n, 2 + (i * 3) % 8}
            << User{u"stacksets-exec-47ffb200d137a899bd0ee1c34de51f"_s + n, 12};
    }
    return out;
}

// API names that only this user calls: the row's last API in the table is found nowhere else
// before the finding details.
QString api(int user, int j)
{
    return u"DescribeWidget"_s + QString::number(user).rightJustified(2, u'0') + u"Part"_s +
           QString::number(j).rightJustified(2, u'0');
}

QByteArray events()
{
    QByteArray d;
    int id = 0;
    const QList<User> all = users();
    for (int u = 0; u < all.size(); ++u)
        for (int j = 0; j < all[u].apis; ++j)
            d += test::cloudTrailRecord(test::Record{all[u].name.toUtf8(), "p-" + QByteArray::number(++id),
                                                     R"(,"readOnly":true)", "2026-01-02T03:04:05Z",
                                                     api(u, j).toUtf8(), "ec2.amazonaws.com"}) +
                 '\n';
    return d;
}

// Many findings of many heights, for the pagination: rows with 1 to 15 APIs and up to 3 sensitive
// ones (which the table always shows), a finding with kHugeApis APIs (its details' APIs row is taller
// than a page) and a forged user name of 4,000 characters (the reader keeps 4,096 bytes of a value)
// that called every sensitive API of the catalogue, all of which the table shows: its findings row
// is taller than a page.
constexpr int kWideUsers = 120;
constexpr int kHugeApis = 1500;

QString wideUser(int u)
{
    return u"pipeline-role-"_s + QString::number(u).rightJustified(4, u'0') + u"-eu"_s;
}

int wideApis(int u)
{
    return 1 + (u * 7) % 15;
}

int wideSensitive(int u)
{
    return u % 4;
}

QString wideApi(int u, int j)
{
    return u"ListGadget"_s + QString::number(u).rightJustified(4, u'0') + u"Part"_s +
           QString::number(j).rightJustified(2, u'0');
}

QString hugeUser()
{
    return u"huge-api-list-role"_s;
}

QString hugeApi(int j)
{
    return u"GetHugeThing"_s + QString::number(j).rightJustified(4, u'0');
}

QString forgedUser()
{
    QString name = u"forged"_s;
    for (int k = 0; k < 665; ++k)
        name += u"-k"_s + QString::number(k).rightJustified(4, u'0');
    return name;
}

QByteArray wideEvents()
{
    static const std::pair<QByteArray, QByteArray> sensitive[] = {
        {"cloudtrail.amazonaws.com", "StopLogging"},
        {"iam.amazonaws.com", "CreateAccessKey"},
        {"secretsmanager.amazonaws.com", "GetSecretValue"}};
    QByteArray d;
    int id = 0;
    const auto add = [&](const QString& user, const QByteArray& source, const QString& name) {
        d += test::cloudTrailRecord(test::Record{user.toUtf8(), "w-" + QByteArray::number(++id),
                                                 R"(,"readOnly":false)", "2026-01-02T03:04:05Z",
                                                 name.toUtf8(), source}) +
             '\n';
    };
    for (int u = 0; u < kWideUsers; ++u) {
        for (int j = 0; j < wideApis(u); ++j)
            add(wideUser(u), "ec2.amazonaws.com", wideApi(u, j));
        for (int k = 0; k < wideSensitive(u); ++k)
            add(wideUser(u), sensitive[k].first, QString::fromLatin1(sensitive[k].second));
    }
    for (int j = 0; j < kHugeApis; ++j)
        add(hugeUser(), "ec2.amazonaws.com", hugeApi(j));
    for (const SensitiveApi& api : builtinSensitiveApis().apis)
        add(forgedUser(), api.eventSource, QString::fromUtf8(api.eventName));
    return d;
}

// A report of a big load: more than a thousand findings (four-digit rank numbers) with counts in
// the millions. One event each is enough for the findings; their counts are then set as a load of
// millions of events would have them, which the findings table shows as they are. Every third is
// as an imported engine result has it: risk, writes and failed "not available".
constexpr int kBulkUsers = 1005;

QString bulkUser(int u)
{
    return u"bulk-user-"_s + QString::number(u).rightJustified(4, u'0');
}

QByteArray bulkEvents()
{
    QByteArray d;
    for (int u = 0; u < kBulkUsers; ++u)
        d += test::cloudTrailRecord(test::Record{bulkUser(u).toUtf8(), "b-" + QByteArray::number(u),
                                                 R"(,"readOnly":false)", "2026-01-02T03:04:05Z",
                                                 "RunInstances", "ec2.amazonaws.com"}) +
             '\n';
    return d;
}

void setBulkCounts(ReportData& data)
{
    for (std::size_t i = 0; i < data.result.findings.size(); ++i) {
        UserActivity& a = data.result.findings[i];
        a.count = 12'345'678 + i;
        a.writeCount = 1'234'567 + i;
        a.failedCount = 7'654'321 + i;
        a.risk = 100 + static_cast<int>(i % 900);
        a.riskKnown = i % 3 != 1;
    }
}

ReportData load(const QString& path)
{
    AnalysisSession session;
    session.load({path});
    session.waitForLoad();
    return buildReportData(session.store(), *session.result(),
                           buildManifest(*session.store(), *session.result(), {path}, {}, {}, {}, {}));
}

// The pages of a PDF as pdftotext -raw reads them.
QStringList pdfPages(const QString& pdf)
{
    QProcess p;
    p.start(u"pdftotext"_s, {u"-raw"_s, u"-enc"_s, u"UTF-8"_s, pdf, u"-"_s});
    p.waitForFinished(60000);
    return QString::fromUtf8(p.readAllStandardOutput()).split(u'\f');
}

// The text of a PDF as pdftotext -layout reads it: lines as they are on the page, so that a cell's
// text broken over two lines shows as two.
QStringList layoutLines(const QString& pdf)
{
    QProcess p;
    p.start(u"pdftotext"_s, {u"-layout"_s, u"-enc"_s, u"UTF-8"_s, pdf, u"-"_s});
    p.waitForFinished(120000);
    return QString::fromUtf8(p.readAllStandardOutput()).split(u'\n');
}

// A page's lines without its footer ("… page N of M"); nullopt when it has none.
std::optional<QStringList> pageLines(const QString& page)
{
    QStringList lines;
    for (const QString& line : page.split(u'\n'))
        if (!line.trimmed().isEmpty())
            lines << line.trimmed();
    static const QRegularExpression footer(u"page \\d+ of \\d+$"_s);
    if (lines.isEmpty() || !footer.match(lines.last()).hasMatch())
        return std::nullopt;
    lines.removeLast();
    return lines;
}

QString compact(QString text)
{
    static const QRegularExpression space(u"\\s+"_s);
    return text.remove(space);
}

bool endsWord(const QString& name, qsizetype i)
{
    static const QString separators = u"-_.:/@"_s;
    return separators.contains(name[i]) ||
           (i + 1 < name.size() && name[i].isLower() && name[i + 1].isUpper());
}

// name with white space (a line break) allowed anywhere, and only where a word ends.
QRegularExpression anyBreak(const QString& name)
{
    QStringList chars;
    for (const QChar c : name)
        chars << QRegularExpression::escape(QString(c));
    return QRegularExpression(chars.join(u"\\s*"_s));
}

QRegularExpression wordBreaks(const QString& name)
{
    QString pattern;
    for (qsizetype i = 0; i < name.size(); ++i) {
        pattern += QRegularExpression::escape(QString(name[i]));
        if (i + 1 < name.size() && endsWord(name, i))
            pattern += u"\\s*"_s;
    }
    return QRegularExpression(pattern);
}

int matches(const QString& text, const QRegularExpression& re)
{
    int n = 0;
    for (auto it = re.globalMatch(text); it.hasNext(); it.next())
        ++n;
    return n;
}

// Every occurrence of every user's name in the pages is broken, if at all, only where a word ends;
// and each is found at least once.
void checkNamesWhole(const QStringList& pages)
{
    const QString text = pages.join(u'\n');
    for (const User& u : users()) {
        const int loose = matches(text, anyBreak(u.name));
        const int strict = matches(text, wordBreaks(u.name));
        QVERIFY2(strict > 0, qPrintable(u.name));
        QVERIFY2(
            loose == strict,
            qPrintable(
                u"%1: %2 of %3 occurrences broken mid-word"_s.arg(u.name).arg(loose - strict).arg(loose)));
    }
}

QString findChromium()
{
    for (const QString& name : {u"chromium"_s, u"chromium-browser"_s, u"google-chrome"_s})
        if (const QString path = QStandardPaths::findExecutable(name); !path.isEmpty())
            return path;
    return {};
}

int firstPage(const QStringList& pages, const QRegularExpression& re)
{
    for (int i = 0; i < pages.size(); ++i)
        if (re.match(pages[i]).hasMatch())
            return i;
    return -1;
}

QString writeTemp(QTemporaryDir& dir, const QString& name, const QByteArray& bytes)
{
    const QString path = dir.filePath(name);
    return test::writeFile(path, bytes) ? path : QString();
}

} // namespace

class TestReportPaper : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_logs;

    // html as Chromium prints it (its default paper); the PDF's path, empty when it failed.
    QString printed(const QString& chromium, const QString& html, const QString& name)
    {
        const QString file = writeTemp(m_dir, name + u".html"_s, html.toUtf8());
        const QString pdf = m_dir.filePath(name + u".pdf"_s);
        QProcess p;
        p.start(chromium,
                {u"--headless"_s, u"--no-sandbox"_s, u"--disable-gpu"_s, u"--no-pdf-header-footer"_s,
                 u"--print-to-pdf="_s + pdf, QUrl::fromLocalFile(file).toString()});
        if (!p.waitForFinished(120000) || !QFile::exists(pdf)) {
            qWarning("%s", p.readAllStandardError().constData());
            return {};
        }
        return pdf;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_logs = writeTemp(m_dir, u"names.jsonl"_s, events());
        QVERIFY(!m_logs.isEmpty());
        if (QStandardPaths::findExecutable(u"pdftotext"_s).isEmpty())
            QSKIP("pdftotext (poppler-utils) is needed to read the reports back");
    }

    // The PDF: names whole (on paper a name has the table's width), and every findings row on one
    // page: its user name and its last API (the end of the row) are on the same page.
    void pdfRowsAndNames()
    {
        const ReportData data = load(m_logs);
        QCOMPARE(data.size(), std::size_t(users().size()));
        const PdfDocument document = pdfReport(data);
        QVERIFY2(document.ok(), qPrintable(document.error));
        const QString pdf = writeTemp(m_dir, u"report.pdf"_s, document.bytes);
        QVERIFY(!pdf.isEmpty());
        const QStringList pages = pdfPages(pdf);
        checkNamesWhole(pages);

        const QList<User> all = users();
        QSet<int> tablePages;
        for (int u = 0; u < all.size(); ++u) {
            const int start = firstPage(pages, wordBreaks(all[u].name));
            // The table shows a finding's first six APIs (alphabetical): the last of them ends the row.
            const int shown = std::min(all[u].apis, 6);
            const int end =
                firstPage(pages, QRegularExpression(QRegularExpression::escape(api(u, shown - 1))));
            QVERIFY2(start >= 0 && start == end,
                     qPrintable(u"the row of %1 starts on page %2 and ends on page %3"_s.arg(all[u].name)
                                    .arg(start + 1)
                                    .arg(end + 1)));
            tablePages.insert(start);
        }
        // The findings table spans pages, so that page breaks were there to be handled.
        QVERIFY2(tablePages.size() >= 3, qPrintable(QString::number(tablePages.size())));
    }

    // With a Review column (scan --review) the APIs column was narrower than the longest API names
    // of the bundled sample, so Qt broke every cell anywhere: "PutBucketPublicAccessBl|ock",
    // "AuthorizeSecurityGroupI|ngress". On paper the marks follow the user name on its own row.
    void pdfApiNamesWholeWithReview()
    {
        ReportData data = load(test::sampleDir() + u"/AWSLogs"_s);
        QVERIFY(data.size() > 10);
        data.review.resize(data.size());
        int escalated = 0;
        for (std::size_t i = 0; i < data.size(); ++i) {
            data.review[i].since.isNew = i % 2 == 0;
            data.review[i].status = i % 3 ? TriageStatus::Investigating : TriageStatus::Escalated;
            escalated += i % 3 ? 0 : 1;
        }
        const PdfDocument document = pdfReport(data);
        QVERIFY2(document.ok(), qPrintable(document.error));
        const QString pdf = writeTemp(m_dir, u"review.pdf"_s, document.bytes);
        QVERIFY(!pdf.isEmpty());
        const QString text = pdfPages(pdf).join(u'\n');
        const qsizetype start = text.indexOf(u"\nFindings\n"_s), end = text.indexOf(u"\nFinding details\n"_s);
        QVERIFY(start >= 0 && end > start);
        const QString table = text.mid(start, end - start);
        // An API name broken over two lines is found in the table only once its lines are joined.
        QString joined = table;
        joined.remove(u'\n');
        static const QRegularExpression name(u"[A-Z][A-Za-z0-9]{11,}"_s);
        QStringList broken;
        for (std::size_t i = 0; i < data.size(); ++i)
            for (const QString& entry : data.headline(i).apis)
                for (auto m = name.globalMatch(entry); m.hasNext();) {
                    const QString api = m.next().captured();
                    if (joined.count(api) > table.count(api) && !broken.contains(api))
                        broken << api;
                }
        QVERIFY2(broken.isEmpty(), qPrintable(broken.join(u", ")));
        // Every finding's marks are in the table.
        QCOMPARE(table.count(u"status: Escalated"_s), escalated);
        QCOMPARE(table.count(u"status: Investigating"_s), int(data.size()) - escalated);
        QCOMPARE(table.count(u" · new · status: "_s), int(data.size() + 1) / 2);
    }

    // Pagination (issue 15): with findings rows and details of many heights, several page breaks
    // fall inside the findings table. No row is split (user name and last API on one page), every
    // page that continues the table starts with its header rows, no page ends with a heading, and
    // no finding is lost or printed twice: each name is found once in the table, header repeats
    // excluded. A row taller than a page is still printed whole, across pages: the forged name once
    // in the table, each of the 1,500 APIs once in the details.
    void pdfPagination()
    {
        const QString logs = writeTemp(m_dir, u"wide.jsonl"_s, wideEvents());
        QVERIFY(!logs.isEmpty());
        const ReportData data = load(logs);
        QCOMPARE(data.size(), std::size_t(kWideUsers + 2));
        const PdfDocument document = pdfReport(data);
        QVERIFY2(document.ok(), qPrintable(document.error));
        const QString pdf = writeTemp(m_dir, u"wide.pdf"_s, document.bytes);
        QVERIFY(!pdf.isEmpty());
        QStringList pages = pdfPages(pdf);
        if (!pages.isEmpty() && pages.last().trimmed().isEmpty())
            pages.removeLast();

        const QString header = u"# User Risk Class Events Writes Failed First / last seen APIs"_s;
        static const QRegularExpression heading(
            u"^(Activity of the reported findings|Findings|Finding "
            u"details|Detection|Run manifest|Files read|\\d+\\. \\S+)$"_s);
        QString table; // the findings table's text, all its pages, without the repeated headers
        QString text;  // everything, without the footers
        int continued = 0;
        enum { Before, In, After } state = Before;
        for (int i = 0; i < pages.size(); ++i) {
            const std::optional<QStringList> footed = pageLines(pages[i]);
            QVERIFY2(footed, qPrintable(u"page %1 has no footer"_s.arg(i + 1)));
            const QStringList& lines = *footed;
            QVERIFY2(!lines.isEmpty(), qPrintable(u"page %1 is empty"_s.arg(i + 1)));
            QVERIFY2(!heading.match(lines.last()).hasMatch(),
                     qPrintable(u"page %1 ends with the heading %2"_s.arg(i + 1).arg(lines.last())));
            QString page = lines.join(u' ').simplified();
            text += page + u' ';
            if (state == After)
                continue;
            if (state == Before) {
                const qsizetype at = page.indexOf(u"Findings "_s + header);
                if (at < 0)
                    continue;
                state = In;
                page = page.mid(at + 9 + header.size());
            } else if (page.startsWith(u"Finding details"_s)) {
                state = After; // the table ended with the page before
                continue;
            } else {
                QVERIFY2(
                    page.startsWith(header),
                    qPrintable(u"page %1 continues the findings table but starts with: %2"_s.arg(i + 1).arg(
                        page.left(200))));
                page = page.mid(header.size());
                ++continued;
            }
            const qsizetype end = page.indexOf(u"Finding details"_s);
            if (end >= 0) {
                page.truncate(end);
                state = After;
            }
            table += page + u' ';
        }
        QCOMPARE(state, After);
        QVERIFY2(continued >= 5, qPrintable(QString::number(continued)));

        // Names once each. The forged name's lines after a page break may come out of pdftotext
        // after the rest of its row: its pieces (k0000 … k0664) are counted instead.
        const QString tableText = compact(table);
        QStringList names{hugeUser()};
        for (int u = 0; u < kWideUsers; ++u)
            names << wideUser(u);
        for (const QString& name : names)
            QVERIFY2(
                tableText.count(name) == 1,
                qPrintable(u"%1 is %2 times in the findings table"_s.arg(name).arg(tableText.count(name))));
        QCOMPARE(tableText.count(u"forged-k0000-"_s), 1);
        QMap<QString, int> pieces;
        static const QRegularExpression piece(u"k\\d{4}"_s);
        for (auto it = piece.globalMatch(tableText); it.hasNext();)
            ++pieces[it.next().captured()];
        for (const QString& p : forgedUser().split(u'-').mid(1))
            QVERIFY2(
                pieces.value(p) == 1,
                qPrintable(u"%1 of the forged name is %2 times in the table"_s.arg(p).arg(pieces.value(p))));
        QCOMPARE(pieces.size(), forgedUser().count(u'-'));

        for (int u = 0; u < kWideUsers; ++u) {
            // The table shows the sensitive APIs, then the others up to six in all: the row ends there.
            const int shown = std::min(wideApis(u), 6 - wideSensitive(u));
            const int start = firstPage(pages, QRegularExpression(QRegularExpression::escape(wideUser(u))));
            const int end =
                firstPage(pages, QRegularExpression(QRegularExpression::escape(wideApi(u, shown - 1))));
            QVERIFY2(start >= 0 && start == end,
                     qPrintable(u"the row of %1 starts on page %2 and ends on page %3"_s.arg(wideUser(u))
                                    .arg(start + 1)
                                    .arg(end + 1)));
        }

        const qsizetype details = text.indexOf(u"Finding details"_s);
        const qsizetype detection = text.indexOf(u"Detection Name"_s, details);
        QVERIFY(details >= 0 && detection > details);
        QMap<QString, int> huge;
        static const QRegularExpression hugeName(u"\\bGetHugeThing\\d{4}\\b"_s);
        for (auto it = hugeName.globalMatch(QStringView(text).mid(details, detection - details));
             it.hasNext();)
            ++huge[it.next().captured()];
        for (int j = 0; j < kHugeApis; ++j)
            QVERIFY2(
                huge.value(hugeApi(j)) == 1,
                qPrintable(u"%1 is %2 times in the details"_s.arg(hugeApi(j)).arg(huge.value(hugeApi(j)))));
        QCOMPARE(huge.size(), kHugeApis);
    }

    // A report of a big load (kBulkUsers findings, counts in the millions): in the PDF's findings
    // table every number is on one line, the rank (four digits from 1,000 on) and the risk, events,
    // writes and failed counts ("12,346,677"); "not available" is broken only between its words.
    // Each row is read from the lines of pdftotext -layout: the rank beside the user name, the
    // counts on the row's first line under it ("not" of "not available" there, "available" on
    // the next line).
    void pdfNumbersWhole()
    {
        const QString logs = writeTemp(m_dir, u"bulk.jsonl"_s, bulkEvents());
        QVERIFY(!logs.isEmpty());
        ReportData data = load(logs);
        QCOMPARE(data.size(), std::size_t(kBulkUsers));
        setBulkCounts(data);
        const PdfDocument document = pdfReport(data);
        QVERIFY2(document.ok(), qPrintable(document.error));
        const QString pdf = writeTemp(m_dir, u"bulk.pdf"_s, document.bytes);
        QVERIFY(!pdf.isEmpty());
        QStringList lines = layoutLines(pdf);
        const auto details = std::find_if(lines.begin(), lines.end(), [](const QString& line) {
            return line.trimmed() == u"Finding details"_s;
        });
        QVERIFY(details != lines.end());
        lines.erase(details, lines.end());
        lines.removeIf([](const QString& line) { return line.trimmed().isEmpty(); });

        QMap<QString, qsizetype> nameLine; // user name -> its line in the findings table
        static const QRegularExpression nameRow(u"^\\s*(\\S+)\\s+(bulk-user-\\d{4})\\s*$"_s);
        for (qsizetype k = 0; k < lines.size(); ++k)
            if (const auto m = nameRow.match(lines[k]); m.hasMatch())
                nameLine.insert(m.captured(2), k);
        static const QRegularExpression countsRow(
            u"^\\s*(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+2026-01-02\\b"_s);
        static const QRegularExpression notAvailable(
            u"^\\s*available\\s+available\\s+available\\s+03:04:05\\b"_s);
        // Every row is checked; the test says how many are wrong and shows the first and last few.
        QStringList wrong;
        int imported = 0;
        for (std::size_t i = 0; i < data.size(); ++i) {
            const ReportFinding f = data.headline(i);
            const QString rank = QString::number(i + 1);
            if (!nameLine.contains(f.user)) {
                wrong << u"%1 (#%2) is not on a line with only its rank"_s.arg(f.user, rank);
                continue;
            }
            const qsizetype k = nameLine.value(f.user);
            const QString shown = QString(lines[k].simplified() + u" / "_s + lines.value(k + 1).simplified() +
                                          u" / "_s + lines.value(k + 2).simplified());
            if (nameRow.match(lines[k]).captured(1) != rank) {
                wrong << u"rank %1: %2"_s.arg(rank, shown);
                continue;
            }
            const QString unknown = u"not"_s;
            const QStringList expected{f.riskKnown ? QString::number(f.risk) : unknown, f.principalClass,
                                       reportNumber(f.count),
                                       f.riskKnown ? reportNumber(f.writeCalls) : unknown,
                                       f.riskKnown ? reportNumber(f.failedCalls) : unknown};
            if (countsRow.match(lines.value(k + 1)).capturedTexts().mid(1) != expected ||
                (!f.riskKnown && !notAvailable.match(lines.value(k + 2)).hasMatch()))
                wrong << u"counts of #%1 (%2): %3"_s.arg(rank, expected.join(u' '), shown);
            imported += f.riskKnown ? 0 : 1;
        }
        QVERIFY2(wrong.isEmpty(),
                 qPrintable(u"%1 of %2 rows: "_s.arg(wrong.size()).arg(data.size()) +
                            wrong.mid(0, 3).join(u"; "_s) + u" … "_s +
                            wrong.mid(std::max<qsizetype>(3, wrong.size() - 2)).join(u"; "_s)));
        QCOMPARE(imported, kBulkUsers / 3);
    }

    // The HTML: a name wraps only at <wbr/>, after a word's end, and its cell does not break words.
    void htmlNameMarkup()
    {
        const ReportData data = load(m_logs);
        const QString html = htmlReport(data);
        QVERIFY(html.contains(u"td.user { overflow-wrap: normal; }"_s));
        for (const User& u : users()) {
            const QString& marked = u.name; // nothing in these names needs escaping
            const QRegularExpression cell(
                u"<td class=\"mono user\"><a href=\"#f\\d+\">([^<]*(?:<wbr/>[^<]*)*)</a>"_s);
            bool found = false;
            for (auto it = cell.globalMatch(html); it.hasNext();) {
                const QString content = it.next().captured(1);
                if (QString(content).remove(u"<wbr/>"_s) != marked)
                    continue;
                found = true;
                qsizetype at = 0;
                for (const QString& piece : content.split(u"<wbr/>"_s)) {
                    at += piece.size();
                    if (at < marked.size())
                        QVERIFY2(endsWord(marked, at - 1), qPrintable(content));
                }
            }
            QVERIFY2(found, qPrintable(u.name));
        }
    }

    // The HTML as a browser prints it (headless Chromium, A4): names whole or broken at a word end.
    void htmlPrintedByABrowser()
    {
        const QString chromium = findChromium();
        if (chromium.isEmpty())
            QSKIP("no Chromium to print the HTML report with");
        const ReportData data = load(m_logs);
        const QString pdf = printed(chromium, htmlReport(data), u"printed"_s);
        QVERIFY(!pdf.isEmpty());
        checkNamesWhole(pdfPages(pdf));
    }

    // The HTML of a big load as a browser prints it: each row's rank and counts whole, on the row's
    // first line (the user name beside them may wrap at its word ends). A browser does not break a
    // number inside a findings cell (overflow-wrap: break-word, td.num nowrap); this keeps it so.
    void htmlNumbersWholeInABrowser()
    {
        const QString chromium = findChromium();
        if (chromium.isEmpty())
            QSKIP("no Chromium to print the HTML report with");
        ReportData data = load(writeTemp(m_dir, u"bulk-browser.jsonl"_s, bulkEvents()));
        QCOMPARE(data.size(), std::size_t(kBulkUsers));
        setBulkCounts(data);
        const QString pdf = printed(chromium, htmlReport(data), u"bulk-printed"_s);
        QVERIFY(!pdf.isEmpty());
        // rank, user (or its first piece), risk, class, events, writes, failed, first seen
        static const QRegularExpression row(
            u"^\\s*(\\S+)\\s+bulk-\\S*\\s+(\\S+)(?: available)?\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)(?: "
            u"available)?\\s+(\\S+)(?: available)?\\s+2026-"_s);
        QList<QStringList> rows;
        for (const QString& line : layoutLines(pdf))
            if (const auto m = row.match(line); m.hasMatch())
                rows << m.capturedTexts().mid(1);
        QStringList wrong;
        for (std::size_t i = 0; i < data.size(); ++i) {
            const ReportFinding f = data.headline(i);
            const QString unknown = u"not"_s;
            const QStringList expected{QString::number(i + 1),
                                       f.riskKnown ? QString::number(f.risk) : unknown,
                                       f.principalClass,
                                       reportNumber(f.count),
                                       f.riskKnown ? reportNumber(f.writeCalls) : unknown,
                                       f.riskKnown ? reportNumber(f.failedCalls) : unknown};
            const QStringList shown = rows.value(static_cast<qsizetype>(i));
            if (shown != expected)
                wrong << u"#%1 is %2, not %3"_s.arg(i + 1).arg(shown.join(u' '), expected.join(u' '));
        }
        QVERIFY2(wrong.isEmpty(), qPrintable(u"%1 of %2 rows: "_s.arg(wrong.size()).arg(data.size()) +
                                             wrong.mid(0, 3).join(u"; "_s)));
        QCOMPARE(rows.size(), kBulkUsers);
    }
};

QTEST_MAIN(TestReportPaper)
#include "tst_reportpaper.moc"
