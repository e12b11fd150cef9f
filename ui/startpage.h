// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QWidget>

class QLabel;

namespace tw {

// The empty state: what to open when nothing is loaded, "Loading …" while the first load runs, and
// what was read when a load read no event (never an empty table that looks like "0 findings").
// It only asks: the window decides what opening means.
class StartPage : public QWidget
{
    Q_OBJECT
public:
    // offerSample: a button for the bundled sample (only when the program has one).
    explicit StartPage(bool offerSample, QWidget* parent = nullptr);

    void showNothingLoaded();
    // While a load runs: the title names the folder, and the open buttons give way to a line
    // pointing at the progress (a click on them would cancel the load that is running).
    void showLoading(const QString& folderName);
    // text is plain (it holds file names from disk, never markup).
    void showNothingRead(const QString& text);

Q_SIGNALS:
    void openFolderRequested();
    void openFilesRequested();
    void openSampleRequested();

private:
    QLabel* m_title = nullptr;
    QLabel* m_text = nullptr;
    QWidget* m_buttons = nullptr;
};

} // namespace tw
