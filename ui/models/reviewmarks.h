// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/detection/newsince.h"

#include <QDateTime>
#include <QHash>
#include <QString>

#include <cstddef>

namespace tw {

// What the findings table shows of the review file (docs/detection.md, New since last review):
// per finding, whether it is new and what is new, its triage, and who changed the triage when. An
// immutable snapshot built by ReviewController from the file and the current result, keyed by the
// user's string id in the result's store.
struct ReviewMark
{
    FindingReview review;
    QString changedBy;
    QDateTime changedAt;
};

struct ReviewMarks
{
    QString path; // the review file
    QHash<quint32, ReviewMark> byUser;
    std::size_t newCount = 0;

    const ReviewMark* find(quint32 user) const
    {
        const auto it = byUser.constFind(user);
        return it == byUser.cend() ? nullptr : &*it;
    }
};

} // namespace tw
