// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/lists/approvaloptions.h"

#include <vector>

namespace tw {

struct EventStore;
struct ActivityTable;

// Every user of the loaded data, as a wildcard entry is checked against (checkPattern): the name, its
// class and, for root, a person or an admin-like user, why it needs a second look ("person: 3 console
// logins"). In the table's order (by name). The same rules as the Approve dialog's confirmation.
std::vector<ObservedUser> observedUsers(const EventStore& store, const ActivityTable& activity);

} // namespace tw
