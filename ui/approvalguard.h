// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

class QWidget;

namespace tw {

// Keeps names that cannot be approved as written out of an approval: a name with '*' would be a
// wildcard in the approved list and approve other users too (isLiteralApprovable). When the request
// holds such names, a warning dialog says which and why (plain text, invisible characters shown)
// before anything is written. Returns the names that can be approved, in their order.
QStringList withoutWildcardNames(QWidget* parent, const QStringList& identities);

} // namespace tw
