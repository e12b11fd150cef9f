// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/detection/approvalscope.h"

#include "core/detection/detection.h"
#include "core/detection/principalclass.h"
#include "core/ingest/eventstore.h"

using namespace Qt::StringLiterals;

namespace tw {

std::vector<ObservedUser> observedUsers(const EventStore& store, const ActivityTable& activity)
{
    std::vector<ObservedUser> out;
    out.reserve(activity.users.size());
    for (const UserActivity& a : activity.users) {
        ObservedUser user{store.qstr(a.user), principalClassName(a.principal.cls), {}};
        const PrincipalVerdict& v = a.principal;
        QStringList why;
        if (v.cls == PrincipalClass::Root || v.cls == PrincipalClass::Person)
            why << user.className + u": "_s + v.evidence;
        else if (isRootName(user.name))
            why << u"root: named root"_s;
        if (v.adminLike)
            why << u"administrator access: "_s + v.adminEvidence;
        user.guard = why.join(u"; "_s);
        out.push_back(std::move(user));
    }
    return out;
}

} // namespace tw
