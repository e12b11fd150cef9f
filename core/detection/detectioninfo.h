// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

namespace tw {

// The Splunk detection this tool reproduces (docs/detection.md, The search), as reports cite it.
namespace DetectionInfo {
inline constexpr char16_t kName[] = u"Detect AWS API Activities From Unapproved Accounts";
inline constexpr char16_t kId[] = u"ada0f478-84a8-4641-a3f1-d82362d4bd55";
inline constexpr char16_t kMitre[] = u"T1078.004 (Cloud Accounts)";
inline constexpr char16_t kType[] = u"Hunting";
inline constexpr int kRiskScore = 25;
inline constexpr int kImpact = 50;
inline constexpr int kConfidence = 50;
inline constexpr char16_t kSpl[] =
    u"`cloudtrail` errorCode=success\n"
    u"| rename userName as identity\n"
    u"| search NOT [| inputlookup identity_lookup_expanded | fields identity]\n"
    u"| search NOT [| inputlookup aws_service_accounts | fields identity]\n"
    u"| rename identity as user\n"
    u"| stats count min(_time) as firstTime max(_time) as lastTime "
    u"values(eventName) as eventName by user\n"
    u"| `security_content_ctime(firstTime)`\n"
    u"| `security_content_ctime(lastTime)`\n"
    u"| `detect_aws_api_activities_from_unapproved_accounts_filter`";
} // namespace DetectionInfo

} // namespace tw
