// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/dialogs/detectionhelpdialog.h"

#include <QDialogButtonBox>
#include <QTabWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace tw {

namespace {

QTextBrowser* page(const QString& html)
{
    auto* browser = new QTextBrowser;
    browser->setOpenExternalLinks(false);
    browser->setHtml(html);
    return browser;
}

} // namespace

DetectionHelpDialog::DetectionHelpDialog(QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("About the Detection"));

    const QString detection =
        tr("<h3>AWS API activity from unapproved accounts</h3>"
           "<p>TrailWarden runs the Splunk security_content detection <i>Detect AWS API Activities From "
           "Unapproved Accounts</i> (MITRE ATT&amp;CK T1078.004, Cloud Accounts) over CloudTrail logs:</p>"
           "<ol>"
           "<li>Keep the API calls that <b>succeeded</b> (errorCode is <tt>success</tt>).</li>"
           "<li>Name the caller (<tt>userName</tt>, see the next tab).</li>"
           "<li>Drop callers on the <b>identity list</b> (<tt>identity_lookup_expanded</tt>: the people "
           "of the organisation) and on the <b>approved accounts</b> list "
           "(<tt>aws_service_accounts.csv</tt>: service accounts someone has vouched for).</li>"
           "<li>Report every remaining caller with the number of calls, the first and last time and "
           "the distinct API names.</li>"
           "</ol>"
           "<p>Names compare without case, and <tt>*</tt> in a list entry is a wildcard "
           "(<tt>svc-*</tt>). Times are UTC, as Splunk's <tt>security_content_ctime</tt> prints them.</p>"
           "<p><b>What to do with a finding.</b> A legitimate service account (an AWS service role, a "
           "CI/CD role, an integration user) is <b>approved</b> with a reason: it is written to the "
           "approved-accounts CSV at once and leaves the table. A person, <tt>root</tt>, or anything you "
           "cannot explain stays: that is what the detection is for. Approvals can be undone "
           "(Ctrl+Z).</p>"
           "<p>Splunk uses only the first 10,000 rows of each list; TrailWarden reads them all and warns "
           "when a list is longer.</p>");

    const QString rules =
        tr("<h3>How each event's fields are derived</h3>"
           "<p><b>Add-on 7.x rules</b> (Splunk Add-on for AWS 7.x, the default):</p>"
           "<ul>"
           "<li><tt>errorCode</tt>: the record's <tt>errorCode</tt> if not empty; else <tt>failure</tt> "
           "for a failed console login; else <tt>success</tt>.</li>"
           "<li><tt>userName</tt>: the first non-empty of <tt>userIdentity.userName</tt>, "
           "<tt>requestParameters.sourceIdentity</tt>, "
           "<tt>userIdentity.sessionContext.sessionIssuer.userName</tt>; else the last part of "
           "<tt>userIdentity.arn</tt> (<tt>arn:aws:iam::1111:root</tt> gives <tt>root</tt>), or of "
           "<tt>requestParameters.roleArn</tt> when there is no ARN. So an SSO user appears as the "
           "permission-set role (<tt>AWSReservedSSO_…</tt>), not as the person.</li>"
           "</ul>"
           "<p><b>Legacy rules</b> (Add-on 1.x): <tt>userName</tt> is "
           "<tt>userIdentity.userName</tt>, else the session issuer's user name, else <tt>root</tt>; "
           "<tt>errorCode</tt> is the record's, else <tt>success</tt>. Use them to compare with an old "
           "Splunk deployment. Switching rules re-runs the detection from memory.</p>"
           "<p><b>Input.</b> S3 delivery folders, CloudTrail Lake / Athena / SIEM exports as JSON lines, "
           "<tt>lookup-events</tt> output and EventBridge envelopes, gzipped or not. Digest and Insight "
           "files are skipped. The same event delivered twice counts once (key: eventID, eventTime, "
           "eventName). A record without a readable <tt>eventTime</tt> is counted as malformed; a file "
           "that cannot be read is listed under Load Problems and the rest still loads.</p>");

    auto* tabs = new QTabWidget;
    tabs->addTab(page(detection), tr("&The Detection"));
    tabs->addTab(page(rules), tr("&Field Rules"));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(tabs);
    layout->addWidget(buttons);
    resize(640, 520);
}

} // namespace tw
